"""PyTorch cross-check of samples/MnistMlp: 784-100-50-10 relu/softmax, weights uniform(-0.1, 0.1), zero biases,
plain SGD lr 0.5 on the batch-mean cross-entropy, batch 100, shuffled every epoch, Fashion-MNIST.
Usage: /usr/bin/python3 mlp_torch.py SEED [EPOCHS]   (prints the test accuracy per epoch, the last one on the last line)
Never a dependency of GenNet: it only tells whether a result GenNet reaches is what the same recipe gives elsewhere."""
import sys
import torch
import fashion

seed = int(sys.argv[1])
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 50
torch.manual_seed(seed)
torch.set_num_threads(1)
x_train, y_train, x_test, y_test = (torch.from_numpy(a) for a in fashion.load())
x_train, x_test = x_train.reshape(-1, 784), x_test.reshape(-1, 784)

model = torch.nn.Sequential(torch.nn.Linear(784, 100), torch.nn.ReLU(), torch.nn.Linear(100, 50), torch.nn.ReLU(),
                            torch.nn.Linear(50, 10))
for layer in model:
    if isinstance(layer, torch.nn.Linear):
        torch.nn.init.uniform_(layer.weight, -0.1, 0.1)
        torch.nn.init.zeros_(layer.bias)
optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
loss_fn = torch.nn.CrossEntropyLoss()

for epoch in range(epochs):
    order = torch.randperm(len(x_train))
    for start in range(0, len(order), 100):
        batch = order[start:start + 100]
        optimizer.zero_grad()
        loss_fn(model(x_train[batch]), y_train[batch]).backward()
        optimizer.step()
    with torch.no_grad():
        accuracy = (model(x_test).argmax(1) == y_test).float().mean().item()
    print(f"epoch {epoch + 1} test accuracy {accuracy:.4f}", flush=True)
print(f"accuracy: {accuracy:.4f}")
