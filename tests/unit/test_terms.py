"""One word for one thing: every text a person reads avoids the words in docs/content-style.md's terms table.

What is checked: every response and button in domain/, every `easy` and `more` text in data/knowledge/ (the
same texts as the Easy Read checker), and the sentences the code builds for the person (string literals in
bot/ and actions/ that read as sentences, docstrings left out). Staff-facing modules are left out, by name.
"""
from __future__ import annotations

import ast
import re
from typing import NamedTuple

import pytest
import yaml

from accessibility.easy_read import gather, is_acronym, split_sentences
from bot.config import ROOT

STYLE = ROOT / "docs" / "content-style.md"
# Read by staff or tools, not by the person in the chat: the CLIs, the gateway's pages and API errors, the
# provider's email, the specialist's summary of a chat, and the processes that run the stack.
STAFF_FACING = ("bot/web/", "bot/cli.py", "bot/handoff/cli.py", "bot/referrals/cli.py", "bot/delivery.py",
                "bot/handoff/routing.py", "bot/knowledge/partners.py", "bot/stack.py", "bot/training.py")
SENTENCE = re.compile(r"^[A-Z{].* .*[.?!]$", re.S)


class Said(NamedTuple):
    where: str
    text: str
    allowed: frozenset[str]  # words to avoid that this text may use (a glossary entry explaining them)


def terms_table() -> list[tuple[str, list[str]]]:
    """(term we use, words to avoid) from the table under "## Terms" in docs/content-style.md."""
    section = STYLE.read_text(encoding="utf-8").split("## Terms", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] not in ("Term we use", "") and not set(cells[0]) <= set("-"):
            avoid = [w.strip() for w in cells[1].split(";") if w.strip() and not w.strip().startswith("a button")]
            rows.append((cells[0], avoid))
    return rows


def _pattern(phrase: str) -> re.Pattern:
    words = r"\s+".join(re.escape(w) for w in phrase.split())
    return re.compile(rf"(?<![\w-]){words}(?![\w-])", re.IGNORECASE)


AVOID = {phrase: _pattern(phrase) for _, avoid in terms_table() for phrase in avoid}


def _glossary_names() -> list[set[str]]:
    data = yaml.safe_load((ROOT / "data" / "knowledge" / "glossary.yml").read_text(encoding="utf-8"))
    return [{n.lower() for n in [t["term"], *(t.get("aliases") or [])]} for t in data["terms"]]


def knowledge_and_domain() -> list[Said]:
    names = _glossary_names()
    said = []
    for text in gather(ROOT):
        allowed: set[str] = set()
        entry = re.match(r"data/knowledge/glossary\.yml: terms\[(\d+)\]", text.where)
        if entry:  # an entry may use the words it explains
            own = names[int(entry[1])]
            allowed = {phrase for phrase in AVOID if any(_pattern(phrase).search(name) for name in own)}
        said.append(Said(text.where, text.text, frozenset(allowed)))
    return said


def code_sentences() -> list[Said]:
    """String literals (and f-strings, with {x} for each value) that read as sentences."""
    said = []
    files = sorted([*(ROOT / "bot").rglob("*.py"), *(ROOT / "actions").rglob("*.py")])
    for path in files:
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(STAFF_FACING):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                      and node.body and isinstance(node.body[0], ast.Expr)
                      and isinstance(node.body[0].value, ast.Constant)}
        inside_fstrings = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                text = "".join(v.value if isinstance(v, ast.Constant) else "{x}" for v in node.values)
            elif (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
                  and id(node) not in inside_fstrings):
                text = node.value
            else:
                continue
            if SENTENCE.match(text.strip()):
                said.append(Said(f"{rel}:{node.lineno}", text, frozenset()))
    return said


ALL = knowledge_and_domain() + code_sentences()


def avoided_words_in(said: Said) -> list[str]:
    return [phrase for phrase, pattern in AVOID.items() if phrase not in said.allowed and pattern.search(said.text)]


def test_the_terms_table_is_read():
    table = dict(terms_table())
    assert "health element" in table and "health part" in table["health element"]
    assert "Work Capability Assessment" in table and "health check" in table["Work Capability Assessment"]
    assert "employment specialist" in table and "job coach" in table["employment specialist"]
    assert "request" in table and "referral" in table["request"]
    assert "disabled people and people with a health condition" in table


def test_the_check_sees_every_kind_of_content_and_can_fail():
    places = {s.where.split(":")[0] for s in ALL}
    assert {"domain/core.yml", "data/knowledge/programmes.yml", "bot/rules/better_off.py",
            "bot/rules/first_wca.py"} <= places
    assert avoided_words_in(Said("x", "Has a health check said your health limits your work?", frozenset())) == [
        "health check"]
    assert avoided_words_in(Said("x", "You keep the same worker.", frozenset())) == ["same worker"]
    assert avoided_words_in(Said("x", "A support worker can help.", frozenset())) == []
    assert avoided_words_in(Said("x", "Self-referral means you ask to join.", frozenset())) == []


def test_no_words_to_avoid_in_any_content():
    found = [f"{s.where}: {', '.join(avoided_words_in(s))}: {s.text[:100]!r}" for s in ALL if avoided_words_in(s)]
    assert not found, "Words to avoid (docs/content-style.md, Terms):\n" + "\n".join(found)


def negative_questions(text: str) -> list[str]:
    return [s for s in split_sentences(text) if s.endswith("?") and re.search(r"\bnot\b|n't\b", s, re.IGNORECASE)]


def test_no_negative_questions():
    assert negative_questions("Have you not heard from them? Please call them.") == ["Have you not heard from them?"]
    assert negative_questions("Is that OK? It is fine if you do not know.") == []
    found = [f"{s.where}: {q}" for s in ALL for q in negative_questions(s.text)]
    assert not found


@pytest.mark.parametrize("said", [s for s in ALL if ".buttons[" in s.where], ids=lambda s: s.where)
def test_no_button_is_only_a_short_form(said):
    assert not is_acronym(said.text.strip()), f"{said.where}: give the full name, e.g. 'Employment and Support Allowance (ESA)'"
