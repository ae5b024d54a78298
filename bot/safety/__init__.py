"""Safety: words of crisis get crisis help at once, before anything else.

    match = detect_crisis(text)          # on every message, inside forms too
    if match:
        help = load_crisis_help().for_category(match.category)
        say(help.reply())                # the help for that kind of crisis; "check" asks gently first

Nothing here imports Rasa, and nothing here logs what the person wrote.
"""
from bot.safety.detector import CrisisMatch, detect_crisis, shows_some_risk
from bot.safety.help import CrisisHelp, Help, Service, brush_offs, load_crisis_help
from bot.safety.patterns import (CATEGORIES, CHECK, DANGER_FROM_OTHERS, EMERGENCY, HARMING_OTHERS, SELF_HARM,
                                 SUICIDE)

__all__ = [
    "CATEGORIES",
    "CHECK",
    "DANGER_FROM_OTHERS",
    "EMERGENCY",
    "HARMING_OTHERS",
    "SELF_HARM",
    "SUICIDE",
    "CrisisHelp",
    "CrisisMatch",
    "Help",
    "Service",
    "brush_offs",
    "detect_crisis",
    "load_crisis_help",
    "shows_some_risk",
]
