"""Runs the Rasa command line (in its own environment) to validate, train and test the dialogue model.

A model is named after a hash of everything that goes into training, so a model that already exists for
the same inputs is never trained again.
"""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from bot.config import Settings

TRAINING_INPUTS = ("config.yml", "domain", "data/nlu", "data/rules", "data/stories", "requirements/rasa.lock")
TRAINING_DATA = ("data/nlu", "data/rules", "data/stories")
STORIES_ALL_GOOD = "# None of the test stories failed - all good!"


def rasa_bin(settings: Settings) -> Path:
    return settings.root / ".venvs" / "rasa" / "bin" / "rasa"


def fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    for name in TRAINING_INPUTS:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(root)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def model_path(settings: Settings) -> Path:
    return settings.root / "models" / f"{fingerprint(settings.root)}.tar.gz"


def _rasa(settings: Settings, *args: str) -> None:
    command = [str(rasa_bin(settings)), *args]
    result = subprocess.run(command, cwd=settings.root, env=settings.rasa_env())
    if result.returncode != 0:
        sys.exit(f"'rasa {args[0]}' failed (exit code {result.returncode}). Its output is above.")


def _data_args() -> list[str]:
    return ["--config", "config.yml", "--domain", "domain", "--data", *TRAINING_DATA]


def validate(settings: Settings) -> None:
    _rasa(settings, "data", "validate", "--fail-on-warnings", *_data_args())


def train_if_needed(settings: Settings) -> Path:
    model = model_path(settings)
    if model.exists():
        print(f"The model is up to date: {model.relative_to(settings.root)}")
        return model
    print("Training the dialogue model. This takes about a minute...", flush=True)
    _rasa(settings, "train", *_data_args(), "--out", "models", "--fixed-model-name", model.name.removesuffix(".tar.gz"))
    return model


def test_stories(settings: Settings) -> None:
    """Runs the test stories and fails if any story fails, showing which."""
    model = train_if_needed(settings)
    out = settings.var_dir / "test-results" / "stories"
    _rasa(settings, "test", "core", "--model", str(model), "--stories", "tests/stories", "--e2e", "--out", str(out))
    failed = (out / "failed_test_stories.yml").read_text()
    if not failed.startswith(STORIES_ALL_GOOD):
        print(failed)
        sys.exit(f"Some test stories failed. They are listed above and in {out}.")
    print("All test stories passed.")
