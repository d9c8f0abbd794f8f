#!/bin/sh
# Installs the Leiden peer of the rationalize/scale benchmark: Debian's
# python3-igraph and python3-leidenalg, for the system Python
# (/usr/bin/python3). Idempotent: does nothing when both import already.
# Benchmark-only: cbb itself never needs them.
set -eu

PY=/usr/bin/python3
if [ -x "$PY" ] && "$PY" -c 'import igraph, leidenalg' 2>/dev/null; then
	echo "python3-igraph and python3-leidenalg already installed"
	exit 0
fi
SUDO=
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q python3-igraph python3-leidenalg
"$PY" -c 'import igraph, leidenalg; print("igraph", igraph.__version__, "leidenalg", leidenalg.version)'
