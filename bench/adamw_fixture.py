"""Writes ml/src/test/resources/adamw-torch.json: what torch.optim.AdamW does to a small weight and bias
over a few steps of given gradients, with decay on the weight only (the BERT convention modeconn follows)
and a changing learning rate. AdamWTest replays the same gradients through modeconn's AdamW and compares.

    /usr/bin/python3 bench/adamw_fixture.py   # Debian's python3-torch
"""
import json
import sys

import torch

torch.manual_seed(0)
weight = torch.nn.Parameter(torch.randn(3, 4))
bias = torch.nn.Parameter(torch.randn(4))
start = {"weight": weight.detach().clone().flatten().tolist(), "bias": bias.detach().clone().tolist()}
opt = torch.optim.AdamW([{"params": [weight], "weight_decay": 0.01}, {"params": [bias], "weight_decay": 0.0}],
                        lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
steps = []
for k in range(6):
    lr = 1e-3 * (k + 1) / 6 if k < 3 else 1e-3 * (6 - k) / 3
    for group in opt.param_groups:
        group["lr"] = lr
    gw = torch.randn(3, 4) * (0.1 if k % 2 else 2.0)
    gb = torch.randn(4) * 0.5
    weight.grad = gw.clone()
    bias.grad = gb.clone()
    opt.step()
    steps.append({"lr": lr, "gradWeight": gw.flatten().tolist(), "gradBias": gb.tolist(),
                  "weight": weight.detach().flatten().tolist(), "bias": bias.detach().tolist()})
out = {"torch": torch.__version__, "shape": [3, 4], "weightDecay": 0.01, "start": start, "steps": steps}
json.dump(out, open(sys.argv[1] if len(sys.argv) > 1 else "ml/src/test/resources/adamw-torch.json", "w"), indent=1)
