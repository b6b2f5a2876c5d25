#!/bin/bash
# Time to parity with greedy BatchBALD on the toy task (README, "quality … time to parity" rows): GflowNetQuality,
# 5000 steps (STEPS in the environment to change it), seed sets FIRST..LAST one after another, in a built checkout.
# By default a fresh JVM per seed set (every round pays the JIT compiler's warm-up, a few seconds); with ONE_JVM=1 in
# the environment one JVM runs them all, as an active-learning campaign runs its rounds (only the first pays it).
# Prints per seed set the checkpoints: seed set, H, step, training seconds, best-of-20 JMI, greedy JMI, ratio.
#
# usage: [ONE_JVM=1] time-to-parity.sh CHECKOUT FIRST LAST [EVERY (default 500)]
set -euo pipefail
d=$1; every=${4:-500}; steps=${STEPS:-5000}
cp="$(cat "$d/benchmark-suite/target/classpath.txt"):$d/benchmark-suite/target/classes"
quality() {
  java --add-modules jdk.incubator.vector -cp "$cp" org.batchgfn.bench.gflownet.GflowNetQuality steps="$steps" \
    every="$every" seedSets="$2" first="$1" flowLr=0.1 logitLr=1e-2 2>/dev/null | grep -v "^#\|^seedset"
}
if [ "${ONE_JVM:-0}" = 1 ]; then
  echo "# seed sets $2-$3 in one JVM $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
  quality "$2" $(($3 - $2 + 1))
else
  for s in $(seq "$2" "$3"); do
    echo "# seed set $s $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
    quality "$s" 1
  done
fi
