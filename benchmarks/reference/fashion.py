"""Fashion-MNIST loader shared by the PyTorch cross-checks (reads Debian's dataset-fashion-mnist files)."""
import gzip
import numpy as np

ROOT = "/usr/share/datasets/fashion-mnist"


def _idx(name, offset):
    with gzip.open(f"{ROOT}/{name}", "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def load():
    """(x_train, y_train, x_test, y_test): images as float32 in [0, 1], shape (n, 28, 28); labels as int64."""
    x_train = _idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28).astype(np.float32) / 255
    y_train = _idx("train-labels-idx1-ubyte.gz", 8).astype(np.int64)
    x_test = _idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28).astype(np.float32) / 255
    y_test = _idx("t10k-labels-idx1-ubyte.gz", 8).astype(np.int64)
    return x_train, y_train, x_test, y_test
