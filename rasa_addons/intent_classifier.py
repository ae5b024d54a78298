"""Which intent a message has, read from its words and from what the sentence means.

A logistic regression learns from the examples in data/nlu, over three parts side by side: word pairs,
letter groups (so "benifits" still looks like "benefits") and the sentence's meaning as 384 numbers
(rasa_addons/sentence_vectors.py), which places "can I lose my money if I try a job" near "will working
change my benefits" though they share few words. The words are first spelt out as the crisis check reads
them (bot.safety.normalise: "im" -> "i am", chat spellings, stretched letters).

Chosen over Rasa's DIET classifier by cross-validation on data/nlu alone (docs/nlu-report.md): it gets
more intents right with fewer fallbacks, and learns in seconds rather than minutes. DIET still finds
the entities. The FallbackClassifier after it works on its confidence as on any classifier's.
"""
from __future__ import annotations

import pickle
from typing import Any

import numpy as np
import scipy.sparse as sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from bot.safety.normalise import normalised
from rasa_addons.sentence_vectors import sentence_vectors

RANKED = 10  # intents listed in the ranking, as Rasa's own classifiers list them
MODEL_FILE = "intent_classifier.pkl"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class WordsAndMeaningIntentClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # C and the weight of the meaning were chosen by 5-fold cross-validation on data/nlu.
        return {"C": 64.0, "meaning_weight": 2.0, "random_seed": 1}

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 learned: dict[str, Any] | None = None):
        self.config, self._model_storage, self._resource = config, model_storage, resource
        self.learned = learned

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "WordsAndMeaningIntentClassifier":
        return cls(config, model_storage, resource)

    def _features(self, texts: list[str], fit: bool = False) -> sparse.csr_matrix:
        words = [normalised(text) for text in texts]
        if fit:
            self.learned["vectorizers"] = [
                TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"[a-z0-9]+"),
                TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2)]
        parts = [(v.fit_transform(words) if fit else v.transform(words)) for v in self.learned["vectorizers"]]
        meaning = sparse.csr_matrix(self.config["meaning_weight"] * sentence_vectors(texts))
        return sparse.hstack([*parts, meaning]).tocsr()

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        self.learned = {}
        features = self._features([m.get(TEXT) for m in examples], fit=True)
        self.learned["model"] = LogisticRegression(C=self.config["C"], max_iter=5000,
                                                   random_state=self.config["random_seed"]).fit(
            features, [m.get(INTENT) for m in examples])
        with self._model_storage.write_to(self._resource) as folder:
            (folder / MODEL_FILE).write_bytes(pickle.dumps(self.learned))
        return self._resource

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "WordsAndMeaningIntentClassifier":
        try:
            with model_storage.read_from(resource) as folder:
                learned = pickle.loads((folder / MODEL_FILE).read_bytes())  # written by train() above
        except ValueError:  # nothing learned yet (a model without NLU data)
            learned = None
        return cls(config, model_storage, resource, learned)

    def process(self, messages: list[Message]) -> list[Message]:
        if not self.learned:
            return messages
        texts = [m.get(TEXT) or "" for m in messages]
        chances = self.learned["model"].predict_proba(self._features(texts))
        intents = self.learned["model"].classes_
        for message, row in zip(messages, chances):
            ranking = [{INTENT_NAME_KEY: str(intents[i]), PREDICTED_CONFIDENCE_KEY: float(row[i])}
                       for i in np.argsort(row)[::-1][:RANKED]]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
