#!/usr/bin/env python3
"""PyTorch counterpart of benchmarks/Lipschitz.Bench: one timed run, printed as one JSON line.

The C# harness starts this script once per run, alternating with its own runs (A B A B), so both
see the same machine state. It can also be run by hand:

    /usr/bin/python3 benchmarks/pytorch/train_step_bench.py --model mlp --threads 2
    /usr/bin/python3 benchmarks/pytorch/train_step_bench.py --op-add 200000 --threads 2
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def build(model, batch):
    if model == "mlp":
        net = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))
        x = torch.randn(batch, 784)
    elif model == "cnn":
        net = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.Conv2d(16, 16, 3, padding=1), nn.ReLU(),
                            nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16 * 14 * 14, 10))
        x = torch.randn(batch, 1, 28, 28)
    else:
        raise SystemExit(f"unknown model {model!r}: expected mlp or cnn")
    y = torch.randint(0, 10, (batch,))
    return net, x, y


def train_steps(model, batch, warmup, steps):
    net, x, y = build(model, batch)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)

    def step():
        opt.zero_grad(set_to_none=True)  # the C# binding sets gradients to none too
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        return loss

    for _ in range(warmup):
        step()
    start = time.perf_counter()
    for _ in range(steps):
        loss = step()
    elapsed = time.perf_counter() - start
    return {"samples_per_s": batch * steps / elapsed, "seconds": elapsed, "loss": float(loss)}


def op_add(n):
    a = torch.ones(4)
    b = torch.ones(4)
    for _ in range(1000):
        c = a + b
    start = time.perf_counter()
    for _ in range(n):
        c = a + b
    elapsed = time.perf_counter() - start
    del c
    return {"ns_per_op": elapsed / n * 1e9}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", choices=["mlp", "cnn"], default="mlp")
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--steps", type=int, default=30)
    p.add_argument("--threads", type=int, default=torch.get_num_threads())
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--op-add", type=int, default=0, metavar="N", help="time N additions of two 4-element tensors instead")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    result = op_add(args.op_add) if args.op_add > 0 else train_steps(args.model, args.batch, args.warmup, args.steps)
    result["threads"] = torch.get_num_threads()
    result["torch"] = torch.__version__
    print(json.dumps(result))


if __name__ == "__main__":
    main()
