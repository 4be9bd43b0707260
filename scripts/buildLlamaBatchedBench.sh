#!/usr/bin/env bash
# Builds llama.cpp's own `llama-batched-bench` from the llama.cpp source that node-llama-cpp ships
# (node_modules/node-llama-cpp/llama/gitRelease.bundle, the same version the app runs), into .bench-tools/.
# `npm run bench` compares the policy's batched expansion against it. CPU build by default; pass
# -DGGML_CUDA=ON (and have nvcc) for a CUDA one. Takes a few minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
src=.bench-tools/llama.cpp
if [ ! -d "$src" ]; then
	mkdir -p .bench-tools
	git clone -q node_modules/node-llama-cpp/llama/gitRelease.bundle "$src"
fi
cmake -S "$src" -B "$src/build" -DCMAKE_BUILD_TYPE=Release -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_SERVER=OFF "$@" >/dev/null
cmake --build "$src/build" --target llama-batched-bench -j "$(nproc)"
ln -sf "$(pwd)/$src/build/bin/llama-batched-bench" .bench-tools/llama-batched-bench
echo ".bench-tools/llama-batched-bench built"
