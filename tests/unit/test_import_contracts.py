"""The import contracts in pyproject.toml (layers, features independent, bot/ free of Rasa, the pages' shared
layout) hold, and they would catch a feature importing another: checked by running lint-imports on a copy
that breaks one."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

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


def test_handoff_importing_referrals_breaks_the_contracts(tmp_path):
    copy = copy_of_the_code(tmp_path)
    with open(copy / "bot" / "handoff" / "labels.py", "a") as module:
        module.write("\nfrom bot.referrals.store import ReferralStore  # noqa: E402,F401\n")
    done = lint_imports(copy)
    assert done.returncode != 0
    assert "Features never import each other BROKEN" in done.stdout
    assert "bot.handoff.labels -> bot.referrals.store" in done.stdout


def test_bot_importing_rasa_breaks_the_contracts(tmp_path):
    copy = copy_of_the_code(tmp_path)
    with open(copy / "bot" / "rules" / "pay.py", "a") as module:
        module.write("\nimport rasa_sdk  # noqa: E402,F401\n")
    done = lint_imports(copy)
    assert done.returncode != 0
    assert "bot/ never imports Rasa, so every rule runs without it BROKEN" in done.stdout


def test_the_review_page_importing_the_inbox_breaks_the_contracts(tmp_path):
    copy = copy_of_the_code(tmp_path)
    with open(copy / "bot" / "web" / "review.py", "a") as module:
        module.write("\nfrom bot.web.inbox import waited  # noqa: E402,F401\n")
    done = lint_imports(copy)
    assert done.returncode != 0
    assert "not the inbox's code BROKEN" in done.stdout
