"""Samples, once a second, the bench JVM and the evaluator service: CPU ticks (user, system), minor page faults and
voluntary / involuntary context switches summed over their threads, from /proc (docs/performance.md, "The
evaluator's scoring in the pipeline"). Start it right after `./modeconn bench --only pipeline ...`; it stops when
the bench does.

    python3 bench/sample_switches.py OUT.txt

Each line of OUT.txt: seconds process pid utime_ticks stime_ticks minor_faults voluntary involuntary.
"""
import subprocess
import sys
import time

import sample_threads  # beside this script


def pids(pattern):
    found = subprocess.run(['pgrep', '-f', pattern], capture_output=True, text=True).stdout.split()
    return [int(p) for p in found]


def sample(pid):
    try:
        fields = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
        minflt, utime, stime = int(fields[7]), int(fields[11]), int(fields[12])
        counts = sample_threads.reading(pid)  # per thread group, summed over the living threads
        voluntary = sum(n for (_, kind), n in counts.items() if kind == 'vol')
        involuntary = sum(n for (_, kind), n in counts.items() if kind == 'invol')
        return utime, stime, minflt, voluntary, involuntary
    except FileNotFoundError:
        return None


def main(path):
    start = time.time()
    with open(path, 'w') as out:
        while True:
            bench = pids('modeconn-cli.jar bench')
            if not bench:
                break
            for name, found in (('bench', bench), ('evaluator', pids('evaluator-service'))):
                for pid in found:
                    s = sample(pid)
                    if s:
                        out.write('%.1f %s %d %d %d %d %d %d\n' % (time.time() - start, name, pid, *s))
            out.flush()
            time.sleep(1)


if __name__ == '__main__':
    main(sys.argv[1])
