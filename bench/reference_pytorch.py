#!/usr/bin/python3
"""The plain PyTorch way, for `modeconn bench` to compare against in the same run (issue: performance).

MiniLM (BERT, mean pooling, a linear head) written with torch.nn.functional as a user would, the weights
read from the model.safetensors that `modeconn import-model` writes, the same token ids modeconn scores
and trains on (read from a safetensors file the bench writes: input_ids and attention_mask I64 [n, L],
labels I64 [n]); evaluation pads every batch to L; training is torch.optim.AdamW with the linear warm-up
schedule, gradient clipping at 1.0 and dropout 0.1, once with every weight trained (full fine-tuning) and
once with bottleneck adapters (Houlsby-style, ReLU, after the attention output and the FFN output, before
their residual add, as modeconn places them) and the head trained, the encoder frozen. Prints one JSON
object.

Usage: reference_pytorch.py MODEL_DIR DEV.safetensors TRAIN.safetensors --threads 2 --steps 10 --batch-size 32 \
    --adapter-bottleneck 64
"""
import argparse
import json
import math
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

DTYPES = {"F32": np.float32, "I64": np.int64}


def read_safetensors(path):
    """name -> torch tensor (the format: 8-byte little-endian header length, a JSON header, raw data)."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        begin, end = t["data_offsets"]
        a = np.frombuffer(data[begin:end], dtype=DTYPES[t["dtype"]]).reshape(t["shape"])
        out[name] = torch.from_numpy(a.copy())
    return out


def adapter(w, name, h):
    """h + up(relu(down(h))) where the model has an adapter called name; h unchanged otherwise."""
    if name + ".down.weight" not in w:
        return h
    z = F.relu(F.linear(h, w[name + ".down.weight"], w[name + ".down.bias"]))
    return h + F.linear(z, w[name + ".up.weight"], w[name + ".up.bias"])


def encoder(w, ids, mask, cfg, dropout, training):
    """BERT forward: [B, L] ids and mask -> [B, hidden] mean-pooled states."""
    b, length = ids.shape
    heads, hidden = cfg["num_attention_heads"], cfg["hidden_size"]
    d = hidden // heads
    eps = cfg["layer_norm_eps"]
    x = (w["embeddings.word_embeddings.weight"][ids]
         + w["embeddings.position_embeddings.weight"][:length].unsqueeze(0)
         + w["embeddings.token_type_embeddings.weight"][0])
    x = F.layer_norm(x, (hidden,), w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
    x = F.dropout(x, dropout, training)
    bias = (1.0 - mask[:, None, None, :].to(x.dtype)) * -1e4
    for i in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        def lin(t, name):
            return F.linear(t, w[p + name + ".weight"], w[p + name + ".bias"])
        q = lin(x, "attention.self.query").view(b, length, heads, d).transpose(1, 2)
        k = lin(x, "attention.self.key").view(b, length, heads, d).transpose(1, 2)
        v = lin(x, "attention.self.value").view(b, length, heads, d).transpose(1, 2)
        att = F.dropout(torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d) + bias, dim=-1), dropout, training)
        ctx = (att @ v).transpose(1, 2).reshape(b, length, hidden)
        attended = adapter(w, p + "attention.output.adapter", F.dropout(lin(ctx, "attention.output.dense"), dropout, training))
        x = F.layer_norm(x + attended, (hidden,),
                         w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], eps)
        h = F.linear(F.gelu(lin(x, "intermediate.dense")), w[p + "output.dense.weight"], w[p + "output.dense.bias"])
        x = F.layer_norm(x + adapter(w, p + "output.adapter", F.dropout(h, dropout, training)), (hidden,), w[p + "output.LayerNorm.weight"],
                         w[p + "output.LayerNorm.bias"], eps)
    m = mask.unsqueeze(-1).to(x.dtype)
    return (x * m).sum(1) / m.sum(1).clamp(min=1e-9)


def blas_kernel():
    """The BLAS library this process loaded and, for OpenBLAS, the kernel it chose (openblas_get_corename)."""
    import ctypes
    libs = sorted({line.split()[-1] for line in open("/proc/self/maps") if "blas" in line.split()[-1].lower()})
    for lib in libs:
        try:
            core = ctypes.CDLL(lib).openblas_get_corename
            core.restype = ctypes.c_char_p
            return [f"{lib} (OpenBLAS kernel {core().decode()})"]
        except (OSError, AttributeError):
            continue
    return libs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("dev")
    ap.add_argument("train")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--eval-batch-size", type=int, default=64)
    ap.add_argument("--adapter-bottleneck", type=int, default=64)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    cfg = json.load(open(a.model + "/config.json"))
    w = read_safetensors(a.model + "/model.safetensors")
    hidden = cfg["hidden_size"]
    w["classifier.weight"] = torch.zeros(2, hidden)
    w["classifier.bias"] = torch.zeros(2)
    dev, train = read_safetensors(a.dev), read_safetensors(a.train)

    # Evaluation: padded batches, no gradients.
    def evaluate():
        with torch.no_grad():
            for i in range(0, dev["input_ids"].shape[0], a.eval_batch_size):
                ids, mask = dev["input_ids"][i:i + a.eval_batch_size], dev["attention_mask"][i:i + a.eval_batch_size]
                F.linear(encoder(w, ids, mask, cfg, 0.0, False), w["classifier.weight"], w["classifier.bias"])
    evaluate()  # warm-up
    t0 = time.perf_counter()
    evaluate()
    eval_seconds = time.perf_counter() - t0

    # Training: AdamW, warm-up then linear decay, clipping; the first step pays for warm-up, as modeconn's bench does.
    def train_rate(params, trainable, lr):
        decay = [p for k, p in trainable.items() if not (k.endswith(".bias") or "LayerNorm" in k)]
        no_decay = [p for k, p in trainable.items() if k.endswith(".bias") or "LayerNorm" in k]
        opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}], lr=lr)
        warmup = max(1, int(0.06 * a.steps))
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: (s + 1) / warmup if s < warmup
                                                  else max(0.0, (a.steps - s) / max(1, a.steps - warmup)))
        n = train["input_ids"].shape[0]
        g = torch.Generator().manual_seed(1)
        first = None
        for step in range(a.steps):
            idx = torch.randint(0, n, (a.batch_size,), generator=g)
            ids, mask, labels = train["input_ids"][idx], train["attention_mask"][idx], train["labels"][idx]
            logits = F.linear(encoder(params, ids, mask, cfg, 0.1, True), params["classifier.weight"], params["classifier.bias"])
            loss = F.cross_entropy(logits, labels)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(list(trainable.values()), 1.0)
            opt.step()
            sched.step()
            if step == 0:
                first = time.perf_counter()
        return (a.steps - 1) / (time.perf_counter() - first)

    full = {k: v.clone().requires_grad_(True) for k, v in w.items()}
    train_steps_per_second = train_rate(full, full, 2e-5)

    frozen = {k: v.clone() for k, v in w.items()}
    deltas = {"classifier.weight": frozen.pop("classifier.weight").requires_grad_(True),
              "classifier.bias": frozen.pop("classifier.bias").requires_grad_(True)}
    b = a.adapter_bottleneck
    for i in range(cfg["num_hidden_layers"]):
        for place in ("attention.output.adapter", "output.adapter"):
            name = f"encoder.layer.{i}.{place}"
            deltas[name + ".down.weight"] = (torch.randn(b, hidden, generator=torch.Generator().manual_seed(i)) * 0.02).requires_grad_(True)
            deltas[name + ".down.bias"] = torch.zeros(b, requires_grad=True)
            deltas[name + ".up.weight"] = (torch.randn(hidden, b, generator=torch.Generator().manual_seed(i)) * 0.02).requires_grad_(True)
            deltas[name + ".up.bias"] = torch.zeros(hidden, requires_grad=True)
    adapter_steps_per_second = train_rate({**frozen, **deltas}, deltas, 1e-3)

    print(json.dumps({
        "torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas_kernel(),
        "eval_sequences": int(dev["input_ids"].shape[0]), "eval_seconds": eval_seconds,
        "eval_sequences_per_second": dev["input_ids"].shape[0] / eval_seconds,
        "train_steps": a.steps - 1, "train_steps_per_second": train_steps_per_second,
        "adapter_bottleneck": b, "adapter_train_steps_per_second": adapter_steps_per_second,
    }))


if __name__ == "__main__":
    sys.exit(main())
