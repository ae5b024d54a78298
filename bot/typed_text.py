"""Text a person typed, made safe to keep, pass on and show, in one place for every way in (the chat, a
referral's answers, the messages and notes of a handover)."""
from __future__ import annotations

import re
import sys
import unicodedata

# Joiners that emoji and some scripts need: the zero-width joiner builds emoji such as 👩‍💻, the non-joiner
# is part of how Persian and some Indian languages are spelled. Neither moves text about.
_KEPT_FORMAT = {"\u200c", "\u200d"}
# Letters that show as blank space and are used to hide text or make a blank name.
_BLANK_LETTERS = "\u115f\u1160\u3164\uffa0"
# Characters that show nothing yet change what the text does: control characters other than tab and
# newline, every format character but the joiners (direction marks, overrides and isolates, which can make
# "0800 123 456" read "0800456 123"; zero-width spaces and word joiners, which hide inside words; the byte
# order mark; tags), blank letters, and lone surrogates (they cannot be stored as UTF-8).
_UNSEEN = re.compile("[{}]".format("".join(
    re.escape(chr(code)) for code in range(sys.maxunicode + 1)
    if (unicodedata.category(chr(code)) in ("Cc", "Cf", "Cs") and chr(code) not in "\t\n" + "".join(_KEPT_FORMAT))
    or chr(code) in _BLANK_LETTERS)))
# A flag such as Wales's: a black flag, tag letters, and the cancel tag. Its tags are kept.
_FLAG = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")


def _without_unseen(text: str) -> str:
    kept, start = [], 0
    for flag in _FLAG.finditer(text):
        kept += [_UNSEEN.sub("", text[start:flag.start()]), flag.group()]
        start = flag.end()
    return "".join(kept + [_UNSEEN.sub("", text[start:])])


def clean_typed_text(text: str) -> str:
    """The text in Unicode's composed form (NFC), without unseen characters and outer spaces. The joiners and
    variation selectors that emoji need stay, and so do the tags of a flag emoji, but only inside one."""
    return unicodedata.normalize("NFC", _without_unseen(text)).strip()


LOGGED_CHARS = 80


def for_log(value: str, limit: int = LOGGED_CHARS) -> str:
    """A value from a request, fit for one log line: its first `limit` characters with anything outside
    printable ASCII escaped (so no new lines or terminal codes), and "..." when it was longer. Never use it
    for what a person typed: that stays out of logs altogether."""
    cut = value[:limit].encode("ascii", "backslashreplace").decode("ascii")
    cut = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in cut)
    return cut + ("..." if len(value) > limit else "")
