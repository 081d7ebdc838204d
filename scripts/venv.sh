#!/usr/bin/env bash
# Make the project's virtual environment (.venv/) current for a requirements file, and reuse it
# when it already is: `scripts/venv.sh requirements.txt`. The one thing it needs from the system
# is Python 3.11+ with the `venv` module (Debian/Ubuntu: the python3-venv package).
#
# "Current" means: .venv/bin/python runs, is the Python it was made from, and the stamp
# .venv/.installed-<file> holds the hash of every requirements file. Anything else installs
# (or, for a broken or foreign interpreter, recreates the environment first). pip uses its
# usual cache, so a reinstall downloads nothing it has seen before.
set -euo pipefail
cd "$(dirname "$0")/.."

REQUIREMENTS="${1:?usage: scripts/venv.sh REQUIREMENTS_FILE}"
PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv}"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore

fail() {
  echo "$*" >&2
  exit 1
}

command -v "$PYTHON" >/dev/null 2>&1 ||
  fail "Python 3.11 or newer is needed as '$PYTHON' (not found). Install python3, or run make PYTHON=/path/to/python3.11."
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null ||
  fail "Python 3.11 or newer is needed; '$PYTHON' is $("$PYTHON" -V 2>&1). Run make PYTHON=/path/to/python3.11."
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null ||
  fail "'$PYTHON' cannot create virtual environments. On Debian or Ubuntu install it with: sudo apt-get install python3-venv"

base=$("$PYTHON" -c 'import sys; print(sys.base_prefix, sys.version)')
if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.base" 2>/dev/null)" = "$base" ] && "$VENV/bin/python" -c '' 2>/dev/null; then
  :
else
  [ -e "$VENV" ] && echo "Recreating $VENV: it was made by another Python or is broken."
  rm -rf "$VENV"
  echo "Creating the project's virtual environment in $VENV/ ..."
  if ! "$PYTHON" -m venv "$VENV" >/dev/null; then
    rm -rf "$VENV"
    fail "'$PYTHON -m venv' failed. On Debian or Ubuntu install it with: sudo apt-get install python3-venv"
  fi
  echo "$base" >"$VENV/.base"
fi

wanted=$(cat requirements*.txt | sha256sum | cut -d' ' -f1)
stamp="$VENV/.installed-$(basename "$REQUIREMENTS")"
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "Installing $REQUIREMENTS into $VENV/ (a few minutes the first time) ..."
  "$VENV/bin/python" -m pip install -q -r "$REQUIREMENTS"
  echo "$wanted" >"$stamp"
fi
