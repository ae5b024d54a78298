"""Short references a person can read out on the phone: 8 characters in two groups, e.g. "K7PA-4QXM".

The alphabet leaves out 0 and O, 1, I and L (they look alike), and U (so fewer real words appear).
30 symbols to the power 8 is about 650 billion references: guessing one is hopeless, and the store
still checks each new one is unused.
"""
from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 8
_SHAPE = re.compile(rf"[{ALPHABET}]{{{LENGTH}}}")


def new_reference() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{chars[:4]}-{chars[4:]}"


def parse_reference(text: object) -> str | None:
    """"k7pa 4qxm", "K7PA4QXM" or "K7PA-4QXM" -> "K7PA-4QXM"; None if it cannot be a reference."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    compact = re.sub(r"[\s\-–.]", "", text).upper()
    return f"{compact[:4]}-{compact[4:]}" if _SHAPE.fullmatch(compact) else None
