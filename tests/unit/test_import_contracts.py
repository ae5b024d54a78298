"""The import contracts in pyproject.toml (layers, features independent, bot/ free of Rasa, the pages' shared
layout) hold, and they would catch a feature importing another: checked by running lint-imports on a copy
that breaks one."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=folder, capture_output=True, text=True,
                          timeout=120)


def copy_of_the_code(into: Path) -> Path:
    for package in ("bot", "actions", "rasa_addons"):
        shutil.copytree(ROOT / package, into / package, ignore=shutil.ignore_patterns("__pycache__", "static"))
    shutil.copy(ROOT / "pyproject.toml", into / "pyproject.toml")
    return into


def test_the_code_keeps_every_contract():
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4 kept, 0 broken" in done.stdout


BREAKING_IMPORTS = [  # (module, the line added to it, what lint-imports then reports)
    ("bot/handoff/labels.py", "from bot.referrals.store import ReferralStore",
     ("Features never import each other BROKEN", "bot.handoff.labels -> bot.referrals.store")),
    ("bot/rules/pay.py", "import rasa_sdk", ("bot/ never imports Rasa, so every rule runs without it BROKEN",)),
    ("bot/web/review.py", "from bot.web.inbox import waited", ("not the inbox's code BROKEN",)),
]


@pytest.mark.parametrize("module, line, reported", BREAKING_IMPORTS)
def test_an_import_across_the_layers_breaks_the_contracts(tmp_path, module, line, reported):
    copy = copy_of_the_code(tmp_path)
    with open(copy / module, "a") as source:
        source.write(f"\n{line}  # noqa: E402,F401\n")
    done = lint_imports(copy)
    assert done.returncode != 0
    assert all(words in done.stdout for words in reported), done.stdout
