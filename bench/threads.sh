#!/usr/bin/env bash
# The engine's threads when two engine processes share the cores, as the trainer and the evaluator do
# under `modeconn run` (docs/performance.md, "Threads"). Runs, on this machine, one after the other:
#   1. one bench alone with libgomp's default wait policy, then with OMP_WAIT_POLICY=PASSIVE (what the
#      local services get): evaluation and training rates, so the policy's own cost is seen;
#   2. two evaluation benches at once, both with the default policy, then both PASSIVE: each one's rate;
#   3. one evaluation bench with OMP_NUM_THREADS=1: whether the engine honours it (the Kubernetes
#      manifests set it from the CPU request), seen in its rate and its CPU time per wall second.
# Every figure is a ratio within this run. Needs /usr/bin/time (Debian: time).
# Usage: bench/threads.sh [DATA-DIR]   (default: ../shared/data beside the project)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${1:-$root/../shared/data}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$root/modeconn" --version >/dev/null # builds the jars first if needed

# bench POLICY LOG ARGS...: one bench under the wait policy (default: unset), timed into LOG.time
bench() {
  local policy=$1 log=$2
  shift 2
  local -a env=(-u OMP_WAIT_POLICY)
  [ "$policy" = PASSIVE ] && env=(OMP_WAIT_POLICY=PASSIVE)
  env "${env[@]}" /usr/bin/time -f "%e s wall, %U s user CPU" -o "$log.time" \
      "$root/modeconn" bench --no-reference --data-dir "$data" "$@" > "$log" 2>&1
}
rate() { grep -o "bucketed [0-9.]* seq/s" "$1" | head -1 | grep -o "[0-9.]*"; }

for policy in default PASSIVE; do
  bench "$policy" "$out/alone-$policy.log" --only evaluation,training --steps 10
  echo "alone, wait policy $policy ($(cat "$out/alone-$policy.log.time")):"
  grep -E "^evaluation \(batch|^training" "$out/alone-$policy.log" | sed 's/^/  /'
done

for policy in default PASSIVE; do
  start=$(date +%s)
  bench "$policy" "$out/pair-$policy-1.log" --only evaluation &
  bench "$policy" "$out/pair-$policy-2.log" --only evaluation &
  wait
  echo "two evaluation benches at once, wait policy $policy: $(rate "$out/pair-$policy-1.log") and" \
       "$(rate "$out/pair-$policy-2.log") seq/s bucketed, $(( $(date +%s) - start )) s for both"
done

bench default "$out/alone-eval.log" --only evaluation
OMP_NUM_THREADS=1 bench default "$out/one-thread.log" --only evaluation
echo "evaluation alone: $(rate "$out/alone-eval.log") seq/s bucketed ($(cat "$out/alone-eval.log.time"));" \
     "with OMP_NUM_THREADS=1: $(rate "$out/one-thread.log") seq/s ($(cat "$out/one-thread.log.time"))"
