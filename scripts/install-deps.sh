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
	gettext locales
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
else
	echo "install-deps: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -qq
	$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The zh_CN.UTF-8 locale, so that LANG=zh_CN.UTF-8 gives ctrace's Chinese
# messages (po/zh_CN.po) the way users expect, other programs' too. Debian 12
# generates only the locales /etc/locale.gen enables; a fresh system has none.
# (ctrace --lang zh works without it: it falls back to C.UTF-8.)
if ! locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\?8'; then
	echo "install-deps: generating the zh_CN.UTF-8 locale"
	if [ -f /etc/locale.gen ]; then
		$sudo sed -i 's/^# *\(zh_CN\.UTF-8 UTF-8\)/\1/' /etc/locale.gen
		grep -q '^zh_CN\.UTF-8 UTF-8' /etc/locale.gen ||
			echo 'zh_CN.UTF-8 UTF-8' | $sudo tee -a /etc/locale.gen >/dev/null
		$sudo locale-gen
	else
		$sudo localedef -i zh_CN -f UTF-8 zh_CN.UTF-8
	fi
fi
