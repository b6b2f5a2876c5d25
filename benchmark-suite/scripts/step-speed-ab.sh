#!/bin/bash
# Step time of a reference checkout against others, interleaved, a fresh JVM per run: GflowNetSpeed at H = 64
# (1000 steps) and H = 128, 256 (200 steps), N = 2000, B = 10, T_b = 8. Each checkout must be built
# (`./batchgfn --help` once). The reference runs without the Vector API flag unless REFERENCE_FLAGS gives it.
# Prints "label  H  s/step  GFLOP/s" per run; the last checkout is also run at one thread.
#
# usage: step-speed-ab.sh ROUNDS REFERENCE_CHECKOUT CHECKOUT [CHECKOUT ...]
set -euo pipefail
rounds=$1; ref=$2; shift 2
run() { # checkout threads label vectorflag
  local cp="$(cat "$1/benchmark-suite/target/classpath.txt"):$1/benchmark-suite/target/classes"
  for args in "1000 64" "200 128 256"; do
    java $4 -Dbatchgfn.threads="$2" -cp "$cp" org.batchgfn.bench.gflownet.GflowNetSpeed $args 2>/dev/null \
      | grep -v '^N' | awk -v l="$3" '{print l"\t"$3"\t"$5"\t"$8; fflush()}'
  done
}
vec="--add-modules jdk.incubator.vector"
for r in $(seq 1 "$rounds"); do
  echo "# round $r $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
  run "$ref" 2 reference "${REFERENCE_FLAGS:-}"
  for d in "$@"; do run "$d" 2 "$(basename "$d")-t2" "$vec"; done
  last="${!#}"
  run "$last" 1 "$(basename "$last")-t1" "$vec"
done
