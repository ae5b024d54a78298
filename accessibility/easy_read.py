"""Easy Read checker for the assistant's words.

Checks bot responses (domain/*.yml) and knowledge files (data/knowledge/**/*.yml)
against the Easy Read rules in FACTS.md section 6 and research/anchors.md C and D:
  - sentence length: at most 15 words (Easy Read) or 25 words (the "more" level);
  - acronyms: every acronym must be in the glossary;
  - hard words: Easy Read text uses the plain word from hard_words.yml instead;
  - reading grade: Flesch-Kincaid grade 4 or lower over all Easy Read text.
The formulas are only smoke tests: people with a learning disability must still review the words.

Run:  python -m accessibility.easy_read [--root DIR]
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, NamedTuple

import spacy
import textstat  # pinned to 0.7.8: later versions download data at run time
import yaml

MAX_WORDS = {"easy": 15, "more": 25}
LEVEL_NAMES = {"easy": "Easy Read", "more": "the 'more' level"}
MAX_EASY_GRADE = 4.0  # Flesch-Kincaid grade 4 is about reading age 9
HARD_WORDS_FILE = Path(__file__).with_name("hard_words.yml")
GLOSSARY_FILE = "data/knowledge/glossary.yml"

# Word-like pieces of a sentence. Slots, links, money and numbers are one word each,
# and are matched before plain words so they are never split up.
_SLOT = r"\{[^{}\s]*\}"  # Rasa placeholder, e.g. {name}
_LINK = (
    r"(?:https?://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]"  # web address, minus end punctuation
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # email address
)
_NUMBER = r"(?<!\w)[£$€]?\d(?:[\d,.:/]*\d)?(?:%|p|st|nd|rd|th|am|pm)?"  # £203.50, 1,000, 9:30am
_WORD = r"[^\W_]+(?:['’-][^\W_]+)*"  # letters/digits, with don't, part-time
_TOKEN = re.compile(rf"(?P<slot>{_SLOT})|(?P<link>{_LINK})|(?P<number>{_NUMBER})|(?P<word>{_WORD})")
_NOT_PROSE = re.compile(rf"{_SLOT}|{_LINK}|{_NUMBER}")  # removed before word and grade checks
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


@dataclass(frozen=True)
class Breach:
    where: str  # file and place, e.g. "domain/core.yml: utter_greet[0] [easy]"
    sentence: str  # the sentence that breaks the rule ("" for the reading grade)
    rule: str  # "sentence_length", "acronym", "hard_word" or "reading_grade"
    detail: str  # plain message, e.g. "18 words; Easy Read allows 15"

    def __str__(self) -> str:
        line = f"{self.where}: {self.rule}: {self.detail}"
        return f'{line}: "{self.sentence}"' if self.sentence else line


class Text(NamedTuple):
    """One piece of text to check, with where it came from and its level."""

    where: str
    level: str  # "easy" or "more"
    text: str


# ---------------------------------------------------------------- sentences and words


@lru_cache(maxsize=1)
def _nlp():
    # Blank English with a rule-based sentencizer: no model download is needed.
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def split_sentences(text: str) -> list[str]:
    """Sentences of a text. Each line is its own sentence too (bullet lists), minus its bullet."""
    sentences = []
    for line in text.splitlines():
        line = _BULLET.sub("", line).strip()
        if line:
            sentences.extend(s.text.strip() for s in _nlp()(line).sents if s.text.strip())
    return sentences


def count_words(sentence: str) -> int:
    """Word-like pieces, not punctuation. "{name}", "£203.50" and "16" are one word each."""
    return sum(1 for _ in _TOKEN.finditer(sentence))


# Everyday words written in capitals that readers know without a glossary.
COMMON_CAPITALISED = {"OK"}


def is_acronym(token: str) -> bool:
    """All capitals, at least 2 letters, digits allowed: ESA, UC, PW1. Not "I", "A" or "OK"."""
    return (token.isalnum() and sum(c.isalpha() for c in token) >= 2 and token == token.upper()
            and token not in COMMON_CAPITALISED)


def _acronyms(sentence: str) -> list[str]:
    found = []
    for match in _TOKEN.finditer(sentence):
        if match.lastgroup != "word":  # slots such as {ESA_RATE} are never acronyms
            continue
        for part in re.split(r"['’-]", match.group()):
            if part.endswith("s") and is_acronym(part[:-1]):  # plural: PIPs, GPs
                part = part[:-1]
            if is_acronym(part) and part not in found:
                found.append(part)
    return found


# ---------------------------------------------------------------- hard words


def load_hard_words(path: str | Path = HARD_WORDS_FILE) -> dict[str, str]:
    """The hard word (or phrase) -> plain word list."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise ValueError(f"{path}: expected a mapping of hard word -> plain word")
    return data


