#!/bin/sh
# Regenerates every bundled roofline profile from the catalogue with the
# planner's current fit (docs/profiles.md). Run from the project root after
# `swift build -c release`. Where ../shared/data is present, the held-out
# errors of the serving corpus are rewritten first (latency-bands.csv), and
# each profile whose GPU and model were both held out carries its band.
set -eu
planner=${PLANNER:-.build/release/planner}
engine=${ENGINE:-vllm-0.15}
bands=workloads/profiles/latency-bands.csv
if [ -d ../shared/data/measured/vllm-0.15-serving ]; then
  "$planner" validate --only serving --corpus ../shared/data/measured --write-bands "$bands" >/dev/null
fi
for gpu in A100-80GB H100-SXM H200 L40S B200 MI300X; do
  name=$(echo "$gpu" | tr 'A-Z' 'a-z')
  "$planner" profile generate --gpu "$gpu" --model Llama-3.1-8B --tp 1 --engine "$engine" --bands "$bands" -o "workloads/profiles/$name-llama-3.1-8b-tp1.csv"
done
"$planner" profile generate --gpu A100-80GB --model Llama-3.1-70B --tp 4 --engine "$engine" --bands "$bands" -o workloads/profiles/a100-80gb-llama-3.1-70b-tp4.csv
for tp in 2 4 8; do
  "$planner" profile generate --gpu H100-SXM --model Llama-3.1-70B --tp "$tp" --engine "$engine" --bands "$bands" -o "workloads/profiles/h100-sxm-llama-3.1-70b-tp$tp.csv"
done
