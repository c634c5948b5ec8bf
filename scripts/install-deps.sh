#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian 12 packages ctrace needs to build, run and test.
set -euo pipefail

packages=(
	build-essential cmake pkg-config
	liblttng-ust-dev lttng-tools liblttng-ctl-dev
	libbabeltrace2-dev babeltrace2 libdw-dev
	libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libfontconfig-dev
	fonts-dejavu-core fonts-wqy-microhei fontconfig
	libcmocka-dev
	clang-format git
	xvfb xauth
	python3
	rustc
)

# --bench adds the tools bench/peers.sh compares ctrace with.
if [ "${1:-}" = "--bench" ]; then
	packages+=(uftrace ltrace strace valgrind)
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
	sudo="sudo"
fi

missing=()
for p in "${packages[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing+=("$p")
	fi
done

if [ "${#missing[@]}" -eq 0 ]; then
	echo "install-deps: all ${#packages[@]} packages already installed"
	exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
