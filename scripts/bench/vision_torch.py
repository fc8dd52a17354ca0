#!/usr/bin/python3
"""PyTorch baseline for shopmind's vision CNN on Fashion-MNIST (docs/vision.md).

Same architecture and training as `shopmind eval images`: conv 32 3x3 (valid),
ReLU, maxpool 2, conv 64 3x3, ReLU, maxpool 2, dense 64, ReLU, dense 10;
pixels scaled to [0, 1]; Adam 1e-3; batch 64; shuffled each epoch; CPU with
torch.set_num_threads(2). Prints one JSON line per epoch.

Usage: /usr/bin/python3 scripts/bench/vision_torch.py [data_dir] [epochs]
"""
import gzip
import json
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack(">I", data[:4])[0]
    if magic == 2051:
        n, r, c = struct.unpack(">III", data[4:16])
        return np.frombuffer(data, np.uint8, offset=16).reshape(n, 1, r, c)
    n = struct.unpack(">I", data[4:8])[0]
    return np.frombuffer(data, np.uint8, offset=8)


def main():
    data_dir = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/fashion-mnist"
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    torch.set_num_threads(2)
    torch.manual_seed(1)
    load = lambda name: read_idx(os.path.join(data_dir, name))
    xtr = torch.tensor(load("train-images-idx3-ubyte.gz"), dtype=torch.float32) / 255
    ytr = torch.tensor(load("train-labels-idx1-ubyte.gz"), dtype=torch.long)
    xte = torch.tensor(load("t10k-images-idx3-ubyte.gz"), dtype=torch.float32) / 255
    yte = torch.tensor(load("t10k-labels-idx1-ubyte.gz"), dtype=torch.long)
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 5 * 5, 64), nn.ReLU(), nn.Linear(64, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(1, epochs + 1):
        model.train()
        start = time.perf_counter()
        perm = torch.randperm(len(xtr))
        total = 0.0
        for b in range(0, len(xtr), 64):
            idx = perm[b:b + 64]
            opt.zero_grad()
            loss = loss_fn(model(xtr[idx]), ytr[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        secs = time.perf_counter() - start
        model.eval()
        with torch.no_grad():
            t0 = time.perf_counter()
            pred = torch.cat([model(xte[b:b + 256]).argmax(1) for b in range(0, len(xte), 256)])
            infer = len(xte) / (time.perf_counter() - t0)
        acc = (pred == yte).float().mean().item()
        print(json.dumps({"epoch": epoch, "loss": total / len(xtr), "test_acc": acc,
                          "seconds": secs, "infer_images_sec": infer}), flush=True)


if __name__ == "__main__":
    main()
