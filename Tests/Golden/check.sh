#!/usr/bin/env bash
# Plans the four plan kinds with the release build and compares every CSV and
# JSON they write with the golden copies here, timings and version aside.
#   Tests/Golden/check.sh            compare (exit 1 on any difference)
#   Tests/Golden/check.sh --update   replace the golden copies (after a change that is meant to move them)
# Slow (about five minutes on two cores), so it is not part of `swift test`:
# run it before and after any change to searches, simulation or outputs.
set -euo pipefail
cd "$(dirname "$0")/../.."
update=${1:-}
swift build -c release --product planner >/dev/null
tool=.build/release/planner
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
declare -A kinds=(
  [default]="workloads/polyserve-paper.yaml"
  [mixed]="workloads/mixed-h200-l40s.yaml"
  [schedule]="workloads/diurnal.yaml"
  [both]="workloads/polyserve-paper.yaml --serving both"
)
# Wall-clock times, the tool's version and where the checkout lies are the only things allowed to differ.
normalise() {
  sed -E -e 's/"(wall_seconds|solve_seconds)" : [0-9.e+-]+/"\1" : 0/g' \
         -e 's/"version" : "[^"]*"/"version" : ""/g' -e "s#$PWD/##g" "$1"
}
status=0
for kind in default mixed schedule both; do
  # shellcheck disable=SC2086
  "$tool" plan ${kinds[$kind]} --quiet --jobs 2 --out "$work/$kind" >/dev/null
  for file in "$work/$kind"/*.csv "$work/$kind"/*.json; do
    name=$(basename "$file")
    golden="Tests/Golden/$kind/$name"
    if [[ $update == --update ]]; then
      mkdir -p "Tests/Golden/$kind"
      normalise "$file" > "$golden"
    elif ! diff -q <(normalise "$file") "$golden" >/dev/null 2>&1; then
      echo "differs: $kind/$name"; status=1
    fi
  done
  [[ $update == --update ]] || echo "compared: $kind"
done
# Reference simulations: every policy, fixed and autoscaled, a mixed fleet and a
# disaggregated one, short; the simulator's speed work must leave them unchanged
# (`ReferenceSimulationTests` runs the same ten in `swift test`).
declare -A runs=(
  [polyserve-auto]="workloads/polyserve-paper.yaml --policy polyserve --instances auto"
  [polyserve-fixed]="workloads/polyserve-paper.yaml --policy polyserve --instances 14"
  [co-chunk]="workloads/chat.yaml --policy co-chunk --instances 8"
  [minimal]="workloads/chat.yaml --policy minimal --instances 8"
  [random]="workloads/code-completion.yaml --policy random --instances 6"
  [partitioned]="workloads/polyserve-paper.yaml --policy partitioned --instances 14"
  [mixed-auto]="workloads/mixed-h200-l40s.yaml --instances auto"
  [mixed-fixed]="workloads/mixed-h200-l40s.yaml --mix 3,24"
  [disaggregated]="workloads/polyserve-paper.yaml --serving disaggregated --prefill-instances 4 --instances 10"
  [moe-fp8]="workloads/moe-fp8.yaml --instances auto --rate-scale 0.25"
)
for run in "${!runs[@]}"; do
  golden="Tests/Golden/simulate/$run.json"
  # shellcheck disable=SC2086
  "$tool" simulate ${runs[$run]} --requests 8000 --format json > "$work/$run.json" 2>/dev/null || true
  if [[ $update == --update ]]; then
    mkdir -p Tests/Golden/simulate
    normalise "$work/$run.json" > "$golden"
  elif ! diff -q <(normalise "$work/$run.json") "$golden" >/dev/null 2>&1; then
    echo "differs: simulate/$run"; status=1
  fi
done
[[ $update == --update ]] || echo "compared: simulate (${#runs[@]} runs)"
exit $status
