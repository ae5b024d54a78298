"""A learned reading of crisis, beside the phrase patterns: people say the same thing in more ways than a list
of phrases can hold ("I took 30 paracetamol", "hes outside with a knife", "im ready to go now").

scikit-learn learns a logistic regression over word and letter n-grams of the normalised words
(bot.safety.normalise) from data/safety/crisis_training.yml, with every ordinary example in data/nlu (other
than the crisis intent) as "none". Learning takes a few seconds, once, when the gateway and the action server
start. Reading a message then uses the learned weights directly (LinearReader): the same sums as
scikit-learn's predict_proba, in a fraction of a millisecond, so the check on every message stays quick.

It gives the chance that a message shows any crisis, and the most likely kind. bot.safety.detector decides
what to do with it.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot.config import ROOT
from bot.knowledge import read_yaml
from bot.safety.normalise import normalised
from bot.safety.patterns import CATEGORIES, CHECK

__all__ = ["NONE", "TRAINING_PATH", "LinearReader", "Reading", "learn", "normalised", "reader", "training_examples"]

TRAINING_PATH = ROOT / "data" / "safety" / "crisis_training.yml"
NLU_DIR = ROOT / "data" / "nlu"
NONE = "none"
LABELS = tuple(c for c in CATEGORIES if c != CHECK) + (NONE,)
WORD_NGRAMS, CHAR_NGRAMS = (1, 2), (3, 5)
_WORD = re.compile(r"[a-z0-9]+")
_ENTITY = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")  # "[Glasgow](nation)" -> "Glasgow"


@dataclass(frozen=True)
class Reading:
    crisis: float  # the chance that the message shows any crisis, 0 to 1
    category: str  # the most likely kind of crisis (one of CATEGORIES, never CHECK)


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


def _word_ngrams(text: str) -> list[str]:
    words = _WORD.findall(text)
    low, high = WORD_NGRAMS
    return [" ".join(words[i:i + n]) for n in range(low, high + 1) for i in range(len(words) - n + 1)]


def _char_ngrams(text: str) -> list[str]:
    """Letter n-grams inside each word padded with a space, as scikit-learn's "char_wb" analyser makes them."""
    low, high = CHAR_NGRAMS
    grams = []
    for word in text.split():
        padded = f" {word} "
        for n in range(low, high + 1):
            grams.extend(padded[i:i + n] for i in range(max(1, len(padded) - n + 1)))
            if len(padded) <= n:
                break
    return grams


ANALYSERS = (_word_ngrams, _char_ngrams)


class LinearReader:
    """Reads a message with the weights of a fitted pipeline (learn()), without scikit-learn's per-call cost:
    tf-idf with sublinear counts and unit length for each analyser, then the softmax of the linear scores."""

    def __init__(self, model):
        union, regression = model.steps[0][1], model.steps[1][1]
        self.parts, offset = [], 0  # (analyser, term -> its column within the part, idf, first column)
        for analyse, (_, vectoriser) in zip(ANALYSERS, union.transformer_list):
            self.parts.append((analyse, vectoriser.vocabulary_, vectoriser.idf_, offset))
            offset += len(vectoriser.vocabulary_)
        self.coef, self.intercept = regression.coef_, regression.intercept_
        self.classes = list(regression.classes_)
        self.none = self.classes.index(NONE)

    def chances(self, text: str) -> np.ndarray:
        """The chance of each of self.classes, for a text already normalised()."""
        columns: list[int] = []
        weights: list[float] = []
        for analyse, vocabulary, idf, offset in self.parts:
            start = len(columns)
            for term, count in Counter(analyse(text)).items():
                local = vocabulary.get(term)
                if local is not None:
                    columns.append(offset + local)
                    weights.append((1.0 + math.log(count)) * idf[local])
            norm = math.sqrt(sum(w * w for w in weights[start:]))
            if norm:
                weights[start:] = [w / norm for w in weights[start:]]
        scores = self.intercept + (self.coef[:, columns] @ np.asarray(weights) if columns else 0.0)
        scores = np.exp(scores - scores.max())
        return scores / scores.sum()

    def read(self, text: str) -> Reading:
        return self.read_normalised(normalised(text))

    def read_normalised(self, words: str) -> Reading:
        chances = self.chances(words)
        category = max((i for i in range(len(self.classes)) if i != self.none), key=chances.__getitem__)
        return Reading(float(1.0 - chances[self.none]), str(self.classes[category]))


def learn(examples: list[tuple[str, str]]):
    """A fitted scikit-learn pipeline from (text, label) pairs."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    features = make_union(
        TfidfVectorizer(analyzer=_word_ngrams, sublinear_tf=True),
        TfidfVectorizer(analyzer=_char_ngrams, sublinear_tf=True, min_df=2),
    )
    model = make_pipeline(features, LogisticRegression(C=16.0, max_iter=5000))
    texts, labels = zip(*examples)
    return model.fit([normalised(t) for t in texts], labels)


@lru_cache(maxsize=1)
def reader() -> LinearReader:
    """The reader learned from the project's examples: a few seconds the first time, then kept."""
    return LinearReader(learn(training_examples()))
