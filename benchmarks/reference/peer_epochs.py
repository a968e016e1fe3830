"""Epoch times of the seed MLP and CNN recipes outside GenNet, for benchmarks/peers.sh.
Usage: /usr/bin/python3 peer_epochs.py mlp|cnn torch|numpy THREADS EPOCHS
Runs one warm-up epoch, then EPOCHS timed epochs, and prints one line per timed epoch:
    RESULT <peer> <model> <threads> <wall s> <cpu s>
(training only: no test pass inside the timed part). The recipes are those of mlp_torch.py, mlp_numpy.py and
cnn_torch.py: MLP 784-100-50-10, SGD 0.5, batch 100; CNN Conv16-Pool-Conv32-Pool-Dense64-Dropout-Dense10, Adam,
batch 128; shuffled every epoch. Also prints which BLAS the peer uses (a 'BLAS' line).
Never a dependency of GenNet."""
import ctypes
import ctypes.util
import re
import sys
import time

import numpy as np

import fashion

model_name, peer, threads, epochs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])


def openblas_core():
    """The OpenBLAS kernel set the process loaded ('Haswell', 'SkylakeX', 'Cooperlake', ...), or what BLAS it is."""
    for name in ("openblas", "openblas64", "blas"):
        path = ctypes.util.find_library(name)
        if path is None:
            continue
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            return f"OpenBLAS {lib.openblas_get_corename().decode()} ({path})"
        except (OSError, AttributeError):
            continue
    return "not OpenBLAS (reference BLAS?)"


x_train, y_train, _, _ = fashion.load()
rng = np.random.default_rng(1)


def timed(run_epoch):
    run_epoch()  # warm-up: first-touch of buffers, thread pools
    for _ in range(epochs):
        wall, cpu = time.perf_counter(), time.process_time()
        run_epoch()
        print(f"RESULT {peer} {model_name} {threads} {time.perf_counter() - wall:.4f} {time.process_time() - cpu:.4f}",
              flush=True)


if peer == "numpy":
    if model_name != "mlp":
        sys.exit("numpy peer: only the MLP (the from-scratch tutorial)")
    print(f"BLAS numpy: {openblas_core()}")
    x = x_train.reshape(-1, 784)
    sizes = [784, 100, 50, 10]
    weights = [rng.uniform(-0.1, 0.1, (m, n)).astype(np.float32) for m, n in zip(sizes, sizes[1:])]
    biases = [np.zeros(n, np.float32) for n in sizes[1:]]

    def numpy_epoch():
        order = rng.permutation(len(x))
        for start in range(0, len(order), 100):
            batch = order[start:start + 100]
            activations = [x[batch]]
            for i, (w, b) in enumerate(zip(weights, biases)):
                z = activations[-1] @ w + b
                activations.append(np.maximum(z, 0) if i < len(weights) - 1 else z)
            z = activations[-1]
            e = np.exp(z - z.max(axis=1, keepdims=True))
            delta = e / e.sum(axis=1, keepdims=True)
            delta[np.arange(len(batch)), y_train[batch]] -= 1
            delta /= len(batch)
            for i in reversed(range(len(weights))):
                grad_w, grad_b = activations[i].T @ delta, delta.sum(axis=0)
                if i > 0:
                    delta = (delta @ weights[i].T) * (activations[i] > 0)
                weights[i] -= 0.5 * grad_w
                biases[i] -= 0.5 * grad_b

    timed(numpy_epoch)
    sys.exit(0)

import torch  # noqa: E402  (only the torch peer needs it)

torch.set_num_threads(threads)
torch.manual_seed(1)
blas = re.findall(r"(BLAS_INFO=\w+|USE_MKLDNN=\w+|CPU capability usage: \w+)", torch.__config__.show())
print(f"BLAS torch {torch.__version__}: {', '.join(blas) or 'not reported'}; loaded: {openblas_core()}")
nn = torch.nn
xt, yt = torch.from_numpy(x_train), torch.from_numpy(y_train)
if model_name == "mlp":
    xt = xt.reshape(-1, 784)
    model = nn.Sequential(nn.Linear(784, 100), nn.ReLU(), nn.Linear(100, 50), nn.ReLU(), nn.Linear(50, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    batch_size = 100
else:
    xt = xt.unsqueeze(1)
    model = nn.Sequential(nn.Conv2d(1, 16, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(16, 32, 3), nn.ReLU(),
                          nn.MaxPool2d(2), nn.Flatten(), nn.Linear(800, 64), nn.ReLU(), nn.Dropout(0.2),
                          nn.Linear(64, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    batch_size = 128
loss_fn = nn.CrossEntropyLoss()
model.train()


def torch_epoch():
    order = torch.randperm(len(xt))
    for start in range(0, len(order), batch_size):
        batch = order[start:start + batch_size]
        optimizer.zero_grad()
        loss_fn(model(xt[batch]), yt[batch]).backward()
        optimizer.step()


timed(torch_epoch)
