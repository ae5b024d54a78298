"""Every text the assistant can say, each with its id, and which of them a message shown in the chat is.

The texts and ids are the Easy Read checker's (`accessibility.easy_read.gather`), e.g.
"domain/core.yml: utter_greet[0] [easy]", so feedback and the checks meet on the review page. A response
with slots ("{partner_name}") matches whatever filled them.
"""
from __future__ import annotations

import re
from functools import lru_cache

from accessibility.easy_read import Text, gather
from bot.config import ROOT

_SLOT = re.compile(r"\\\{\w+\\\}")  # "{partner_name}" once escaped


def _flat(text: str) -> str:
    return " ".join(text.split())


@lru_cache(maxsize=1)
def catalogue() -> tuple[Text, ...]:
    return tuple(gather(ROOT))


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[int, re.Pattern, str], ...]:
    """(fixed characters, pattern, id), the most fixed characters first: "{meaning}" alone matches any
    text, so a response with more of its own words wins."""
    found = []
    for text in catalogue():
        escaped = re.escape(_flat(text.text))
        found.append((len(_SLOT.sub("", escaped)), re.compile(_SLOT.sub("(.+?)", escaped)), text.where))
    return tuple(sorted(found, key=lambda item: -item[0]))


def prepare() -> None:
    """Build the patterns now, at start, so the first count of shown texts does not slow the first replies."""
    _patterns()


def content_id_for(shown: str) -> str | None:
    """The id of the text a chat message shows, or None for a text made up on the spot (a sum, a summary)."""
    flat = _flat(shown)
    return next((where for fixed, pattern, where in _patterns() if fixed and pattern.fullmatch(flat)), None)
