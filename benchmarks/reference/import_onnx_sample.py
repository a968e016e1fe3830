"""Trains the small Fashion-MNIST CNN that samples/ImportOnnx imports, in PyTorch, and exports it with PyTorch's own
exporter (torch.onnx.export, Debian's python3-torch): the model a PyTorch user brings to GenNet.

    /usr/bin/python3 benchmarks/reference/import_onnx_sample.py

Writes samples/ImportOnnx/fashion_cnn_torch.onnx (about 0.4 MB, checked in so that the sample needs no Python) and
fashion_cnn_torch.json (what torch measured: test accuracy and the probabilities of the first test images).
Not a product dependency.
"""
import gzip
import json
import os

import numpy as np
import torch
import torch.nn as nn

DATA = "/usr/share/datasets/fashion-mnist"
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "samples", "ImportOnnx")
EPOCHS, BATCH, SEED = 2, 128, 1


def idx(name):
    with gzip.open(os.path.join(DATA, name)) as f:
        data = f.read()
    if data[2] == 8 and data[3] == 3:  # images: magic, count, rows, columns, then bytes
        n, rows, cols = (int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(3))
        return np.frombuffer(data, np.uint8, offset=16).reshape(n, 1, rows, cols).astype(np.float32) / 255.0
    return np.frombuffer(data, np.uint8, offset=8).astype(np.int64)


def main():
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    x_train, y_train = torch.from_numpy(idx("train-images-idx3-ubyte.gz")), torch.from_numpy(idx("train-labels-idx1-ubyte.gz"))
    x_test, y_test = torch.from_numpy(idx("t10k-images-idx3-ubyte.gz")), torch.from_numpy(idx("t10k-labels-idx1-ubyte.gz"))

    # Conv (padding=1: Keras' 'same') + BatchNorm + ReLU + max pooling, twice; flatten (NCHW order), dense head, softmax.
    model = nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 64), nn.ReLU(), nn.Dropout(0.2), nn.Linear(64, 10), nn.Softmax(dim=1))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(EPOCHS):
        model.train()
        order = torch.randperm(len(x_train))
        for start in range(0, len(x_train), BATCH):
            batch = order[start:start + BATCH]
            p = model(x_train[batch])
            loss = nn.functional.nll_loss(torch.log(p.clamp_min(1e-7)), y_train[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            accuracy = (model(x_test).argmax(1) == y_test).float().mean().item()
        print(f"epoch {epoch + 1}: loss {loss.item():.4f}, test accuracy {accuracy:.4f}")

    model.eval()
    path = os.path.join(OUT, "fashion_cnn_torch.onnx")
    torch.onnx.export(model, x_test[:1], path, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=17, do_constant_folding=True)
    with torch.no_grad():
        first = model(x_test[:5])
    with open(os.path.join(OUT, "fashion_cnn_torch.json"), "w") as f:
        json.dump({"generator": "benchmarks/reference/import_onnx_sample.py", "torch": torch.__version__, "seed": SEED,
                   "epochs": EPOCHS, "batch_size": BATCH, "optimizer": "Adam(1e-3)", "test_accuracy": accuracy,
                   "first_test_probabilities": [[round(v, 7) for v in row] for row in first.tolist()]}, f, indent=1)
    print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
