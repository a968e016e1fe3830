"""PyTorch cross-check of samples/Autoencoder (keras.io's convolutional autoencoder): Conv2D(32, 3, relu, same),
MaxPooling2D(2, same), twice; Conv2DTranspose(32, 3, strides 2, relu, same), twice; Conv2D(1, 3, sigmoid, same);
binary cross-entropy, Adam(lr 1e-3, betas 0.9/0.999, epsilon 1e-7), batch 128 shuffled every epoch, Glorot-uniform
kernels and zero biases (Keras' defaults); Fashion-MNIST images as input and target.
Keras' "same" transposed convolution is the full (n − 1)·s + k result cropped ⌊(k − s)/2⌋ = 0 rows at the top and the
rest at the bottom; torch's padding=1, output_padding=1 would crop the other side, so the full result is sliced here.
Usage: /usr/bin/python3 autoencoder_torch.py SEED [EPOCHS] [TRAIN] [THREADS]
Never a dependency of GenNet: it only tells whether a result GenNet reaches is what the same recipe gives elsewhere."""
import sys
import time
import torch
import fashion

seed = int(sys.argv[1])
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 50
train = int(sys.argv[3]) if len(sys.argv) > 3 else 0
torch.set_num_threads(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
torch.manual_seed(seed)
x_train, _, x_test, _ = (torch.from_numpy(a) for a in fashion.load())
x_train, x_test = x_train.unsqueeze(1), x_test.unsqueeze(1)
if train > 0:
    x_train = x_train[:train]

nn = torch.nn


class KerasSameTranspose(nn.Module):
    """Conv2DTranspose(c, 3, strides=2, padding="same") as Keras computes it: full result, first n·s rows and columns."""

    def __init__(self, channels_in, channels_out):
        super().__init__()
        self.conv = nn.ConvTranspose2d(channels_in, channels_out, 3, stride=2)

    def forward(self, x):
        n, _, h, w = x.shape
        return self.conv(x)[:, :, :2 * h, :2 * w]


model = nn.Sequential(
    nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    KerasSameTranspose(32, 32), nn.ReLU(),
    KerasSameTranspose(32, 32), nn.ReLU(),
    nn.Conv2d(32, 1, 3, padding=1), nn.Sigmoid())
for module in model.modules():
    if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d)):
        nn.init.xavier_uniform_(module.weight)
        nn.init.zeros_(module.bias)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
loss_fn = nn.BCELoss()


def test_loss():
    model.eval()
    with torch.no_grad():
        total = sum(loss_fn(model(x_test[s:s + 1000]), x_test[s:s + 1000]).item() * len(x_test[s:s + 1000])
                    for s in range(0, len(x_test), 1000))
    return total / len(x_test)


for epoch in range(epochs):
    started = time.perf_counter()
    model.train()
    order = torch.randperm(len(x_train))
    for start in range(0, len(order), 128):
        batch = x_train[order[start:start + 128]]
        optimizer.zero_grad()
        loss_fn(model(batch), batch).backward()
        optimizer.step()
    print(f"epoch {epoch + 1}: {time.perf_counter() - started:.1f} s, test loss {test_loss():.4f}", flush=True)
print(f"test reconstruction loss: {test_loss():.4f}")
