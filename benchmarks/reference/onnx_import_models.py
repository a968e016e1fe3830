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


def export(name, model, example, opset, training=torch.onnx.TrainingMode.EVAL):
    model.eval()
    path = os.path.join(OUT, name + ".onnx")
    torch.onnx.export(model, example, path, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=opset, do_constant_folding=True,
                      training=training)
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

    # Recurrent layers as PyTorch writes them (batch_first: Transpose, the op with zero initial states sized from Shape(x),
    # Squeeze/Transpose back): an LSTM's last step, a GRU's h[0], a SimpleRNN's whole sequence flattened, stacked LSTMs.
    class LastStepLstm(nn.Module):
        def __init__(self):
            super().__init__()
            self.first = nn.LSTM(3, 6, batch_first=True)
            self.second = nn.LSTM(6, 5, batch_first=True)
            self.head = nn.Linear(5, 2)

        def forward(self, x):
            y, _ = self.first(x)
            y, _ = self.second(y)
            return self.head(y[:, -1, :])

    class LastStateGru(nn.Module):
        def __init__(self):
            super().__init__()
            self.gru = nn.GRU(3, 5, batch_first=True)
            self.head = nn.Linear(5, 3)

        def forward(self, x):
            _, h = self.gru(x)
            return torch.softmax(self.head(h[0]), dim=1)

    class SequenceRnn(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = nn.RNN(3, 4, batch_first=True)
            self.head = nn.Linear(4 * 7, 2)

        def forward(self, x):
            y, _ = self.rnn(x)
            return torch.sigmoid(self.head(y.flatten(1)))

    cases.append(export("lstm_torch", LastStepLstm(), torch.randn(1, 7, 3), 17))
    cases.append(export("gru_torch", LastStateGru(), torch.randn(1, 7, 3), 17))
    cases.append(export("rnn_torch", SequenceRnn(), torch.randn(1, 7, 3), 17))

    # The seed MNIST CNN's shape (docs/BENCHMARKS.md), for the import benchmark: GenNet compiled from this file vs ORT on it.
    mnist = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(1600, 10), nn.Softmax(dim=1))
    cases.append(export("mnist_cnn_torch", mnist, torch.randn(1, 1, 28, 28), 17))

    # bidirectional=True as PyTorch writes it (one op, direction="bidirectional"; Y merged by Transpose [0, 2, 1, 3] +
    # Reshape [0, 0, -1]): an LSTM read through torch.cat([h[-2], h[-1]]) (Keras' Bidirectional without
    # return_sequences), two stacked bidirectional GRU layers (num_layers=2) whose whole sequence is flattened, and a
    # bidirectional RNN's sequence into a forward LSTM read at its last step. Seeded on their own, and the generator's
    # state restored after them, so every other file stays as it was.
    state = torch.get_rng_state()
    torch.manual_seed(1)

    class BiLstm(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(3, 4, batch_first=True, bidirectional=True)
            self.head = nn.Linear(8, 2)

        def forward(self, x):
            _, (h, _) = self.lstm(x)
            return self.head(torch.cat([h[-2], h[-1]], dim=1))

    class BiGru(nn.Module):
        def __init__(self):
            super().__init__()
            self.gru = nn.GRU(3, 4, num_layers=2, batch_first=True, bidirectional=True)
            self.head = nn.Linear(8 * 6, 3)

        def forward(self, x):
            y, _ = self.gru(x)
            return torch.softmax(self.head(y.flatten(1)), dim=1)

    class BiRnnLstm(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = nn.RNN(3, 5, batch_first=True, bidirectional=True)
            self.lstm = nn.LSTM(10, 4, batch_first=True)
            self.head = nn.Linear(4, 1)

        def forward(self, x):
            y, _ = self.rnn(x)
            y, _ = self.lstm(y)
            return torch.sigmoid(self.head(y[:, -1, :]))

    cases.append(export("bilstm_torch", BiLstm(), torch.randn(1, 7, 3), 17))
    cases.append(export("bigru_torch", BiGru(), torch.randn(1, 6, 3), 17))
    cases.append(export("birnn_torch", BiRnnLstm(), torch.randn(1, 5, 3), 17))
    torch.set_rng_state(state)

    # The "CNN with padding=1 + BatchNorm + AdaptiveAvgPool" as one model (its own seed; the RNG state around it is
    # kept, so the files below do not change).
    state = torch.get_rng_state()
    torch.manual_seed(11)
    padded = nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 12, 3, padding=1), nn.BatchNorm2d(12), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
        nn.Flatten(), nn.Linear(12, 5), nn.Softmax(dim=1))
    with torch.no_grad():
        for bn in (padded[1], padded[5]):
            bn.running_mean.uniform_(-0.5, 0.5)
            bn.running_var.uniform_(0.5, 2.0)
            bn.weight.uniform_(0.5, 1.5)
            bn.bias.uniform_(-0.2, 0.2)
    cases.append(export("padded_bn_gap_torch", padded, torch.randn(1, 3, 12, 12), 17))
    torch.set_rng_state(state)

    # BatchNormalization kept after each convolution, for the generator's own folding (BatchNormFolding). In EVAL mode
    # (the default) torch 1.13's exporter folds every Conv → BatchNorm pair into the Conv itself (its eval peephole runs
    # whatever do_constant_folding says); TrainingMode.PRESERVE on a model in eval mode skips that pass and writes each
    # BatchNormalization node with training_mode 0, the moving statistics as its inputs. Conv → BN → ReLU, Conv → BN →
    # ReLU6 (Clip), and a bias-free Conv → BN with no activation; non-trivial statistics, as a trained model has.
    state = torch.get_rng_state()
    torch.manual_seed(23)
    kept = nn.Sequential(
        nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU6(), nn.MaxPool2d(2),
        nn.Conv2d(32, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 10), nn.Softmax(dim=1))
    with torch.no_grad():
        for bn in (kept[1], kept[5], kept[9]):
            bn.running_mean.uniform_(-0.5, 0.5)
            bn.running_var.uniform_(0.5, 2.0)
            bn.weight.uniform_(0.5, 1.5)
            bn.bias.uniform_(-0.2, 0.2)
    cases.append(export("bn_kept_torch", kept, torch.randn(1, 3, 24, 24), 17, training=torch.onnx.TrainingMode.PRESERVE))
    torch.set_rng_state(state)

    # Files the import must refuse with a diagnostic naming the node (no expected outputs).
    class Scaled(nn.Module):
        def __init__(self):
            super().__init__()
            self.a = nn.Linear(4, 4)

        def forward(self, x):
            return self.a(x) * 2.0

    class BiLastStep(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(3, 4, batch_first=True, bidirectional=True)

        def forward(self, x):
            y, _ = self.lstm(x)
            return y[:, -1, :]

    bad = [("bad_scale", Scaled(), torch.randn(1, 4), 13, None),
           ("bad_hardtanh", nn.Sequential(nn.Linear(4, 4), nn.Hardtanh(-2.0, 2.0)), torch.randn(1, 4), 13, None),
           ("bad_opset11", nn.Sequential(nn.Linear(4, 2)), torch.randn(1, 4), 11, None),
           ("bad_dynamic", nn.Sequential(nn.Conv2d(1, 2, 3), nn.Flatten()), torch.randn(1, 1, 8, 8), 13, {"x": {0: "batch", 2: "height"}}),
           ("bad_bidirectional_step", BiLastStep(), torch.randn(1, 5, 3), 17, None)]
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
