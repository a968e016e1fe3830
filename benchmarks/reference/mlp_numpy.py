"""NumPy (float32) cross-check of samples/MnistMlp, written the way the from-scratch tutorial writes it:
784-100-50-10 relu/softmax, weights uniform(-0.1, 0.1), zero biases, plain SGD lr 0.5 on the batch-mean cross-entropy,
batch 100, shuffled every epoch, Fashion-MNIST, 50 epochs.
Usage: /usr/bin/python3 mlp_numpy.py SEED [EPOCHS]   (test accuracy per epoch; the last one on the last line)
Never a dependency of GenNet: it shows what the same recipe gives outside GenNet, seed by seed."""
import sys
import numpy as np
import fashion

SIZES = [784, 100, 50, 10]


def initial_parameters(rng):
    """Weights uniform(-0.1, 0.1) and zero biases, as the tutorial (and samples/MnistMlp) start."""
    weights = [rng.uniform(-0.1, 0.1, (m, n)).astype(np.float32) for m, n in zip(SIZES, SIZES[1:])]
    return weights, [np.zeros(n, np.float32) for n in SIZES[1:]]


def forward(weights, biases, x):
    activations = [x]
    for i, (w, b) in enumerate(zip(weights, biases)):
        z = activations[-1] @ w + b
        activations.append(np.maximum(z, 0) if i < len(weights) - 1 else z)
    z = activations[-1]
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return activations, e / e.sum(axis=1, keepdims=True)


def train_epoch(weights, biases, x_train, y_train, rng):
    """One shuffled epoch of plain SGD (lr 0.5, batch 100) on the batch-mean cross-entropy, in place."""
    order = rng.permutation(len(x_train))
    for start in range(0, len(order), 100):
        batch = order[start:start + 100]
        activations, p = forward(weights, biases, x_train[batch])
        delta = p.copy()
        delta[np.arange(len(batch)), y_train[batch]] -= 1
        delta /= len(batch)
        for i in reversed(range(len(weights))):
            grad_w, grad_b = activations[i].T @ delta, delta.sum(axis=0)
            if i > 0:
                delta = (delta @ weights[i].T) * (activations[i] > 0)
            weights[i] -= 0.5 * grad_w
            biases[i] -= 0.5 * grad_b


if __name__ == "__main__":
    seed = int(sys.argv[1])
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    rng = np.random.default_rng(seed)
    x_train, y_train, x_test, y_test = fashion.load()
    x_train, x_test = x_train.reshape(-1, 784), x_test.reshape(-1, 784)
    weights, biases = initial_parameters(rng)
    for epoch in range(epochs):
        train_epoch(weights, biases, x_train, y_train, rng)
        accuracy = (forward(weights, biases, x_test)[1].argmax(axis=1) == y_test).mean()
        print(f"epoch {epoch + 1} test accuracy {accuracy:.4f}", flush=True)
    print(f"accuracy: {accuracy:.4f}")
