"""Context switches per second of every modeconn JVM on this machine, per group of threads, over one window
(docs/performance.md, "Idle wake-ups"). Threads are grouped by their name with digits dropped (Linux keeps the
first 15 characters of a Java thread's name; the engine's OpenMP threads carry the name of the thread that started
them, e.g. `executor-thread`). Run it while a study or `modeconn bench --only pipeline` runs:

    python3 bench/sample_threads.py 30

Per process: its voluntary (a thread went to sleep) and involuntary (a thread was preempted) switches per second,
then its busiest groups: `NAME xTHREADS vol V/s invol I/s`. A thread started or ended inside the window skews its
group (its switches before the window count, or those it made are lost).
"""
import collections
import glob
import re
import subprocess
import sys
import time


def processes():
    """pid -> a short name: the service's jar, the CLI command or the local stack's main class."""
    found = {}
    for line in subprocess.run(['pgrep', '-af', 'java'], capture_output=True, text=True).stdout.splitlines():
        pid, command = line.split(' ', 1)
        m = re.search(r'(\w+-service|modeconn-cli\.jar \w+|LocalStackMain)', command)
        if m:
            found[int(pid)] = m.group(1)
    return found


def reading(pid):
    """(group, 'vol' | 'invol' | 'threads') -> count, summed over the process's threads."""
    counts = collections.Counter()
    for task in glob.glob(f'/proc/{pid}/task/*'):
        try:
            group = re.sub(r'\d+', '#', open(task + '/comm').read().strip())
            for line in open(task + '/status'):
                if line.startswith('voluntary_ctxt_switches'):
                    counts[(group, 'vol')] += int(line.split()[1])
                elif line.startswith('nonvoluntary_ctxt_switches'):
                    counts[(group, 'invol')] += int(line.split()[1])
            counts[(group, 'threads')] += 1
        except (FileNotFoundError, ProcessLookupError):
            pass  # the thread ended between the listing and the reading
    return counts


def main(seconds):
    found = processes()
    before = {pid: reading(pid) for pid in found}
    time.sleep(seconds)
    for pid, name in found.items():
        after = reading(pid)
        rows = []
        for group in {g for g, _ in after}:
            vol = (after[(group, 'vol')] - before[pid][(group, 'vol')]) / seconds
            invol = (after[(group, 'invol')] - before[pid][(group, 'invol')]) / seconds
            rows.append((vol + invol, group, after[(group, 'threads')], vol, invol))
        rows.sort(reverse=True)
        print(f'== {name} ({pid}): voluntary {sum(r[3] for r in rows):.0f}/s involuntary {sum(r[4] for r in rows):.0f}/s')
        for total, group, threads, vol, invol in rows[:12]:
            if total >= 1:
                print(f'   {group:18s} x{threads:<3d} vol {vol:7.1f}/s  invol {invol:6.1f}/s')


if __name__ == '__main__':
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 30)
