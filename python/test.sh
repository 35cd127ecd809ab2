#!/usr/bin/env bash
# Builds the Python package from source into a virtual environment (target/python-venv) and
# runs its tests. Needs python3 with venv and pip, and PyPI for maturin, pytest, pyarrow, duckdb,
# pandas and polars.
set -euo pipefail
cd "$(dirname "$0")"
venv="${NEWSMILL_VENV:-../target/python-venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check ".[test]"
# pytest itself, not `python -m pytest`: the source tree must not shadow the installed package.
"$venv/bin/pytest" -q -p no:cacheprovider
