#!/bin/bash
# Time to parity of two or more built checkouts, interleaved (README, the f2ea12c comparison of the time-to-parity
# rows): for each seed set FIRST..LAST, time-to-parity.sh (this directory's: one definition of the workload) with one
# evaluation at the end, a fresh JVM per checkout, the checkouts one after another, so that the machine's drift hits
# them alike. STEPS in the environment as there. Prints per run the checkout's name, then time-to-parity.sh's lines.
#
# usage: parity-ab.sh FIRST LAST CHECKOUT...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
first=$1; last=$2; shift 2; steps=${STEPS:-5000}
for s in $(seq "$first" "$last"); do
  for d in "$@"; do
    echo "# checkout $(basename "$(cd "$d" && pwd)")"
    bash "$here/time-to-parity.sh" "$d" "$s" "$s" "$steps"
  done
done
