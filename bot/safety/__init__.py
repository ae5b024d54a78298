"""Safety: words of crisis get crisis help at once, before anything else.

    match = detect_crisis(text)          # on every message, inside forms too
    if match:
        help = load_crisis_help()
        say(help.message.easy)           # or .more; then raise an urgent ticket with match.category

Nothing here imports Rasa, and nothing here logs what the person wrote.
"""
from bot.safety.detector import CrisisMatch, detect_crisis
from bot.safety.help import CrisisHelp, Service, load_crisis_help
from bot.safety.patterns import CATEGORIES, DANGER_TO_OTHERS, IMMEDIATE_DANGER, SELF_HARM, SUICIDE

__all__ = [
    "CATEGORIES",
    "DANGER_TO_OTHERS",
    "IMMEDIATE_DANGER",
    "SELF_HARM",
    "SUICIDE",
    "CrisisHelp",
    "CrisisMatch",
    "Service",
    "detect_crisis",
    "load_crisis_help",
]
