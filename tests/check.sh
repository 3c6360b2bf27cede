#!/usr/bin/env bash
# The house habits, before the tests: ruff's lint and format check over the repo, and mypy
# (strict on assistant/, settings in pyproject.toml). Each prints what to fix and exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
