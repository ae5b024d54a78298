"""docs/security.md names a test for every threat: each must exist, so the page cannot drift from the tests."""
from __future__ import annotations

import ast
import re

from bot.config import ROOT

DOC = (ROOT / "docs" / "security.md").read_text()


def _tests_in(path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}


def test_every_threat_row_names_a_test_that_exists():
    rows = [line for line in DOC.splitlines() if line.startswith("| ") and not line.startswith(("| Threat", "|---"))]
    assert len(rows) >= 20
    for row in rows:
        named = re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", row.split("|")[-2])
        assert named, f"no test named in: {row[:80]}"
        for path, name in named:
            assert name in _tests_in(ROOT / path), f"{path}::{name} does not exist"