def _inflected(word: str) -> str:
    # A small suffix rule so "utilise" also catches "utilises", "utilised" and "utilising".
    if word.endswith("e"):
        return re.escape(word[:-1]) + "(?:e|es|ed|ing)"
    if len(word) > 2 and word.endswith("y") and word[-2] not in "aeiou":
        return re.escape(word[:-1]) + "(?:y|ies|ied|ying)"  # notify, notifies, notified
    return re.escape(word) + "(?:s|es|ed|ing)?"


@lru_cache(maxsize=8)
def _compile_hard_words(items: tuple[tuple[str, str], ...]) -> tuple[tuple[str, re.Pattern, re.Pattern], ...]:
    compiled = []
    for hard, plain in items:
        words = hard.lower().split()
        body = _inflected(words[0]) if len(words) == 1 else r"\s+".join(map(re.escape, words))
        found = re.compile(rf"\b{body}\b", re.IGNORECASE)
        explained = re.compile(rf"\b{body}\s+means\b", re.IGNORECASE)  # "Eligible means ..."
        compiled.append((plain, found, explained))
    return tuple(compiled)


def _hard_word_patterns(hard_words: Mapping[str, str] | None):
    if hard_words is None:
        hard_words = _default_hard_words()
    return _compile_hard_words(tuple(sorted(hard_words.items())))


@lru_cache(maxsize=1)
def _default_hard_words() -> dict[str, str]:
    return load_hard_words()


# ---------------------------------------------------------------- checks


def check_text(
    text: str,
    *,
    level: str,
    where: str,
    known_acronyms: Iterable[str] = (),
    hard_words: Mapping[str, str] | None = None,
) -> list[Breach]:
    """Check one text at level "easy" or "more". hard_words defaults to hard_words.yml."""
    if level not in MAX_WORDS:
        raise ValueError(f"level must be 'easy' or 'more', not {level!r}")
    known = {a.upper() for a in known_acronyms}
    limit = MAX_WORDS[level]
    patterns = _hard_word_patterns(hard_words) if level == "easy" else ()
    sentences = split_sentences(text)
    prose = [_NOT_PROSE.sub(" ", s) for s in sentences]  # so "{assist}" or a web address is not a hard word
    breaches = []
    for i, sentence in enumerate(sentences):
        words = count_words(sentence)
        if words > limit:
            breaches.append(Breach(where, sentence, "sentence_length", f"{words} words; {LEVEL_NAMES[level]} allows {limit}"))
        for acronym in _acronyms(sentence):
            if acronym not in known:
                breaches.append(Breach(where, sentence, "acronym",
                                       f'"{acronym}" is not in the glossary; use the full words or add it to the glossary'))
        # Easy Read may use a hard word if this sentence or the next one says what it means.
        nearby = " ".join(prose[i:i + 2])
        for plain, found, explained in patterns:
            match = found.search(prose[i])
            if match and not explained.search(nearby):
                breaches.append(Breach(where, sentence, "hard_word",
                                       f'"{match.group()}" is a hard word; use "{plain}", or say what it means in the next sentence'))
    return breaches


def reading_grade(texts: Iterable[str]) -> float:
    """Flesch-Kincaid grade of all the texts together, without slots, money, numbers and links."""
    parts = []
    for text in texts:
        for sentence in split_sentences(text):
            clean = " ".join(_NOT_PROSE.sub(" ", sentence).split())
            if not re.search(r"[^\W\d_]", clean):
                continue  # nothing left but figures or punctuation
            parts.append(clean if clean[-1] in ".!?" else clean + ".")  # button titles have no full stop
    return float(textstat.flesch_kincaid_grade(" ".join(parts))) if parts else 0.0


# ---------------------------------------------------------------- gathering content


def _load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".yml", ".yaml"))


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _asks_for_more(condition: Any) -> bool:
    # Rasa conditional response: [{type: slot, name: detail_level, value: more}]
    return isinstance(condition, list) and any(
        isinstance(c, dict) and c.get("type", "slot") == "slot"
        and c.get("name") == "detail_level" and str(c.get("value")).lower() == "more"
        for c in condition
    )


