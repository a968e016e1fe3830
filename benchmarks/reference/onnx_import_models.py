"""Writes the ONNX files the [OnnxModel] import tests compile (tests/onnx/), exported by PyTorch's own
exporter (torch.onnx.export, Debian's python3-torch), and torch's outputs on fixed inputs as the expected values.

    /usr/bin/python3 benchmarks/reference/onnx_import_models.py

Not a product dependency: the files are checked in (each well under 1 MB), so CI needs no Python.
"""
import json
import os

import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "onnx")


def export(name, model, example, opset):
    model.eval()
    path = os.path.join(OUT, name + ".onnx")
    torch.onnx.export(model, example, path, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=opset, do_constant_folding=True)
    g = torch.Generator().manual_seed(7)
    x = torch.randn((3,) + tuple(example.shape[1:]), generator=g)
    with torch.no_grad():
        y = model(x)
    # Images are stored channels-last (NHWC), the layout the imported GenNet model reads.
    x_genet = x.permute(0, 2, 3, 1) if x.dim() == 4 else x
    return {"file": name + ".onnx", "opset": opset, "input_shape": list(x_genet.shape[1:]),
            "x": x_genet.reshape(-1).tolist(), "y": y.reshape(-1).tolist(), "output_size": int(y.shape[1])}


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    cases = []

    mlp = nn.Sequential(nn.Flatten(), nn.Linear(20, 16), nn.ReLU(), nn.Linear(16, 8), nn.Tanh(), nn.Linear(8, 4), nn.Softmax(dim=1))
    cases.append(export("mlp_torch", mlp, torch.randn(1, 20), 13))

    cnn = nn.Sequential(
        nn.Conv2d(3, 8, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 12, 3, padding=1), nn.BatchNorm2d(12), nn.ReLU(), nn.AvgPool2d(2),
        nn.Flatten(), nn.Linear(12 * 3 * 3, 10), nn.LogSoftmax(dim=1))
    # BatchNorm with non-trivial running statistics, as a trained model has.
    with torch.no_grad():
        bn = cnn[4]
        bn.running_mean.uniform_(-0.5, 0.5)
        bn.running_var.uniform_(0.5, 2.0)
        bn.weight.uniform_(0.5, 1.5)
        bn.bias.uniform_(-0.2, 0.2)
    cases.append(export("cnn_torch", cnn, torch.randn(1, 3, 14, 14), 17))

    gap = nn.Sequential(nn.Conv2d(2, 6, 3, stride=2, padding=1), nn.ReLU6(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(6, 3), nn.Sigmoid())
    cases.append(export("gap_torch", gap, torch.randn(1, 2, 9, 9), 13))

    # A graph with branches: a residual block (Add), two branches concatenated on the channels, explicit and asymmetric
    # zero padding (the 2×2 convolution's, cropped back by a Slice), nearest up-sampling, LeakyReLU with its own slope, PReLU per channel, ReLU6 → Functional.
    class Branchy(nn.Module):
        def __init__(self):
            super().__init__()
            self.stem = nn.Conv2d(3, 8, 3, padding=1)
            self.c1 = nn.Conv2d(8, 8, 3, padding=1)
            self.b1 = nn.BatchNorm2d(8)
            self.c2 = nn.Conv2d(8, 8, 3, padding=1)
            self.left = nn.Conv2d(8, 4, 1)
            self.right = nn.Conv2d(8, 6, 2, padding=1)  # pads [1, 1, 1, 1]: not Keras' 'same' for a 2×2 kernel
            self.pad2 = nn.Conv2d(10, 6, 3, padding=2)
            self.prelu = nn.PReLU(6)
            self.head = nn.Linear(6, 5)

        def forward(self, x):
            x = torch.relu(self.stem(x))
            y = torch.relu(self.b1(self.c1(x)))
            x = torch.relu(x + self.c2(y))
            x = torch.cat([nn.functional.leaky_relu(self.left(x), 0.1), nn.functional.relu6(self.right(x)[:, :, 1:, 1:])], dim=1)
            x = nn.functional.interpolate(x, scale_factor=2, mode="nearest")
            x = self.prelu(self.pad2(x))
            x = nn.functional.max_pool2d(x, 2)
            x = x.mean(dim=(2, 3)) if False else nn.functional.adaptive_avg_pool2d(x, 1).flatten(1)
            return torch.softmax(self.head(x), dim=1)

    branchy = Branchy()
    with torch.no_grad():
        branchy.b1.running_mean.uniform_(-0.3, 0.3)
        branchy.b1.running_var.uniform_(0.5, 1.5)
        branchy.prelu.weight.uniform_(0.05, 0.4)
    cases.append(export("branchy_torch", branchy, torch.randn(1, 3, 6, 6), 17))

    # The seed MNIST CNN's shape (docs/BENCHMARKS.md), for the import benchmark: GenNet compiled from this file vs ORT on it.
    mnist = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(1600, 10), nn.Softmax(dim=1))
    cases.append(export("mnist_cnn_torch", mnist, torch.randn(1, 1, 28, 28), 17))

    # Files the import must refuse with a diagnostic naming the node (no expected outputs).
    class Scaled(nn.Module):
        def __init__(self):
            super().__init__()
            self.a = nn.Linear(4, 4)

        def forward(self, x):
            return self.a(x) * 2.0

    bad = [("bad_scale", Scaled(), torch.randn(1, 4), 13, None),
           ("bad_hardtanh", nn.Sequential(nn.Linear(4, 4), nn.Hardtanh(-2.0, 2.0)), torch.randn(1, 4), 13, None),
           ("bad_opset11", nn.Sequential(nn.Linear(4, 2)), torch.randn(1, 4), 11, None),
           ("bad_dynamic", nn.Sequential(nn.Conv2d(1, 2, 3), nn.Flatten()), torch.randn(1, 1, 8, 8), 13, {"x": {0: "batch", 2: "height"}})]
    for name, model, example, opset, axes in bad:
        model.eval()
        torch.onnx.export(model, example, os.path.join(OUT, name + ".onnx"), input_names=["x"], output_names=["y"],
                          dynamic_axes=axes or {"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=opset)

    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump({"generator": "benchmarks/reference/onnx_import_models.py", "torch": torch.__version__, "cases": cases}, f, indent=1)
    for c in cases:
        print(c["file"], os.path.getsize(os.path.join(OUT, c["file"])), "bytes")


if __name__ == "__main__":
    main()
