"""A learned reading of crisis, beside the phrase patterns: people say the same thing in more ways than a list
of phrases can hold ("I took 30 paracetamol", "hes outside with a knife", "im ready to go now").

A logistic regression over word and letter n-grams of the normalised words (bot.safety.normalise), learned
at first use from data/safety/crisis_training.yml, with every ordinary example in data/nlu (other than the
crisis intent) as "none". Learning takes about a second; the gateway and the action server do it before they
serve. Reading one message takes well under a millisecond.

It gives the chance that a message shows each kind of crisis. bot.safety.detector decides what to do with it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.config import ROOT
from bot.knowledge import read_yaml
from bot.safety.normalise import clauses
from bot.safety.patterns import CATEGORIES, CHECK

__all__ = ["NONE", "TRAINING_PATH", "Reading", "normalised", "read", "training_examples"]

TRAINING_PATH = ROOT / "data" / "safety" / "crisis_training.yml"
NLU_DIR = ROOT / "data" / "nlu"
NONE = "none"
LABELS = tuple(c for c in CATEGORIES if c != CHECK) + (NONE,)
_ENTITY = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")  # "[Glasgow](nation)" -> "Glasgow"


@dataclass(frozen=True)
class Reading:
    crisis: float  # the chance that the message shows any crisis, 0 to 1
    category: str  # the most likely kind of crisis (one of CATEGORIES, never CHECK)


def normalised(text: str) -> str:
    """The words the classifier sees: the same normalised words as the patterns, a "|" between clauses."""
    return " | ".join(" ".join(clause.words) for clause in clauses(text))


def training_examples(path: Path = TRAINING_PATH, nlu_dir: Path = NLU_DIR) -> list[tuple[str, str]]:
    """(text, label) pairs: the crisis examples, then ordinary messages from the NLU data as "none"."""
    examples = [(e["text"], e["category"]) for e in read_yaml(path)["examples"]]
    unknown = {label for _, label in examples} - set(LABELS)
    if unknown:
        raise ValueError(f"{path.name}: unknown categories {sorted(unknown)}")
    for nlu_file in sorted(nlu_dir.glob("*.yml")):
        for block in read_yaml(nlu_file).get("nlu") or []:
            if block.get("intent") and block["intent"] != "crisis":
                examples += [(_ENTITY.sub(r"\1", line[2:].strip()), NONE)
                             for line in block["examples"].splitlines() if line.strip().startswith("- ")]
    return examples


def learn(examples: list[tuple[str, str]]):
    """A fitted scikit-learn pipeline from (text, label) pairs."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    features = make_union(
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"[a-z0-9]+"),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2),
    )
    model = make_pipeline(features, LogisticRegression(C=8.0, class_weight="balanced", max_iter=5000))
    texts, labels = zip(*examples)
    return model.fit([normalised(t) for t in texts], labels)


@lru_cache(maxsize=1)
def _model():
    return learn(training_examples())


def read(text: str, model=None) -> Reading:
    """How likely the message shows a crisis, and which kind. `model` defaults to the one learned from the
    project's examples."""
    model = model or _model()
    chances = dict(zip(model.classes_, model.predict_proba([normalised(text)])[0]))
    category = max((label for label in chances if label != NONE), key=chances.__getitem__)
    return Reading(1.0 - chances[NONE], category)
