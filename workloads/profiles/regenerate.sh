#!/bin/sh
# Regenerates every bundled roofline profile from the catalogue with the
# planner's current factors (docs/profiles.md). Run from the
# project root after `swift build -c release`.
set -eu
planner=${PLANNER:-.build/release/planner}
engine=${ENGINE:-vllm-0.15}
for gpu in A100-80GB H100-SXM H200 L40S B200 MI300X; do
  name=$(echo "$gpu" | tr 'A-Z' 'a-z')
  "$planner" profile generate --gpu "$gpu" --model Llama-3.1-8B --tp 1 --engine "$engine" -o "workloads/profiles/$name-llama-3.1-8b-tp1.csv"
done
"$planner" profile generate --gpu A100-80GB --model Llama-3.1-70B --tp 4 --engine "$engine" -o workloads/profiles/a100-80gb-llama-3.1-70b-tp4.csv
for tp in 2 4 8; do
  "$planner" profile generate --gpu H100-SXM --model Llama-3.1-70B --tp "$tp" --engine "$engine" -o "workloads/profiles/h100-sxm-llama-3.1-70b-tp$tp.csv"
done
