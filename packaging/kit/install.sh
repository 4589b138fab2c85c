#!/bin/sh
# cchc-tui @VERSION@ (@TARGET@): offline install from this kit, made by tools/build_kit.py.
# Usage: sh install.sh [INSTALL_FOLDER]   (default: ~/.local/opt/cchc-tui)
# Python 3.11: $PYTHON, else python3.11, else python3. Downloads nothing; the data folder
# (~/.local/share/cchc-tui) is never touched here.
set -eu
KIT=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
DEST=${1:-"$HOME/.local/opt/cchc-tui"}
if [ -n "${PYTHON:-}" ]; then
  PY=$PYTHON
elif command -v python3.11 >/dev/null 2>&1; then
  PY=python3.11
else
  PY=python3
fi
echo "Cài phần mềm báo cáo CCHC (cchc-tui @VERSION@) vào $DEST"
"$PY" "$KIT/verify_kit.py"
"$PY" -m venv "$DEST/venv"
PIP_CONFIG_FILE=/dev/null "$DEST/venv/bin/python" -m pip --isolated --disable-pip-version-check \
  install --no-index --find-links "$KIT/wheelhouse" -c "$KIT/constraints.txt" --upgrade \
  "cchc-tui==@VERSION@"
"$DEST/venv/bin/cchc" templates list
echo "Đã cài xong. Mở phần mềm: $DEST/venv/bin/cchc"
