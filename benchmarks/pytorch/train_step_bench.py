#!/usr/bin/env python3
"""PyTorch counterpart of benchmarks/Lipschitz.Bench: the same AOL networks, training step and eval forward, timed,
printed as JSON.

The C# harness starts this script once with --serve and sends it commands on stdin, one per line,
alternating short timed blocks of its own with blocks here (A B B A ...), so that both sides see the
same machine state on a noisy machine:
    setup MODEL BATCH SEED EVAL_BATCH   build the model, Adam and random data  -> {"ok": true}
    train STEPS              time STEPS training steps                 -> {"samples_per_s": ...}
    eval STEPS               time STEPS eval forwards (cached weights) -> {"samples_per_s": ...}
    add N                    time N additions of two 4-element tensors -> {"ns_per_op": ...}
    rss                      peak resident memory of this process      -> {"peak_rss_mib": ...}
It can also be run by hand, one timed run per call:

    /usr/bin/python3 benchmarks/pytorch/train_step_bench.py --model mlp --threads 2
    /usr/bin/python3 benchmarks/pytorch/train_step_bench.py --op-add 200000 --threads 2
"""
import argparse
import json
import os
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from aol_fashion_mnist import AolLinear, MaxMin, aol_conv_net  # noqa: E402  (the same AOL layers as the end-to-end run)


def build(model, batch, eval_batch):
    if model == "mlp":
        net = nn.Sequential(nn.Flatten(), AolLinear(784, 512), MaxMin(), AolLinear(512, 512), MaxMin(), AolLinear(512, 10))
    elif model == "cnn":
        net = aol_conv_net()
    else:
        raise SystemExit(f"unknown model {model!r}: expected mlp or cnn")
    x = torch.rand(batch, 1, 28, 28)
    y = torch.randint(0, 10, (batch,))
    return net, x, y, torch.rand(eval_batch, 1, 28, 28)


class Trainer:
    """A model, Adam and one random batch; timed blocks of training steps."""

    def __init__(self, model, batch, eval_batch=1000):
        self.batch = batch
        self.eval_batch = eval_batch
        self.net, self.x, self.y, self.eval_x = build(model, batch, eval_batch)
        self.opt = torch.optim.Adam(self.net.parameters(), lr=1e-3)

    def step(self):
        self.opt.zero_grad(set_to_none=True)  # the C# binding sets gradients to none too
        loss = F.cross_entropy(self.net(self.x), self.y)
        loss.backward()
        self.opt.step()
        return loss

    def timed(self, steps):
        self.net.train()
        cpu = time.process_time()
        start = time.perf_counter()
        for _ in range(steps):
            loss = self.step()
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu
        # CPU seconds of all threads of the process: less sensitive to other programs than the wall clock.
        return {"samples_per_s": self.batch * steps / elapsed, "samples_per_cpu_s": self.batch * steps / cpu,
                "seconds": elapsed, "loss": float(loss)}

    def timed_eval(self, steps):
        self.net.eval()
        cpu = time.process_time()
        start = time.perf_counter()
        with torch.no_grad():
            for _ in range(steps):
                self.net(self.eval_x)
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu
        self.net.train()
        return {"samples_per_s": self.eval_batch * steps / elapsed, "samples_per_cpu_s": self.eval_batch * steps / cpu,
                "seconds": elapsed}


def train_steps(model, batch, warmup, steps):
    trainer = Trainer(model, batch)
    for _ in range(warmup):
        trainer.step()
    return trainer.timed(steps)


def serve():
    trainer = None
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            break
        if words[0] == "setup":
            torch.manual_seed(int(words[3]))
            trainer = Trainer(words[1], int(words[2]), int(words[4]) if len(words) > 4 else 1000)
            result = {"ok": True}
        elif words[0] == "train":
            result = trainer.timed(int(words[1]))
        elif words[0] == "eval":
            result = trainer.timed_eval(int(words[1]))
        elif words[0] == "rss":
            result = {"peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
        elif words[0] == "add":
            result = op_add(int(words[1]))
        else:
            result = {"error": f"unknown command {words[0]!r}"}
        print(json.dumps(result), flush=True)


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
    p.add_argument("--serve", action="store_true", help="read commands from stdin (used by the C# harness)")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    if args.serve:
        print(json.dumps({"ok": True, "threads": torch.get_num_threads(), "torch": torch.__version__}), flush=True)
        serve()
        return
    result = op_add(args.op_add) if args.op_add > 0 else train_steps(args.model, args.batch, args.warmup, args.steps)
    result["threads"] = torch.get_num_threads()
    result["torch"] = torch.__version__
    print(json.dumps(result))


if __name__ == "__main__":
    main()
