"""The words of data/knowledge/referral_status.yml: consent wording, statuses, problems; and working days.

Only this module knows the file's shape; the store and the validators ask it for filled-in Text.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.knowledge import Text, knowledge_path, read_yaml
from bot.knowledge.providers import Problem, Provider

WORDING_PATH = knowledge_path("referral_status.yml")
UK_TIME = ZoneInfo("Europe/London")  # dates shown to people and working days are in UK time


@dataclass(frozen=True)
class Consent:
    """What the person agreed to: the exact words they were shown, and when they said yes."""

    version: str
    wording: str
    given_at: dt.datetime

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.wording.encode()).hexdigest()


@lru_cache(maxsize=4)
def _load(path: str, _mtime_ns: int) -> dict[str, Any]:
    data = read_yaml(path)
    where = Path(path).name
    for key in ("consent", "submitted", "statuses", "closed_reasons", "problems"):
        if not isinstance(data.get(key), dict):
            raise ValueError(f"{where}: needs '{key}'")
    if not isinstance(data["consent"].get("version"), str):
        raise ValueError(f"{where}: consent.version must be text, e.g. \"2026-11-23.1\"")
    return data


def _data() -> dict[str, Any]:
    return _load(str(WORDING_PATH), WORDING_PATH.stat().st_mtime_ns)


def _text(node: Any, where: str, **slots: str) -> Text:
    text = Text.from_yaml(node, where)
    return Text(text.easy.format(**slots), text.more.format(**slots) if text.more else None)


def consent_wording(provider: Provider) -> tuple[str, str]:
    """(version, words) to show before sending anything to this provider."""
    consent = _data()["consent"]
    return consent["version"], _text(consent, "consent", provider_name=provider.name).easy


def consent_given(provider: Provider, at: dt.datetime) -> Consent:
    """Record that the person agreed, just now, to the current wording for this provider."""
    version, wording = consent_wording(provider)
    return Consent(version, wording, at)


def problem(code: str, field: str) -> Problem:
    return Problem(field, code, _text(_data()["problems"][code], f"problems.{code}"))


def show_date(when: dt.datetime) -> str:
    """"Friday 27 November": the date a person reads, in UK time."""
    day = when.astimezone(UK_TIME)
    return f"{day:%A} {day.day} {day:%B}"


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """The end of the working day `days` working days after start (weekends skipped).

    Bank holidays are not skipped, so a promise may fall due a day early: a late referral is then
    chased a day sooner, never later.
    """
    day = start.astimezone(UK_TIME).date()
    left = days
    while left > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return dt.datetime.combine(day, dt.time(17, 0), UK_TIME).astimezone(dt.timezone.utc)


def submitted_text(provider: Provider, reference: str, due: dt.datetime) -> Text:
    return _text(_data()["submitted"], "submitted", provider_name=provider.name, reference=reference,
                 date=show_date(due))


def status_text(key: str, provider: Provider | None, due: dt.datetime | None = None,
                closed_reason: str | None = None) -> Text:
    """Easy Read words for a status key (statuses.* in the file), filled in for this provider."""
    slots = {"provider_name": provider.name if provider else "", "provider_phone": provider.phone if provider else "",
             "date": show_date(due) if due else ""}
    text = _text(_data()["statuses"][key], f"statuses.{key}", **slots)
    if key == "closed" and closed_reason in _data()["closed_reasons"]:
        reason = _text(_data()["closed_reasons"][closed_reason], f"closed_reasons.{closed_reason}", **slots)
        text = Text(f"{text.easy}\n{reason.easy}", text.more)
    return text
