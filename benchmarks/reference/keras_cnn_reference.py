"""Independent float64 forward pass of ../shared/keras-files/mnist_cnn_legacy.h5, for GenNet's LoadKeras tests.

Reads the legacy .h5 with h5py (not with GenNet), runs Conv2D(32,3,relu) -> MaxPool(2) -> Conv2D(64,3,relu) ->
MaxPool(2) -> Flatten -> Dense(128,relu) -> [Dropout: identity] -> Dense(10,softmax) in numpy float64 on the first
images of tests/fixtures/model_cnn.json (28x28x1, NHWC), and writes tests/GenNet.Runtime.Tests/Serialization/Keras/keras_cnn_reference.json.
Run: /usr/bin/python3 benchmarks/reference/keras_cnn_reference.py  (needs python3-h5py, python3-numpy)
"""
import json, os, sys
import h5py
import numpy as np

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
h5 = os.path.join(root, "..", "shared", "keras-files", "mnist_cnn_legacy.h5")
count = 4

def w(f, layer, name):
    return np.asarray(f[f"model_weights/{layer}/sequential/{layer}/{name}"], dtype=np.float64)

def conv_valid(x, k, b):  # x (H,W,C), k (kh,kw,C,F): Keras Conv2D, stride 1, 'valid' (cross-correlation)
    kh, kw, _, f = k.shape
    h, wd = x.shape[0] - kh + 1, x.shape[1] - kw + 1
    y = np.zeros((h, wd, f))
    for i in range(kh):
        for j in range(kw):
            y += np.tensordot(x[i:i + h, j:j + wd, :], k[i, j], axes=([2], [0]))
    return y + b

def maxpool2(x):  # 2x2, stride 2, 'valid'
    h, wd = x.shape[0] // 2, x.shape[1] // 2
    return x[:2 * h, :2 * wd].reshape(h, 2, wd, 2, -1).max(axis=(1, 3))

with h5py.File(h5, "r") as f:
    k0, b0 = w(f, "conv2d", "kernel"), w(f, "conv2d", "bias")
    k1, b1 = w(f, "conv2d_1", "kernel"), w(f, "conv2d_1", "bias")
    d0, c0 = w(f, "dense", "kernel"), w(f, "dense", "bias")
    d1, c1 = w(f, "dense_1", "kernel"), w(f, "dense_1", "bias")

x = json.load(open(os.path.join(root, "tests", "fixtures", "model_cnn.json")))["inputs"]["x"]
images = np.asarray(x["data"], dtype=np.float64).reshape([-1] + x["shape"][1:])[:count]
outputs = []
for img in images:
    a = maxpool2(np.maximum(conv_valid(img, k0, b0), 0))
    a = maxpool2(np.maximum(conv_valid(a, k1, b1), 0))
    a = np.maximum(a.reshape(-1) @ d0 + c0, 0)
    z = a @ d1 + c1
    e = np.exp(z - z.max())
    outputs.append((e / e.sum()).tolist())

out = {
    "generator": "benchmarks/reference/keras_cnn_reference.py",
    "file": "../shared/keras-files/mnist_cnn_legacy.h5",
    "about": "float64 numpy forward pass of the file's weights read with h5py; inputs are the first images of tests/fixtures/model_cnn.json",
    "input_shape": [count, 28, 28, 1],
    "inputs": images.reshape(-1).tolist(),
    "outputs": outputs,
    "conv2d_kernel_first": k0.reshape(-1)[:4].tolist(),
    "dense_1_bias": c1.tolist(),
}
json.dump(out, open(os.path.join(root, "tests", "GenNet.Runtime.Tests", "Serialization", "Keras", "keras_cnn_reference.json"), "w"))
print("wrote", count, "outputs; argmax", [int(np.argmax(o)) for o in outputs])
