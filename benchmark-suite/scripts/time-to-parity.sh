#!/bin/bash
# Time to parity with greedy BatchBALD on the toy task (README, "quality … time to parity" rows): GflowNetQuality,
# 5000 steps (STEPS in the environment to change it), seed sets FIRST..LAST one after another, a fresh JVM each, in a built checkout.
# Prints per seed set the checkpoints: seed set, H, step, training seconds, best-of-20 JMI, greedy JMI, ratio.
#
# usage: time-to-parity.sh CHECKOUT FIRST LAST [EVERY (default 500)]
set -euo pipefail
d=$1; every=${4:-500}; steps=${STEPS:-5000}
cp="$(cat "$d/benchmark-suite/target/classpath.txt"):$d/benchmark-suite/target/classes"
for s in $(seq "$2" "$3"); do
  echo "# seed set $s $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
  java --add-modules jdk.incubator.vector -cp "$cp" org.batchgfn.bench.gflownet.GflowNetQuality steps="$steps" \
    every="$every" seedSets=1 first="$s" flowLr=0.1 logitLr=1e-2 2>/dev/null | grep -v "^#\|^seedset"
done
