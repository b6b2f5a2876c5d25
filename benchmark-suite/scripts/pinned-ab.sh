#!/bin/bash
# One-thread A/B of two built checkouts that is robust to the machine's drift: both train at the same time, one
# pinned to each core (taskset), then again with the cores swapped; compare the two runs of each pair. It measures
# one thread's work, not how well two threads share it. Needs 2 cores and `taskset` (util-linux).
#
# usage: pinned-ab.sh SEED_SET STEPS CHECKOUT_A CHECKOUT_B
set -euo pipefail
seed=$1; steps=$2; a=$3; b=$4
run() { # checkout core
  local cp="$(cat "$1/benchmark-suite/target/classpath.txt"):$1/benchmark-suite/target/classes"
  taskset -c "$2" java -XX:ActiveProcessorCount=1 -Dbatchgfn.threads=1 --add-modules jdk.incubator.vector -cp "$cp" \
    org.batchgfn.bench.gflownet.GflowNetQuality steps="$steps" every=500 seedSets=1 first="$seed" flowLr=0.1 \
    logitLr=1e-2 2>/dev/null | grep -v "^#\|^seedset" | cut -f3,4,7 | tr '\n' ' '
}
for order in "0 1" "1 0"; do
  set -- $order
  echo "# $(date -u +%T) A on core $1, B on core $2 (step, seconds, ratio)"
  (echo "A $(run "$a" "$1")") & (echo "B $(run "$b" "$2")") & wait
done
