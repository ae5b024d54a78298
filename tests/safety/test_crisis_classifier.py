"""The crisis classifier: it learns from its own examples, never from an evaluation set, and its quick reader
gives exactly scikit-learn's chances."""
from __future__ import annotations

import numpy as np
import pytest

from bot.knowledge import read_yaml
from bot.safety import classifier
from bot.safety.classifier import LABELS, TRAINING_PATH, learn, normalised, training_examples


def _plain(text: str) -> str:
    return " ".join(text.lower().split())


def test_every_example_has_a_known_category_and_none_is_written_twice():
    examples = read_yaml(TRAINING_PATH)["examples"]
    assert {e["category"] for e in examples} <= set(LABELS)
    texts = [_plain(e["text"]) for e in examples]
    assert len(texts) == len(set(texts))


def test_ordinary_questions_from_the_nlu_data_are_learned_as_none():
    examples = training_examples()
    assert len([1 for _, label in examples if label == "none"]) > len(read_yaml(TRAINING_PATH)["examples"]) // 2
    assert ("What is Access to Work?", "none") in examples or any(label == "none" and "Access to Work" in text
                                                                  for text, label in examples)


@pytest.fixture(scope="module")
def small_model():
    examples = training_examples()[::7]  # a seventh of the examples: quick to learn, every kind still there
    return learn(examples)


def test_the_quick_reader_gives_exactly_scikit_learns_chances(small_model):
    messages = ["I took 30 paracetamol", "hes outside with a knife", "what is Access to Work", "ok thanks bye",
                "im done fighting im ready to go now", "", "🙂", "x " * 400]
    expected = small_model.predict_proba([normalised(m) for m in messages])
    reader = classifier.LinearReader(small_model)
    assert np.allclose([reader.chances(normalised(m)) for m in messages], expected, atol=1e-12)


def test_a_reading_is_a_chance_and_a_kind_of_crisis(small_model):
    reading = classifier.LinearReader(small_model).read("I took 30 paracetamol")
    assert 0.0 <= reading.crisis <= 1.0 and reading.category in LABELS and reading.category != "none"