def domain_texts(domain: str | Path, root: str | Path = ".") -> list[Text]:
    """Response texts and button titles from a domain folder (or one domain file)."""
    domain, root = Path(domain), Path(root)
    texts = []
    for file in _yaml_files(domain) if domain.is_dir() else [domain]:
        data = _load_yaml(file)
        responses = data.get("responses") if isinstance(data, dict) else None
        if not isinstance(responses, dict):
            continue
        rel = _rel(file, root)
        for name, variations in responses.items():
            for i, variation in enumerate(variations or []):
                if not isinstance(variation, dict):
                    continue
                level = "more" if _asks_for_more(variation.get("condition")) else "easy"
                if isinstance(variation.get("text"), str):  # "custom"-only variations have no text
                    texts.append(Text(f"{rel}: {name}[{i}] [{level}]", level, variation["text"]))
                for j, button in enumerate(variation.get("buttons") or []):
                    if isinstance(button, dict) and isinstance(button.get("title"), str):
                        # Buttons are what people tap, so they are always Easy Read.
                        texts.append(Text(f"{rel}: {name}[{i}].buttons[{j}] [easy]", "easy", button["title"]))
    return texts


def _walk(node: Any, path: str, prefix: str) -> Iterator[Text]:
    if isinstance(node, dict):
        for key, value in node.items():
            sub = f"{path}.{key}" if path else str(key)
            level = key if key in MAX_WORDS else None
            if level and isinstance(value, str):
                yield Text(prefix + sub, level, value)
            elif level and isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, str):
                        yield Text(f"{prefix}{sub}[{i}]", level, item)
                    else:
                        yield from _walk(item, f"{sub}[{i}]", prefix)
            else:
                yield from _walk(value, sub, prefix)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _walk(item, f"{path}[{i}]", prefix)


def knowledge_texts(knowledge: str | Path, root: str | Path = ".") -> list[Text]:
    """Every "easy" and "more" string (or list of strings) in the knowledge YAML files."""
    knowledge, root = Path(knowledge), Path(root)
    texts = []
    for file in _yaml_files(knowledge):
        texts.extend(_walk(_load_yaml(file), "", f"{_rel(file, root)}: "))
    return texts


def known_acronyms_from_glossary(path: str | Path = GLOSSARY_FILE) -> set[str]:
    """Glossary terms and aliases that are acronyms. No glossary file: no known acronyms."""
    path = Path(path)
    if not path.is_file():
        return set()
    data = _load_yaml(path)
    terms = data.get("terms") if isinstance(data, dict) else None
    found = set()
    for entry in terms or []:
        if isinstance(entry, dict):
            names = [entry.get("term"), *(entry.get("aliases") or [])]
            found.update(n.strip() for n in names if isinstance(n, str) and is_acronym(n.strip()))
    return found


def gather(root: str | Path = ".") -> list[Text]:
    """All texts to check under root. Missing folders are skipped."""
    root = Path(root)
    texts = []
    if (root / "domain").is_dir():
        texts += domain_texts(root / "domain", root)
    elif (root / "domain.yml").is_file():  # Rasa's single-file layout
        texts += domain_texts(root / "domain.yml", root)
    if (root / "data" / "knowledge").is_dir():
        texts += knowledge_texts(root / "data" / "knowledge", root)
    return texts


def _run(root: Path) -> tuple[list[Text], list[Breach], float]:
    texts = gather(root)
    known = known_acronyms_from_glossary(root / GLOSSARY_FILE)
    breaches = [b for t in texts for b in check_text(t.text, level=t.level, where=t.where, known_acronyms=known)]
    grade = reading_grade(t.text for t in texts if t.level == "easy")
    if grade > MAX_EASY_GRADE:
        breaches.append(Breach("all Easy Read text", "", "reading_grade",
                               f"Flesch-Kincaid grade {grade:.1f}; Easy Read allows {MAX_EASY_GRADE:.1f} (reading age 9)"))
    return texts, breaches, grade


def check_all(root: str | Path = ".") -> list[Breach]:
    """Check every response and knowledge text under root, plus the overall reading grade."""
    return _run(Path(root))[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m accessibility.easy_read",
                                     description="Check bot responses and knowledge files against Easy Read rules.")
    parser.add_argument("--root", default=".", help="project folder holding domain/ and data/knowledge/ (default: .)")
    args = parser.parse_args(argv)
    texts, breaches, grade = _run(Path(args.root))
    for breach in breaches:
        print(breach)
    print(f"Easy Read check: {len(texts)} texts, {len(breaches)} breaches, reading grade {grade:.1f}")
    return 1 if breaches else 0


if __name__ == "__main__":
    sys.exit(main())
