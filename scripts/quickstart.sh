#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# quickstart.sh - installs what ctrace needs, builds it, and runs the
# chapter's message-passing scenario (`ctrace scenario 2`).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
echo
exec build/bin/ctrace scenario 2 "$@"
