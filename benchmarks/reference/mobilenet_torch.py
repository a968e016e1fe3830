"""PyTorch cross-check of samples/MobileNetFashion: Rescaling(1/255) on the raw pixels 0..255; Conv2D(16, 3, strides 2,
same, no bias), BatchNormalization, ReLU6; three depthwise-separable blocks (DepthwiseConv2D 3x3 same, no bias, strides
1, 2, 1; BN; ReLU6; Conv2D 1x1 to 32, 64, 128, no bias; BN; ReLU6); GlobalAveragePooling2D; Dense(10) softmax.
Keras' defaults: Glorot-uniform kernels (the depthwise kernel's fan_in + fan_out is 9*C + 9 in both layouts), zero
biases, BatchNormalization momentum 0.99 (torch momentum 0.01) and epsilon 1e-3; Adam(lr 1e-3, epsilon 1e-7); batch 128,
shuffled every epoch; Fashion-MNIST. Keras' "same" padding for a stride-2 3x3 window on an even size pads only the
bottom/right pixel; torch's padding=1 pads both sides, so the strided layers get an explicit ZeroPad2d((0, 1, 0, 1)).
Usage: /usr/bin/python3 mobilenet_torch.py SEED [EPOCHS] [THREADS]
Never a dependency of GenNet: it only tells whether a result GenNet reaches is what the same recipe gives elsewhere."""
import sys
import time
import torch
import fashion

seed = int(sys.argv[1])
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
torch.set_num_threads(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
torch.manual_seed(seed)
x_train, y_train, x_test, y_test = (torch.from_numpy(a) for a in fashion.load())
x_train, x_test = ((x.unsqueeze(1) * 255).round() for x in (x_train, x_test))
nn = torch.nn


def bn(channels):
    return nn.BatchNorm2d(channels, eps=1e-3, momentum=0.01)


def block(inputs, outputs, stride):
    pad = [nn.ZeroPad2d((0, 1, 0, 1))] if stride == 2 else []
    return pad + [nn.Conv2d(inputs, inputs, 3, stride=stride, padding=0 if stride == 2 else 1, groups=inputs, bias=False),
                  bn(inputs), nn.ReLU6(), nn.Conv2d(inputs, outputs, 1, bias=False), bn(outputs), nn.ReLU6()]


class Rescaling(nn.Module):
    def forward(self, x):
        return x * (1.0 / 255)


model = nn.Sequential(Rescaling(), nn.ZeroPad2d((0, 1, 0, 1)), nn.Conv2d(1, 16, 3, stride=2, bias=False), bn(16), nn.ReLU6(),
                      *block(16, 32, 1), *block(32, 64, 2), *block(64, 128, 1),
                      nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(128, 10))
for layer in model:
    if isinstance(layer, (nn.Linear, nn.Conv2d)):
        nn.init.xavier_uniform_(layer.weight)
        if layer.bias is not None:
            nn.init.zeros_(layer.bias)
print(f"parameters: {sum(p.numel() for p in model.parameters()) + sum(b.numel() for n, b in model.named_buffers() if 'running' in n)}")
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
loss_fn = nn.CrossEntropyLoss()

for epoch in range(epochs):
    started = time.perf_counter()
    model.train()
    order = torch.randperm(len(x_train))
    correct = 0
    for start in range(0, len(order), 128):
        batch = order[start:start + 128]
        optimizer.zero_grad()
        logits = model(x_train[batch])
        loss_fn(logits, y_train[batch]).backward()
        optimizer.step()
        correct += (logits.argmax(1) == y_train[batch]).sum().item()
    seconds = time.perf_counter() - started
    model.eval()
    with torch.no_grad():
        accuracy = (model(x_test).argmax(1) == y_test).float().mean().item()
    print(f"epoch {epoch + 1} train accuracy {correct / len(order):.4f} test accuracy {accuracy:.4f} ({seconds:.1f} s)", flush=True)
print(f"accuracy: {accuracy:.4f}")
