"""PyTorch cross-check of samples/WeatherForecast: Seattle daily weather (vega-datasets 3.2.1 seattle-weather.csv),
windows of the previous 14 days' (precipitation, temp_max, temp_min, wind), normalized with the 2012-2014 training days'
mean and population std, label = the next day's normalized temp_max; Conv1D(32, 3, causal, relu) -> GRU(32) -> Linear(1)
with Keras' initializers (glorot_uniform kernels, orthogonal recurrent kernel, zero biases; PyTorch's GRU is Keras'
reset_after=True form, its gate order r, z, n changes nothing at initialization), Adam(1e-3, eps 1e-7), mse,
batch 32, shuffled every epoch, 30 epochs; test = the 365 days of 2015, MAE in degrees C beside the persistence baseline.
Usage: /usr/bin/python3 weather_torch.py SEED [EPOCHS] [CSV]   (the last line is the sample's metric line)
Never a dependency of GenNet: it only tells whether a result GenNet reaches is what the same recipe gives elsewhere."""
import csv
import os
import sys
import torch

seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 30
here = os.path.dirname(os.path.abspath(__file__))
path = sys.argv[3] if len(sys.argv) > 3 else os.path.join(here, "..", "..", "data", "vega-datasets", "package", "data", "seattle-weather.csv")
torch.manual_seed(seed)
torch.set_num_threads(1)
WINDOW, FILTERS, KERNEL, UNITS, BATCH, TMAX = 14, 32, 3, 32, 32, 1

with open(path, newline="") as f:
    rows = list(csv.DictReader(f))
dates = [r["date"] for r in rows]
days = torch.tensor([[float(r[k]) for k in ("precipitation", "temp_max", "temp_min", "wind")] for r in rows], dtype=torch.float64)
test_start = dates.index("2015-01-01")
mean = days[:test_start].mean(0)
std = days[:test_start].std(0, unbiased=False)
norm = ((days - mean) / std).float()

def windows(label_days):
    x = torch.stack([norm[d - WINDOW:d] for d in label_days])
    return x, norm[label_days, TMAX].unsqueeze(1)

x_train, y_train = windows(list(range(WINDOW, test_start)))
x_test, _ = windows(list(range(test_start, len(days))))

class Forecaster(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv1d(4, FILTERS, KERNEL)
        self.gru = torch.nn.GRU(FILTERS, UNITS, batch_first=True)
        self.dense = torch.nn.Linear(UNITS, 1)
        # Keras: Conv1D kernel (k, in, filters) glorot_uniform (fans k*in, k*filters: xavier on (filters, in, k) is the same),
        # GRU kernel (in, 3u) glorot_uniform, recurrent_kernel (u, 3u) orthogonal, biases zeros; Dense glorot_uniform.
        torch.nn.init.xavier_uniform_(self.conv.weight)
        torch.nn.init.zeros_(self.conv.bias)
        torch.nn.init.xavier_uniform_(self.gru.weight_ih_l0)
        torch.nn.init.orthogonal_(self.gru.weight_hh_l0)
        torch.nn.init.zeros_(self.gru.bias_ih_l0)
        torch.nn.init.zeros_(self.gru.bias_hh_l0)
        torch.nn.init.xavier_uniform_(self.dense.weight)
        torch.nn.init.zeros_(self.dense.bias)

    def forward(self, x):
        # Keras' causal padding: k - 1 zero steps before the first, none after; NWC -> NCW and back.
        h = torch.relu(self.conv(torch.nn.functional.pad(x.transpose(1, 2), (KERNEL - 1, 0))))
        out, _ = self.gru(h.transpose(1, 2))
        return self.dense(out[:, -1])

model = Forecaster()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
loss_fn = torch.nn.MSELoss()
for epoch in range(epochs):
    order = torch.randperm(len(x_train))
    total = 0.0
    for start in range(0, len(order), BATCH):
        batch = order[start:start + BATCH]
        optimizer.zero_grad()
        loss = loss_fn(model(x_train[batch]), y_train[batch])
        loss.backward()
        optimizer.step()
        total += loss.item() * len(batch)
    print(f"epoch {epoch + 1}: loss {total / len(x_train):.4f}")

with torch.no_grad():
    predicted = model(x_test).squeeze(1).double() * std[TMAX] + mean[TMAX]
truth = days[test_start:, TMAX]
mae = (predicted - truth).abs().mean().item()
baseline = (days[test_start - 1:-1, TMAX] - truth).abs().mean().item()
print(f"test MAE (°C): {mae:.4f}  persistence baseline: {baseline:.4f}")
