#!/bin/sh
# Regenerates every bundled roofline profile from the catalogue with the
# planner's current fit (docs/profiles.md). Run from the project root after
# `swift build -c release`. Where ../shared/data is present, the held-out
# errors of the serving corpus are rewritten first (latency-bands.csv), and
# each profile whose GPU and model were both held out carries its band.
# The files here are the project's own: each is removed before it is written
# again (the planner itself replaces only files whose seal it can check).
set -eu
planner=${PLANNER:-.build/release/planner}
engine=${ENGINE:-vllm-0.15}
bands=workloads/profiles/latency-bands.csv
if [ -d ../shared/data/measured/vllm-0.15-serving ]; then
  rm -f "$bands"
  "$planner" validate --only serving --corpus ../shared/data/measured --write-bands "$bands" >/dev/null
fi
generate() {
  out=$1; shift
  rm -f "$out"
  "$planner" profile generate --engine "$engine" "$@" -o "$out"
}
for gpu in A100-80GB H100-SXM H200 L40S B200 MI300X; do
  name=$(echo "$gpu" | tr 'A-Z' 'a-z')
  generate "workloads/profiles/$name-llama-3.1-8b-tp1.csv" --gpu "$gpu" --model Llama-3.1-8B --tp 1 --bands "$bands"
done
generate workloads/profiles/a100-80gb-llama-3.1-70b-tp4.csv --gpu A100-80GB --model Llama-3.1-70B --tp 4 --bands "$bands"
for tp in 2 4 8; do
  generate "workloads/profiles/h100-sxm-llama-3.1-70b-tp$tp.csv" --gpu H100-SXM --model Llama-3.1-70B --tp "$tp" --bands "$bands"
done
# A mixture-of-experts model in FP8 (weights from its config's quantization_config, KV cache fp8).
generate workloads/profiles/h200-qwen3-30b-a3b-tp1-fp8.csv --gpu H200 --model-config workloads/models/qwen3-30b-a3b/config.json --kv fp8
