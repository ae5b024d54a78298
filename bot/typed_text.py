"""Text a person typed, made safe to keep, pass on and show, in one place for every way in (the chat, a
referral's answers, the messages and notes of a handover)."""
from __future__ import annotations

import re
import unicodedata

# Characters that show nothing yet change what the text does: control characters other than tab and
# newline, bidirectional overrides and isolates (they can make text read differently from what it
# says), the byte order mark, and lone surrogates (they cannot be stored as UTF-8).
_UNSEEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")


def clean_typed_text(text: str) -> str:
    """The text in Unicode's composed form (NFC), without unseen characters and outer spaces."""
    return unicodedata.normalize("NFC", _UNSEEN.sub("", text)).strip()
