"""Runs the Rasa command line (in its own environment) to validate, train and test the dialogue model.

A model is named after a hash of everything that goes into training, so a model that already exists for
the same inputs is never trained again.
"""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.config import Settings

# The intent classifier's code is an input: a change to it changes the model and the NLU report.
INTENT_CLASSIFIER = ("rasa_addons/intent_classifier.py", "rasa_addons/sentence_vectors.py", "requirements/rasa-model.lock")
TRAINING_INPUTS = ("config.yml", "domain", "data/nlu", "data/rules", "data/stories", "requirements/rasa.lock",
                   *INTENT_CLASSIFIER)
TRAINING_DATA = ("data/nlu", "data/rules", "data/stories")
STORIES_ALL_GOOD = "# None of the test stories failed - all good!"


def rasa_bin(settings: Settings) -> Path:
    return settings.root / ".venvs" / "rasa" / "bin" / "rasa"


def fingerprint(root: Path, inputs: tuple[str, ...] = TRAINING_INPUTS) -> str:
    digest = hashlib.sha256()
    for name in inputs:
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
    print("Training the dialogue model. This takes about 5 minutes on 2 cores...", flush=True)
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


PLACES_LOOKUP = Path("data/nlu/places.yml")


def places_lookup(root: Path) -> str:
    """data/nlu/places.yml: every town, city and council of data/knowledge/places.yml as a lookup table, so
    the intent classifier sees "Glasgow" as a place (Rasa's RegexFeaturizer)."""
    places = yaml.safe_load((root / "data" / "knowledge" / "places.yml").read_text())
    names = sorted({n for names in places["places"].values() for n in names} | set(places["ambiguous"]))
    return "\n".join(["# Made from data/knowledge/places.yml by `python -m bot.training places`; a test checks",
                      "# they agree.", 'version: "3.1"', "nlu:", "  - lookup: place", "    examples: |",
                      *(f"      - {name}" for name in names), ""])


NLU_INPUTS = ("config.yml", "data/nlu", *INTENT_CLASSIFIER)
NLU_REPORT = Path("docs") / "nlu-report.md"
# First messages people type, each with the intent it should get, written apart from data/nlu (tests/nlu/).
FIRST_MESSAGES = {"first messages": Path("tests/nlu/first_messages.yml"),
                  "held-out first messages": Path("tests/nlu/first_messages_holdout.yml")}
FALLBACK_INTENT = "nlu_fallback"
MIN_RIGHT, MAX_FALLBACK = 0.90, 0.05  # what the assistant must reach on first messages


@dataclass(frozen=True)
class FirstMessage:
    text: str
    intents: frozenset[str]  # the intent it should get, and any other reading that is as right


def load_first_messages(path: Path) -> list[FirstMessage]:
    return [FirstMessage(m["text"], frozenset([m["intent"], *(m.get("also") or [])]))
            for m in yaml.safe_load(path.read_text())["messages"]]


@dataclass(frozen=True)
class IntentScore:
    """How a set of first messages was read: the share that got a right intent, and that fell back."""

    total: int
    right: int
    fallback: int

    @property
    def right_share(self) -> float:
        return self.right / self.total

    @property
    def fallback_share(self) -> float:
        return self.fallback / self.total


def score_intents(messages: list[FirstMessage], predicted: dict[str, str]) -> IntentScore:
    """predicted: the intent Rasa gave each message's text, with the fallback as FALLBACK_INTENT."""
    return IntentScore(len(messages), sum(predicted[m.text] in m.intents for m in messages),
                       sum(predicted[m.text] == FALLBACK_INTENT for m in messages))


