#!/usr/bin/env python3
"""Samples the resident memory and CPU time of modeconn's service processes while a study runs.

Every INTERVAL seconds, for each running java process whose command line names a service jar
(trainer-service, interpolator-service, evaluator-service, reporter-service), appends one CSV row:
    seconds since start, service, pid, VmRSS in MiB, CPU seconds used so far (user + system)
Read from /proc (Linux only). Stops after --seconds, or on Ctrl-C. Used for the memory and idle-CPU
figures of docs/performance.md:
    python3 bench/sample_services.py --out runs/services.csv --interval 10 --seconds 7200
"""
import argparse
import os
import time

SERVICES = ("trainer-service", "interpolator-service", "evaluator-service", "reporter-service")
TICKS = os.sysconf("SC_CLK_TCK")


def services(root):
    """(service, pid) of every running service process whose command line contains root."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "java" not in cmd or root not in cmd:
            continue
        for s in SERVICES:
            if f"/{s}/" in cmd:
                found.append((s, int(pid)))
    return found


def sample(pid):
    """(rss MiB, cpu seconds) of one process, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            rss = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        cpu = (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime (fields 14 and 15 of stat)
        return rss / 1024, cpu
    except (OSError, StopIteration):
        return None


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True)
    p.add_argument("--interval", type=float, default=10)
    p.add_argument("--seconds", type=float, default=7200)
    p.add_argument("--root", default="", help="only services whose jar path contains this (e.g. a checkout)")
    a = p.parse_args()
    start = time.time()
    with open(a.out, "a") as out:
        if out.tell() == 0:
            out.write("seconds,service,pid,rss_mib,cpu_seconds\n")
        try:
            while time.time() - start < a.seconds:
                now = round(time.time() - start, 1)
                for service, pid in services(a.root):
                    s = sample(pid)
                    if s:
                        out.write(f"{now},{service},{pid},{s[0]:.1f},{s[1]:.2f}\n")
                out.flush()
                time.sleep(a.interval)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
