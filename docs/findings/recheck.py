#!/usr/bin/env python3
"""Recompute a study's barriers, intervals and verdicts from its points.csv, independently of modeconn's Java code.

    python3 docs/findings/recheck.py docs/findings/rq1-methods-points.csv [--rule linear] [--epsilon 0.02]
    python3 docs/findings/recheck.py docs/findings/rq1-adapter-init-points.csv --paired line curve

For every path and dataset of the CSV (the report's points.csv: path,path_id,dataset,index,t,n,loss,accuracy,
error,macro_f1) it computes the three barrier definitions of docs/study-spec.md for the error and the loss:

    max − mean     max_t f(t) − ½[f(0) + f(1)]                          (Frankle et al. 2020)
    linear         max_t { f(t) − [(1 − t)·f(0) + t·f(1)] }, clipped at 0  (Entezari et al. 2022)
    above worse    max_t f(t) − max(f(0), f(1)), clipped at 0

then groups the replicates of one comparison (a sweep's SWEEP-i-to-j and its SWEEP-i-to-j-rR) and prints,
per comparison and dataset, each definition's mean ± the half-width of a 95% Student's t interval over the
replicates, and the verdict of the rule's error barrier against ε: CONNECTED when the interval's upper end is at
most ε, BARRIER when its lower end is above ε, UNDECIDED otherwise (with one replicate: the value against ε).
With --paired FIRST SECOND (two sweeps whose paths join the same endpoints, as a line and a curve do in
examples/rq1-adapter-init.yaml) it prints instead, per comparison of FIRST and dataset, each definition's
difference SECOND − FIRST replicate by replicate (SECOND-i-to-j-rR minus FIRST-i-to-j-rR) as the mean ± the
half-width of its paired 95% t interval, marked "(below 0)" or "(above 0)" where the whole interval lies there and
unmarked where 0 lies inside it: the report's "Paths between the same endpoints" table. It exits non-zero when FIRST
or SECOND names no sweep of the CSV, when no comparison of FIRST has a SECOND counterpart on the same dataset, or
when the two have different replicates. The CSV holds no endpoint ids, so the pairing is by name.
Only numpy and scipy (Debian's python3-numpy, python3-scipy).
"""
import argparse
import csv
import re
from collections import OrderedDict

import numpy as np
from scipy import stats

DEFINITIONS = ["max − mean", "linear", "above worse"]
RULES = {"mean": "max − mean", "linear": "linear", "worse-endpoint": "above worse"}


def barriers(t, f):
    """The three definitions of one quantity f along a path with grid t (t[0] = 0, t[-1] = 1)."""
    t, f = np.asarray(t, dtype=float), np.asarray(f, dtype=float)
    chord = (1 - t) * f[0] + t * f[-1]
    return {
        "max − mean": f.max() - 0.5 * (f[0] + f[-1]),
        "linear": max(0.0, (f - chord).max()),
        "above worse": max(0.0, f.max() - max(f[0], f[-1])),
    }


def comparison_of(path, paths):
    """The comparison a path belongs to: a sweep's replicate r > 1 of SWEEP-i-to-j is named SWEEP-i-to-j-rR
    (docs/study-spec.md), and belongs to SWEEP-i-to-j when that path is in the study; any other path is its own."""
    m = re.fullmatch(r"(.+-\d+-to-\d+)-r\d+", path)
    return m.group(1) if m and m.group(1) in paths else path


def interval(values):
    """(mean, half-width of the 95% Student's t interval); the half-width is nan for one value."""
    v = np.asarray(values, dtype=float)
    if len(v) == 1:
        return v[0], float("nan")
    return v.mean(), stats.t.ppf(0.975, len(v) - 1) * v.std(ddof=1) / np.sqrt(len(v))


