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

    # The seed MNIST CNN's shape (docs/BENCHMARKS.md), for the import benchmark: GenNet compiled from this file vs ORT on it.
    mnist = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(1600, 10), nn.Softmax(dim=1))
    cases.append(export("mnist_cnn_torch", mnist, torch.randn(1, 1, 28, 28), 17))

    # Files the import must refuse with a diagnostic naming the node (no expected outputs).
    class Residual(nn.Module):
        def __init__(self):
            super().__init__()
            self.a = nn.Linear(4, 4)

        def forward(self, x):
            return self.a(x) + x

    bad = [("bad_residual", Residual(), torch.randn(1, 4), 13, None),
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
