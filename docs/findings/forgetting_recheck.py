#!/usr/bin/env python3
"""Recompute the report's "which examples a path forgets first" table from a study's stored files, independently
of modeconn's Java code (core.metrics.DataMap, core.metrics.Forgetting):

    python3 docs/findings/forgetting_recheck.py STORE STUDY PATH_ID CHECKPOINT_ID DATASET.SPLIT

STORE is the object store's bucket folder (for `modeconn run`: WORK_DIR/stack/s3/modeconn), CHECKPOINT_ID the
path's start endpoint (it recorded `dynamics` on DATASET.SPLIT), e.g.

    python3 docs/findings/forgetting_recheck.py .modeconn/stack/s3/modeconn study-4369e4ec5ca4a751 \\
        path-59d6967e6694cfc6 ep-59afbc219d635ebb sst2.train

It reads the start endpoint's dynamics (studies/STUDY/checkpoints/CHECKPOINT_ID.dynamics.safetensors:
gold_probability and correct, [k recordings, n examples]) and every point's per-example scores
(studies/STUDY/paths/PATH_ID/examples/INDEX-DATASET.SPLIT.safetensors: correct [n]). Per example, the data map of
Swayamdipta et al. 2020: confidence = mean of the gold-label probability over the recordings, variability = its
population standard deviation, correctness = the fraction of recordings that got it right. The examples right at
point 0 are grouped by the first point that gets them wrong; each group's size and mean confidence, variability and
correctness are printed as the report's table, then, over the forgotten examples, Spearman's rank correlation of
the point where each is first wrong with its confidence and variability (the report's `rankCorrelations`,
core.metrics.RankCorrelation), and a Mann-Whitney U test of the forgotten
examples' confidence against the kept ones'. Only numpy and scipy (Debian's python3-numpy, python3-scipy).
"""
import glob
import json
import os
import struct
import sys

import numpy as np
from scipy import stats

DTYPES = {"F32": "<f4", "F64": "<f8", "U8": "u1", "I32": "<i4", "I64": "<i8"}  # safetensors is little-endian


def read(path):
    """The tensors of a safetensors file: an 8-byte little-endian header length, a JSON header, the data."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, meta in header.items():
        if name != "__metadata__":
            a, b = meta["data_offsets"]
            out[name] = np.frombuffer(data[a:b], dtype=DTYPES[meta["dtype"]]).reshape(meta["shape"])
    return out


def main():
    if len(sys.argv) != 6:
        raise SystemExit(__doc__)
    store, study, path_id, checkpoint, target = sys.argv[1:]
    base = os.path.join(store, "studies", study)
    dynamics = read(os.path.join(base, "checkpoints", checkpoint + ".dynamics.safetensors"))
    gold = dynamics["gold_probability"].astype(np.float64)
    confidence, variability = gold.mean(0), gold.std(0)
    correctness = dynamics["correct"].astype(np.float64).mean(0)
    points = sorted(glob.glob(os.path.join(base, "paths", path_id, "examples", "*-" + target + ".safetensors")),
                    key=lambda p: int(os.path.basename(p).split("-")[0]))
    if not points:
        raise SystemExit(f"no per-example scores of {target} under {os.path.join(base, 'paths', path_id)}")
    indices = [int(os.path.basename(p).split("-")[0]) for p in points]
    if indices != list(range(len(points))):
        raise SystemExit(f"the points' files are not 0..{len(points) - 1}: {indices}")
    right = np.stack([read(p)["correct"].astype(bool) for p in points])  # [points, n]
    start = right[0]
    first_wrong = np.full(right.shape[1], -1)
    for i in range(1, len(points)):
        first_wrong[start & ~right[i] & (first_wrong < 0)] = i
    print(f"{len(points)} points, {right.shape[1]} examples, {start.sum()} right at the start "
          f"({gold.shape[0]} recordings of the dynamics)")
    print("| first wrong at point | examples | confidence | variability | correctness |")
    print("|---|---|---|---|---|")

    def row(label, mask):
        if mask.sum() == 0:
            print(f"| {label} | 0 | — | — | — |")
        else:
            print(f"| {label} | {mask.sum()} | {confidence[mask].mean():.3f} | {variability[mask].mean():.3f} | "
                  f"{correctness[mask].mean():.3f} |")

    for i in range(1, len(points)):
        row(f"index {i}", start & (first_wrong == i))
    row("kept along the path", start & (first_wrong < 0))
    row("wrong at the start", ~start)

    forgotten, kept = start & (first_wrong > 0), start & (first_wrong < 0)
    if forgotten.sum() > 2:
        rho, p = stats.spearmanr(first_wrong[forgotten], confidence[forgotten])
        rv, pv = stats.spearmanr(first_wrong[forgotten], variability[forgotten])
        print(f"{forgotten.sum()} forgotten: Spearman's rho of the point first wrong with confidence {rho:.3f} "
              f"(p = {p:.2g}), with variability {rv:.3f} (p = {pv:.2g})")
        u = stats.mannwhitneyu(confidence[forgotten], confidence[kept])
        print(f"confidence, forgotten against kept: medians {np.median(confidence[forgotten]):.3f} and "
              f"{np.median(confidence[kept]):.3f}, Mann-Whitney U p = {u.pvalue:.2g}")


if __name__ == "__main__":
    main()