def paired(comparisons, columns, first, second):
    """Print SECOND − FIRST per comparison of FIRST and dataset, replicate by replicate, with the paired interval."""
    sweeps = {re.fullmatch(r"(.+)-\d+-to-\d+", c).group(1) for c, _ in comparisons if re.fullmatch(r".+-\d+-to-\d+", c)}
    for name in (first, second):
        if name not in sweeps:
            raise SystemExit(f"no sweep named {name} in the CSV (its sweeps: {', '.join(sorted(sweeps)) or 'none'})")
    print(f"| {second} − {first} | dataset | n | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 3) + "|")
    printed = 0
    for (comparison, dataset), paths in comparisons.items():
        if not re.fullmatch(re.escape(first) + r"-\d+-to-\d+", comparison):
            continue
        other = comparisons.get((second + comparison[len(first):], dataset))
        if other is None:
            continue
        printed += 1
        mine = dict(paths)
        theirs = dict(other)
        if sorted(theirs) != sorted(second + p[len(first):] for p in mine):
            raise SystemExit(f"{comparison} and its {second} comparison on {dataset} have different replicates")
        cells = []
        for column in columns:
            d = [theirs[second + p[len(first):]][column] - b[column] for p, b in mine.items()]
            mean, half = interval(d)
            side = "" if np.isnan(half) else " (below 0)" if mean + half < 0 else " (above 0)" if mean - half > 0 else ""
            cells.append((f"{mean:.4f}" if np.isnan(half) else f"{mean:.4f} ± {half:.4f}") + side)
        print(f"| {second + comparison[len(first):]} − {comparison} | {dataset} | {len(mine)} | " + " | ".join(cells) + " |")
    if printed == 0:
        raise SystemExit(f"no comparison of {first} has a {second} counterpart on the same dataset")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("points", help="a study's points.csv")
    parser.add_argument("--rule", choices=sorted(RULES), default="linear", help="the barrier that decides (default linear)")
    parser.add_argument("--epsilon", type=float, default=0.02, help="the threshold ε (default 0.02)")
    parser.add_argument("--paired", nargs=2, metavar=("FIRST", "SECOND"),
                        help="two sweeps between the same endpoints: print SECOND − FIRST pair by pair")
    args = parser.parse_args()

    series = OrderedDict()  # (path, dataset) -> rows sorted by index
    with open(args.points, newline="") as f:
        for row in csv.DictReader(f):
            series.setdefault((row["path"], row["dataset"]), []).append(row)
    comparisons = OrderedDict()  # (comparison, dataset) -> [(path, {quantity definition: value})]
    for (path, dataset), rows in series.items():
        rows.sort(key=lambda r: int(r["index"]))
        t = [float(r["t"]) for r in rows]
        b = {}
        for quantity in ("error", "loss"):
            for definition, value in barriers(t, [float(r[quantity]) for r in rows]).items():
                b[quantity + " " + definition] = value
        comparisons.setdefault((comparison_of(path, {p for p, _ in series}), dataset), []).append((path, b))

    columns = [q + " " + d for q in ("error", "loss") for d in DEFINITIONS]
    if args.paired:
        paired(comparisons, columns, *args.paired)
        return
    decisive = "error " + RULES[args.rule]
    print("| comparison | dataset | n | " + " | ".join(columns) + f" | verdict ({args.rule} ≤ {args.epsilon}) |")
    print("|---" * (len(columns) + 4) + "|")
    for (comparison, dataset), paths in comparisons.items():
        cells = []
        for column in columns:
            mean, half = interval([b[column] for _, b in paths])
            cells.append(f"{mean:.4f}" if np.isnan(half) else f"{mean:.4f} ± {half:.4f}")
        mean, half = interval([b[decisive] for _, b in paths])
        if np.isnan(half):
            verdict = "CONNECTED" if mean <= args.epsilon else "BARRIER"
        else:
            verdict = "CONNECTED" if mean + half <= args.epsilon else "BARRIER" if mean - half > args.epsilon else "UNDECIDED"
        print(f"| {comparison} | {dataset} | {len(paths)} | " + " | ".join(cells) + f" | {verdict} |")


if __name__ == "__main__":
    main()
