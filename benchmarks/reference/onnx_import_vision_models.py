"""Writes the ONNX files of the vision-layer [OnnxModel] import tests (tests/onnx/*_vision_torch.onnx), exported by
PyTorch's own exporter, and torch's outputs on fixed inputs (tests/onnx/expected_vision.json): depthwise, grouped and
per-axis strided/dilated convolutions, and transposed convolutions whose pads Keras' 'same'/'valid' + output_padding
give, and ones only a Cropping2D after a 'valid' layer gives (PyTorch's padding=1, output_padding=1).

    /usr/bin/python3 benchmarks/reference/onnx_import_vision_models.py

Not a product dependency: the files are checked in (a few KB each), so CI needs no Python.
"""
import json
import os

import torch
import torch.nn as nn

from onnx_import_models import OUT, export


def main():
    torch.manual_seed(1)
    cases = []

    # A MobileNet block: a strided stem, depthwise 3×3 (multiplier 1 and 2), BatchNorm, ReLU6, pointwise 1×1, a grouped
    # and per-axis dilated convolution, global average pooling, a classifier.
    mobile = nn.Sequential(
        nn.Conv2d(3, 6, 3, stride=(2, 1), padding=1), nn.ReLU6(),
        nn.Conv2d(6, 6, 3, padding=1, groups=6), nn.BatchNorm2d(6), nn.ReLU6(),
        nn.Conv2d(6, 8, 1), nn.ReLU(),
        nn.Conv2d(8, 16, (3, 2), stride=(1, 2), groups=8),
        nn.Conv2d(16, 8, 3, padding=(2, 1), dilation=(2, 1), groups=2), nn.Tanh(),
        nn.MaxPool2d((2, 1), stride=(2, 1)),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 4), nn.Softmax(dim=1))
    with torch.no_grad():
        bn = mobile[3]
        bn.running_mean.uniform_(-0.5, 0.5)
        bn.running_var.uniform_(0.5, 2.0)
        bn.weight.uniform_(0.5, 1.5)
        bn.bias.uniform_(-0.2, 0.2)
    cases.append(export("mobile_vision_torch", mobile, torch.randn(1, 3, 10, 9), 17))

    # Transposed convolutions: PyTorch's usual up-sampling (k 3, s 2, padding 1, output_padding 1: a crop at the top that
    # Keras' 'same' puts at the bottom, so a 'valid' layer and a Cropping2D), per-axis strides and dilations with no padding
    # (Keras' 'valid'), and an even kernel whose padding 1 equals Keras' 'same' at stride 2.
    decoder = nn.Sequential(
        nn.Conv2d(2, 4, 3, stride=2, padding=1), nn.ReLU(),
        nn.ConvTranspose2d(4, 3, 3, stride=2, padding=1, output_padding=1), nn.Sigmoid(),
        nn.ConvTranspose2d(3, 3, (2, 3), stride=(1, 2), dilation=(2, 1)), nn.Tanh(),
        nn.ConvTranspose2d(3, 2, 4, stride=2, padding=1, bias=False),
        nn.Flatten(), nn.Linear(2 * 24 * 34, 3))
    cases.append(export("decoder_vision_torch", decoder, torch.randn(1, 2, 9, 7), 17))

    with open(os.path.join(OUT, "expected_vision.json"), "w") as f:
        json.dump({"generator": "benchmarks/reference/onnx_import_vision_models.py", "torch": torch.__version__, "cases": cases}, f, indent=1)
    for c in cases:
        print(c["file"], os.path.getsize(os.path.join(OUT, c["file"])), "bytes")


if __name__ == "__main__":
    main()
