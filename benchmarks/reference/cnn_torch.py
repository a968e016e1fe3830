"""PyTorch cross-check of samples/MnistCnn (the Keras tutorial's CNN): Conv2D(16,3) relu, MaxPool 2, Conv2D(32,3)
relu, MaxPool 2, Flatten, Dense(64) relu, Dropout(0.2), Dense(10) softmax; Glorot-uniform kernels and zero biases
(Keras' defaults); Adam(lr 1e-3, betas 0.9/0.999, epsilon 1e-7); batch 128, shuffled every epoch; Fashion-MNIST.
Usage: /usr/bin/python3 cnn_torch.py SEED [EPOCHS] [THREADS]
Never a dependency of GenNet: it only tells whether a result GenNet reaches is what the same recipe gives elsewhere."""
import sys
import time
import torch
import fashion

seed = int(sys.argv[1])
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
torch.set_num_threads(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
torch.manual_seed(seed)
x_train, y_train, x_test, y_test = (torch.from_numpy(a) for a in fashion.load())
x_train, x_test = x_train.unsqueeze(1), x_test.unsqueeze(1)

nn = torch.nn
model = nn.Sequential(nn.Conv2d(1, 16, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(16, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
                      nn.Flatten(), nn.Linear(800, 64), nn.ReLU(), nn.Dropout(0.2), nn.Linear(64, 10))
for layer in model:
    if isinstance(layer, (nn.Linear, nn.Conv2d)):
        nn.init.xavier_uniform_(layer.weight)
        nn.init.zeros_(layer.bias)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
loss_fn = nn.CrossEntropyLoss()

for epoch in range(epochs):
    started = time.perf_counter()
    model.train()
    order = torch.randperm(len(x_train))
    for start in range(0, len(order), 128):
        batch = order[start:start + 128]
        optimizer.zero_grad()
        loss_fn(model(x_train[batch]), y_train[batch]).backward()
        optimizer.step()
    seconds = time.perf_counter() - started
    model.eval()
    with torch.no_grad():
        accuracy = (model(x_test).argmax(1) == y_test).float().mean().item()
    print(f"epoch {epoch + 1} test accuracy {accuracy:.4f} ({seconds:.1f} s)", flush=True)
print(f"accuracy: {accuracy:.4f}")