def nlu_report(settings: Settings, folds: int = 3) -> None:
    """Cross-validates intent classification and writes the F1 of each intent to docs/nlu-report.md,
    with a hash of the NLU data so a test can tell when the report is out of date."""
    data_fingerprint = fingerprint(settings.root, NLU_INPUTS)  # before the run, so edits during it show
    out = settings.var_dir / "test-results" / "nlu-crossval"
    out.mkdir(parents=True, exist_ok=True)
    # The classifier is measured on its own: with the FallbackClassifier in place, every answer below
    # the fallback threshold would count as wrong, which measures the threshold rather than the model.
    config = yaml.safe_load((settings.root / "config.yml").read_text())
    config["pipeline"] = [c for c in config["pipeline"] if c["name"] != "FallbackClassifier"]
    classifier_config = out / "config-without-fallback.yml"
    classifier_config.write_text(yaml.safe_dump(config))
    _rasa(settings, "test", "nlu", "--config", str(classifier_config), "--nlu", "data/nlu", "--cross-validation",
          "--folds", str(folds), "--out", str(out))
    first = {name: score_intents(load_first_messages(settings.root / path),
                                 _predicted_by_model(settings, settings.root / path))
             for name, path in FIRST_MESSAGES.items()}
    write_nlu_report(settings, json.loads((out / "intent_report.json").read_text()), data_fingerprint, folds, first)


def _predicted_by_model(settings: Settings, path: Path) -> dict[str, str]:
    """The intent the trained model gives each message of a set of first messages, fallback included."""
    texts = [m.text for m in load_first_messages(path)]
    rasa_python = rasa_bin(settings).with_name("python")
    result = subprocess.run([str(rasa_python), "-m", "rasa_addons.read_intents", str(train_if_needed(settings))],
                            input=json.dumps(texts), capture_output=True, text=True, cwd=settings.root,
                            env=settings.rasa_env())
    if result.returncode != 0:
        sys.exit(f"Reading the first messages failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def programme_intents(root: Path) -> list[str]:
    """The questions about programmes and words: the intents of domain/programmes.yml, and the glossary's."""
    return yaml.safe_load((root / "domain" / "programmes.yml").read_text())["intents"] + ["ask_word_meaning"]


def write_nlu_report(settings: Settings, scores: dict, data_fingerprint: str, folds: int,
                     first: dict[str, IntentScore]) -> None:
    """docs/nlu-report.md from Rasa's intent_report.json of a cross-validation run."""
    rows = [(name, s["f1-score"], s["support"]) for name, s in scores.items() if isinstance(s, dict) and "support" in s
            and name not in ("micro avg", "macro avg", "weighted avg")]
    asked_about_programmes = programme_intents(settings.root)
    programmes = [(f1, support) for name, f1, support in rows if name in asked_about_programmes]
    programmes_f1 = sum(f1 * support for f1, support in programmes) / sum(support for _, support in programmes)
    lines = [
        "# Intent classification: cross-validation",
        "",
        f"Made by `make nlu-report` ({folds}-fold cross-validation of `data/nlu` with the pipeline in `config.yml`,",
        "measured without the FallbackClassifier, so each intent's F1 is the classifier's own: the intent",
        "classifier in `rasa_addons/intent_classifier.py`, over words, letter groups and sentence meaning).",
        f"NLU data fingerprint: `{data_fingerprint}`",
        "",
        f"Weighted average F1: **{scores['weighted avg']['f1-score']:.3f}**",
        "",
        f"Weighted F1 of the questions about programmes and words: **{programmes_f1:.3f}** (the intents of",
        "`domain/programmes.yml`, and `ask_word_meaning` for the glossary).",
        "",
        "| intent | F1 | examples |",
        "|---|---|---|",
        *[f"| {name} | {f1:.3f} | {support} |" for name, f1, support in sorted(rows)],
        "",
        "## First messages people type",
        "",
        "Sets of first messages written apart from `data/nlu`, by someone who had not read it (`tests/nlu/`),",
        "read by the trained model with its fallback. A message is right when it gets its intent, or another",
        f"reading the set marks as just as right. The aim is at least {MIN_RIGHT:.0%} right and at most",
        f"{MAX_FALLBACK:.0%} fallback.",
        "",
        "| set | messages | right intent | fallback |",
        "|---|---:|---:|---:|",
        *[f"| {name} | {s.total} | {s.right_share:.1%} | {s.fallback_share:.1%} |" for name, s in first.items()],
        "",
    ]
    (settings.root / NLU_REPORT).write_text("\n".join(lines))
    print(f"Wrote {NLU_REPORT}")


if __name__ == "__main__" and sys.argv[1:] == ["places"]:
    from bot.config import ROOT

    (ROOT / PLACES_LOOKUP).write_text(places_lookup(ROOT))
