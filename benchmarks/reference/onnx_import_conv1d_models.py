"""Writes the 1-D convolution ONNX files the [OnnxModel] import tests compile (tests/onnx/conv1d_*.onnx), exported by
PyTorch's own exporter (torch.onnx.export, Debian's python3-torch 1.13, opset 17), and torch's outputs on fixed inputs
(tests/onnx/expected_conv1d.json, inputs in GenNet's (steps, channels) layout).

    /usr/bin/python3 benchmarks/reference/onnx_import_conv1d_models.py

Models, each the way PyTorch code writes a Conv1d network:
* conv1d_torch: the issue's "Conv1D net", a classifier reading (batch, channels, steps): Conv1d with padding 'same',
  ReLU, MaxPool1d, a dilated Conv1d, Tanh, BatchNorm1d (kept: it follows the activation, so torch cannot fold it), AvgPool1d,
  a strided Conv1d, AdaptiveAvgPool1d(1) (GlobalAveragePool), squeeze(-1), Linear, Softmax.
* conv1d_seq_torch: a batch_first sequence (batch, steps, features) read through x.transpose(1, 2), two Conv1d, a
  MaxPool1d with its own stride, x.transpose(1, 2) back, x.mean(dim=1) and x.amax(dim=1) (ReduceMean, ReduceMax over
  the steps) concatenated into a Linear.
* conv1d_flat_torch: Conv1d, ReLU, Flatten of the sequence (ONNX's (c, steps) order: the Linear's rows are re-ordered),
  Linear, Sigmoid.
* conv1d_pad_torch (import6): Conv1d(padding=2) on a 3-step kernel and F.pad(x, (1, 2)): ZeroPadding1D + 'valid' Conv1D.
* conv1d_groups_torch (import6): grouped and depthwise Conv1d (Conv1D Groups).
Not a product dependency: the files are checked in (a few KB each), so CI needs no Python.
"""
import json
import os

import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "onnx")


def export(name, model, example, channels_first):
    model.eval()
    path = os.path.join(OUT, name + ".onnx")
    torch.onnx.export(model, example, path, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=17, do_constant_folding=True)
    g = torch.Generator().manual_seed(7)
    x = torch.randn((3,) + tuple(example.shape[1:]), generator=g)
    with torch.no_grad():
        y = model(x)
    # GenNet reads sequences as (steps, channels): a (batch, channels, steps) input is stored transposed.
    x_genet = x.permute(0, 2, 1) if channels_first else x
    return {"file": name + ".onnx", "opset": 17, "input_shape": list(x_genet.shape[1:]),
            "x": x_genet.reshape(-1).tolist(), "y": y.reshape(-1).tolist(), "output_size": int(y.shape[1])}


class Conv1dNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv1d(4, 8, 5, padding=2)
        self.c2 = nn.Conv1d(8, 12, 3, padding=2, dilation=2)
        self.bn = nn.BatchNorm1d(12)
        self.c3 = nn.Conv1d(12, 16, 3, stride=2)
        self.head = nn.Linear(16, 5)

    def forward(self, x):
        x = nn.functional.max_pool1d(torch.relu(self.c1(x)), 2)
        x = nn.functional.avg_pool1d(self.bn(torch.tanh(self.c2(x))), 2)
        x = nn.functional.adaptive_avg_pool1d(torch.relu(self.c3(x)), 1)
        return torch.softmax(self.head(x.squeeze(-1)), dim=1)


