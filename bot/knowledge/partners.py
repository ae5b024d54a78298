"""DDPO partners from data/knowledge/partners.yml: who they are, how a person can reach them, and how the
chat widget looks and where it may be embedded on their websites.

A partner whose colours would make text hard to read is refused when the file is loaded, so a gateway
with such a partner does not start.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from bot.config import partners_file

PARTNERS_FILE = partners_file()
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
CLOCK_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
# WCAG 2.2 AA: 1.4.3 asks 4.5:1 for text; 1.4.11 asks 3:1 for what marks out a control, here a button.
COLOUR_PAIRS = (
    ("text", "background", 4.5),
    ("button_text", "button", 4.5),
    ("button", "background", 3.0),
)


@dataclass(frozen=True)
class Colours:
    background: str = "#ffffff"
    text: str = "#0b0c0c"
    button: str = "#1d4f91"
    button_text: str = "#ffffff"


@dataclass(frozen=True)
class Partner:
    id: str
    name: str
    phone: str
    email: str
    hours: str  # read inside a sentence: "They are open Monday to Friday, 9am to 5pm."
    allowed_origins: tuple[str, ...] = ()
    colours: Colours = Colours()
    default_area: str | None = None
    office_hours: dict[str, tuple[str, str]] = field(default_factory=dict)  # weekday: (open, close)

    def widget_config(self) -> dict:
        """What the widget needs to know; served to any page that may embed it."""
        return {
            "id": self.id,
            "name": self.name,
            "contact": {"phone": self.phone, "email": self.email, "hours": self.hours},
            "colours": vars(self.colours),
            "default_area": self.default_area,
            "office_hours": {day: {"open": o, "close": c} for day, (o, c) in self.office_hours.items()},
        }


class PartnerConfigError(ValueError):
    pass


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours, from 1 (the same) to 21 (black on white)."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _colours(partner_id: str, given: dict | None) -> Colours:
    given = given or {}
    unknown = set(given) - set(vars(Colours()))
    if unknown:
        raise PartnerConfigError(f"Partner {partner_id}: unknown colour names {sorted(unknown)}. "
                                 f"Use {', '.join(vars(Colours()))}.")
    for name, value in given.items():
        if not isinstance(value, str) or not HEX_COLOUR.match(value):
            raise PartnerConfigError(f"Partner {partner_id}: colour {name} is {value!r}; write it as #rrggbb.")
    colours = Colours(**{name: value.lower() for name, value in given.items()})
    for front, back, minimum in COLOUR_PAIRS:
        ratio = contrast_ratio(getattr(colours, front), getattr(colours, back))
        if ratio < minimum:
            # Rounded down, so a ratio just under the minimum never shows as the minimum itself.
            shown = math.floor(ratio * 100) / 100
            raise PartnerConfigError(
                f"Partner {partner_id} is refused: its {front} colour {getattr(colours, front)} on its {back} "
                f"colour {getattr(colours, back)} has a contrast ratio of {shown:.2f}:1, below the "
                f"{minimum}:1 that people need to read it. Choose colours further apart in partners.yml.")
    return colours


def _origins(partner_id: str, given: list | None) -> tuple[str, ...]:
    origins = []
    for origin in given or []:
        parts = urlsplit(str(origin))
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query:
            raise PartnerConfigError(f"Partner {partner_id}: allowed origin {origin!r} must be like "
                                     f"https://www.example.org, with no path and no slash at the end.")
        origins.append(f"{parts.scheme}://{parts.netloc.lower()}")
    return tuple(origins)


def _office_hours(partner_id: str, given: dict | None) -> dict[str, tuple[str, str]]:
    hours = {}
    for day, times in (given or {}).items():
        opens, closes = (times or {}).get("open"), (times or {}).get("close")
        if (day not in WEEKDAYS or not all(isinstance(t, str) and CLOCK_TIME.match(t) for t in (opens, closes))
                or opens >= closes):
            raise PartnerConfigError(f"Partner {partner_id}: office hours for {day!r} must be a weekday with "
                                     f'open and close times like {{open: "09:00", close: "17:00"}}.')
        hours[day] = (opens, closes)
    return hours


def load_partners(path: Path = PARTNERS_FILE) -> dict[str, Partner]:
    entries = yaml.safe_load(path.read_text())["partners"]
    partners = {}
    for entry in entries:
        partner_id = entry.get("id", "?")
        try:
            contact = entry["contact"]
            partner = Partner(
                partner_id, entry["name"], contact["phone"], contact["email"], contact["hours"],
                allowed_origins=_origins(partner_id, entry.get("allowed_origins")),
                colours=_colours(partner_id, entry.get("colours")),
                default_area=entry.get("default_area"),
                office_hours=_office_hours(partner_id, entry.get("office_hours")),
            )
        except KeyError as missing:
            raise PartnerConfigError(f"Partner {partner_id} in {path} has no {missing}") from None
        partners[partner.id] = partner
    return partners


def choose(partners: dict[str, Partner], partner_id: str | None, default_id: str = "demo") -> Partner:
    """The partner whose page the person is on; the default partner when unknown."""
    return partners.get(partner_id or "", partners[default_id])


@lru_cache(maxsize=1)
def _cached_partners() -> dict[str, Partner]:
    return load_partners()


def partner_for(partner_id: str | None, default_id: str = "demo") -> Partner:
    """The partner whose page the person is on; the default partner when unknown."""
    return choose(_cached_partners(), partner_id, default_id)
