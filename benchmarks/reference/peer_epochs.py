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
    import mlp_numpy
    x = x_train.reshape(-1, 784)
    weights, biases = mlp_numpy.initial_parameters(rng)
    timed(lambda: mlp_numpy.train_epoch(weights, biases, x, y_train, rng))
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
