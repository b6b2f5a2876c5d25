#!/bin/bash
# Time to parity of two or more built checkouts, interleaved (README, the f2ea12c comparison of the time-to-parity
# rows): for each seed set FIRST..LAST, GflowNetQuality as in time-to-parity.sh (5000 steps, STEPS to change it; one
# evaluation at the end) in a fresh JVM per checkout, the checkouts one after another, so that the machine's drift
# hits them alike. Prints per run: time, checkout, seed set, H, step, training seconds, best-of-20 JMI, greedy, ratio.
#
# usage: parity-ab.sh FIRST LAST CHECKOUT...
set -euo pipefail
first=$1; last=$2; shift 2; steps=${STEPS:-5000}
for s in $(seq "$first" "$last"); do
  for d in "$@"; do
    cp="$(cat "$d/benchmark-suite/target/classpath.txt"):$d/benchmark-suite/target/classes"
    out=$(java --add-modules jdk.incubator.vector -cp "$cp" org.batchgfn.bench.gflownet.GflowNetQuality steps="$steps" \
      every="$steps" seedSets=1 first="$s" flowLr=0.1 logitLr=1e-2 2>/dev/null | grep -v "^#\|^seedset")
    echo "$(date -u +%T) $(basename "$(cd "$d" && pwd)") $out"
  done
done
