"""The layout keeps its promises: `core` is layered without cycles, never imports Streamlit,
and no module of it grows past one concern's size."""

from __future__ import annotations

import graphlib
import subprocess
import sys
from pathlib import Path

import grimp

PROJECT = Path(__file__).resolve().parents[1]
MAX_MODULE_LINES = 300


def test_import_contracts_hold():
    # The layers and the Streamlit ban are declared in pyproject.toml ([tool.importlinter]).
    done = subprocess.run(
        [sys.executable, "-m", "importlinter.cli", "--no-cache"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_import_cycle_between_modules_of_core():
    # grimp reads every import statement, those inside functions included, so a cycle hidden
    # behind a function-level import counts too.
    graph = grimp.build_graph("core", cache_dir=None)
    deps = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    try:
        graphlib.TopologicalSorter(deps).prepare()
    except graphlib.CycleError as error:
        raise AssertionError(f"import cycle: {' -> '.join(error.args[1])}") from None


def test_no_module_of_core_is_over_300_lines():
    long = {
        str(path.relative_to(PROJECT)): n
        for path in (PROJECT / "core").rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"split these by concern: {long}"