class SequenceConv(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv1d(3, 6, 3, padding=1)
        self.c2 = nn.Conv1d(6, 8, 3)
        self.head = nn.Linear(16, 3)

    def forward(self, x):
        x = torch.relu(self.c1(x.transpose(1, 2)))
        x = nn.functional.max_pool1d(x, 3, stride=2)
        x = nn.functional.elu(self.c2(x)).transpose(1, 2)
        return self.head(torch.cat([x.mean(dim=1), x.amax(dim=1)], dim=1))


class FlatConv(nn.Module):
    def __init__(self):
        super().__init__()
        self.c = nn.Conv1d(2, 4, 3)
        self.head = nn.Linear(4 * 14, 3)

    def forward(self, x):
        return torch.sigmoid(self.head(torch.relu(self.c(x)).flatten(1)))


class PaddedConv(nn.Module):
    """Pads no Keras padding of a Conv1D gives: torch's padding=2 on a 3-step kernel (ONNX pads [2, 2]) and an asymmetric
    F.pad(x, (1, 2)) (an ONNX Pad) before a strided Conv1d."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv1d(3, 8, 3, padding=2)
        self.c2 = nn.Conv1d(8, 8, 3, stride=2)
        self.head = nn.Linear(8, 4)

    def forward(self, x):
        x = torch.relu(self.c1(x))
        x = torch.tanh(self.c2(nn.functional.pad(x, (1, 2))))
        return torch.softmax(self.head(nn.functional.adaptive_avg_pool1d(x, 1).squeeze(-1)), dim=1)


class GroupedConv(nn.Module):
    """Grouped 1-D convolutions: groups=2 with padding 'same', a depthwise one (groups = channels, multiplier 1) with
    padding=2 on a 5-step kernel (Keras' 'same'), a pointwise one, flattened into a Linear."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv1d(4, 8, 3, padding=1, groups=2)
        self.c2 = nn.Conv1d(8, 8, 5, padding=2, groups=8)
        self.c3 = nn.Conv1d(8, 6, 1)
        self.head = nn.Linear(6 * 12, 3)

    def forward(self, x):
        x = torch.relu(self.c1(x))
        x = self.c3(nn.functional.relu6(self.c2(x)))
        return self.head(x.flatten(1))


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(14)
    net = Conv1dNet()
    with torch.no_grad():
        # Running statistics as a trained model has them.
        net.bn.running_mean.uniform_(-0.5, 0.5)
        net.bn.running_var.uniform_(0.5, 2.0)
        net.bn.weight.uniform_(0.5, 1.5)
        net.bn.bias.uniform_(-0.2, 0.2)
    cases = [export("conv1d_torch", net, torch.randn(1, 4, 32), channels_first=True),
             export("conv1d_seq_torch", SequenceConv(), torch.randn(1, 20, 3), channels_first=False),
             export("conv1d_flat_torch", FlatConv(), torch.randn(1, 2, 16), channels_first=True)]
    # import6: 1-D pads that need a ZeroPadding1D, and grouped Conv1d. Their own seed (the RNG state around them is kept,
    # so the files below do not change); appended, so the cases above keep their values.
    state = torch.get_rng_state()
    torch.manual_seed(61)
    cases += [export("conv1d_pad_torch", PaddedConv(), torch.randn(1, 3, 16), channels_first=True),
              export("conv1d_groups_torch", GroupedConv(), torch.randn(1, 4, 12), channels_first=True)]
    torch.set_rng_state(state)
    # Refused by import5 with a diagnostic naming node, op and attribute (stride 2 with padding 1 on 16 steps pads [1, 1],
    # Keras' 'same' [0, 1], and there was no ZeroPadding1D; Conv1D had no groups); import6 imports both, the pads as a
    # ZeroPadding1D before a 'valid' Conv1D, the groups as Conv1D(Groups = 2). The names are kept, so the files stay.
    bad = [("bad_conv1d_pads", nn.Sequential(nn.Conv1d(2, 4, 3, stride=2, padding=1), nn.Flatten()), torch.randn(1, 2, 16)),
           ("bad_conv1d_groups", nn.Sequential(nn.Conv1d(4, 4, 3, groups=2), nn.Flatten()), torch.randn(1, 4, 16))]
    for name, model, example in bad:
        model.eval()
        torch.onnx.export(model, example, os.path.join(OUT, name + ".onnx"), input_names=["x"], output_names=["y"],
                          dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=17)
    with open(os.path.join(OUT, "expected_conv1d.json"), "w") as f:
        json.dump({"generator": "benchmarks/reference/onnx_import_conv1d_models.py", "torch": torch.__version__, "cases": cases}, f, indent=1)
    for c in cases:
        print(c["file"], os.path.getsize(os.path.join(OUT, c["file"])), "bytes")


if __name__ == "__main__":
    main()
