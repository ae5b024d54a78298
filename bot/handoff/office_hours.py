"""A partner's office hours: are they open now, when do they next open, and times to offer for a call back.

Hours are a mapping of weekday to [open, close] in UK time (Europe/London), as a partner would write them:

    hours = {"monday": ["09:00", "17:00"], "tuesday": ["09:00", "17:00"], "saturday": None}

The {open: "09:00", close: "17:00"} form of partners.yml, and Partner.office_hours, work as they are.

A day that is missing, None or [] is closed. Times may be "09:00" strings, datetime.time, or whole minutes
after midnight: unquoted 17:00 in YAML 1.1 is read as the number 1020 (17 x 60), so that works too.
Open means open <= time < close: at exactly 17:00 the office is closed. On the night the clocks go
forward, a time that does not exist (01:30) is taken as an hour later, the same in every function.

`now` must carry a time zone (datetime.now(timezone.utc) is fine). Results are in UK time. All the
arithmetic is done in real elapsed time, so the clock changes in March and October need no special case.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Mapping
from zoneinfo import ZoneInfo

__all__ = ["LONDON", "WEEKDAYS", "callback_slots", "describe_slot", "is_open", "next_opening", "parse_hours",
           "slot_said"]

LONDON = ZoneInfo("Europe/London")
_UTC = dt.timezone.utc
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SEARCH_DAYS = 15  # two weeks and a day: far enough to find any weekly opening after today's


def _time(value: Any, where: str) -> dt.time:
    if isinstance(value, dt.time):
        return value.replace(tzinfo=None)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return dt.time(value // 60, value % 60)
    if isinstance(value, str):
        try:
            return dt.time.fromisoformat(value.strip().zfill(5))  # "9:00" -> "09:00"
        except ValueError:
            pass
    raise ValueError(f"{where}: {value!r} is not a time like 09:00")


def _weekday(key: Any) -> int:
    if isinstance(key, int) and not isinstance(key, bool) and 0 <= key <= 6:
        return key  # Monday is 0, as in datetime.weekday()
    if isinstance(key, str):
        name = key.strip().lower()
        for index, day in enumerate(WEEKDAYS):
            if len(name) >= 3 and day.startswith(name):  # "mon", "Monday"
                return index
    raise ValueError(f"{key!r} is not a day of the week")


def parse_hours(hours: Mapping[Any, Any]) -> dict[int, tuple[dt.time, dt.time]]:
    """Check a partner's hours and return {weekday number: (open, close)} for the open days only."""
    if not isinstance(hours, Mapping):
        raise ValueError("office hours must be a mapping of weekday to [open, close]")
    table: dict[int, tuple[dt.time, dt.time]] = {}
    seen: set[int] = set()
    for key, value in hours.items():
        day = _weekday(key)
        if day in seen:
            raise ValueError(f"{WEEKDAYS[day]} is given twice")
        seen.add(day)
        if value in (None, [], (), "closed"):
            continue
        if isinstance(value, Mapping):  # partners.yml: {open: "09:00", close: "17:00"}
            value = [value.get("open"), value.get("close")]
        if not isinstance(value, (list, tuple)) or len(value) != 2:
            raise ValueError(f"{WEEKDAYS[day]}: expected [open, close], not {value!r}")
        opens, closes = (_time(v, WEEKDAYS[day]) for v in value)
        if not opens < closes:
            raise ValueError(f"{WEEKDAYS[day]}: opens at {opens:%H:%M} but closes at {closes:%H:%M}")
        table[day] = (opens, closes)
    return table


def _uk(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("'now' needs a time zone, e.g. datetime.now(timezone.utc)")
    return moment.astimezone(LONDON)


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    """That wall-clock time in the UK on that day. A time the spring clock change skips (01:30 on the last
    Sunday of March) comes out an hour later; a time the autumn change repeats is its first (BST) one."""
    wall = dt.datetime.combine(day, time, tzinfo=LONDON)
    return wall.astimezone(_UTC).astimezone(LONDON)


def _period(table: Mapping[int, tuple[dt.time, dt.time]], day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
    """That day's (open, close) in UTC, or None if closed.

    UTC, because Python compares and adds two UK times by their wall clocks, which is wrong across a
    clock change; in UTC every hour is a real hour."""
    if day.weekday() not in table:
        return None
    opens, closes = (_at(day, t).astimezone(_UTC) for t in table[day.weekday()])
    return (opens, closes) if opens < closes else None  # hours wholly inside the skipped hour


def _periods(table: Mapping[int, tuple[dt.time, dt.time]], start: dt.date):
    """(open, close) in UTC for each open day from `start`, for the next two weeks."""
    for offset in range(_SEARCH_DAYS):
        period = _period(table, start + dt.timedelta(days=offset))
        if period:
            yield period


def is_open(hours: Mapping[Any, Any], now: dt.datetime) -> bool:
    """True if the partner's office is open at `now` (open <= now < close, in UK time)."""
    period = _period(parse_hours(hours), _uk(now).date())
    return period is not None and period[0] <= now < period[1]


def next_opening(hours: Mapping[Any, Any], now: dt.datetime) -> dt.datetime:
    """When the office is next open: `now` itself if it is open now, else the next opening time (UK time).

    Raises ValueError if the hours have no open day at all.
    """
    local = _uk(now)
    if is_open(hours, local):
        return local
    for opens, _ in _periods(parse_hours(hours), local.date()):
        if opens > now:
            return opens.astimezone(LONDON)
    raise ValueError("these office hours have no open day")


def callback_slots(hours: Mapping[Any, Any], now: dt.datetime, count: int = 3, *,
                   every: dt.timedelta = dt.timedelta(hours=1),
                   notice: dt.timedelta = dt.timedelta(hours=1)) -> list[dt.datetime]:
    """The next `count` times a person could choose for a call back, in UK time.

    Slots start at opening time and then every `every`; each whole slot is inside open hours. The first is
    at least `notice` after `now`, so the team has time to see the request. For more choices, ask again
    with `now` set to the last slot offered. An empty list means the hours have no open day.
    """
    if count < 1 or every <= dt.timedelta(0):
        raise ValueError("count and every must be positive")
    earliest = _uk(now).astimezone(_UTC) + notice
    slots: list[dt.datetime] = []
    for slot, closes in _periods(parse_hours(hours), _uk(now).date()):
        while slot + every <= closes and len(slots) < count:
            if slot >= earliest:
                slots.append(slot.astimezone(LONDON))
            slot += every
    return slots


def _clock(local: dt.datetime) -> str:
    """A time of day as people say it: "9am", "2:30pm", "midday"; never "12pm", which many read as midnight."""
    if local.minute == 0 and local.hour == 12:
        return "midday"
    hour, half = local.hour % 12 or 12, "am" if local.hour < 12 else "pm"
    return f"{hour}{half}" if local.minute == 0 else f"{hour}:{local.minute:02d}{half}"


def describe_slot(slot: dt.datetime, now: dt.datetime | None = None) -> str:
    """A slot in plain words with numbers as digits: "Monday 30 March at 9am", "today at 2:30pm",
    "tomorrow at midday".

    Midnight is never "12am" and never "at midnight" after a day's name, which people read as the end of
    that day: 00:00 on the day after `now` is "tonight at midnight", any other is "midnight at the start
    of Tuesday 24 November".
    """
    local = _uk(slot)
    days = (local.date() - _uk(now).date()).days if now is not None else None
    if local.hour == 0 and local.minute == 0:
        return "tonight at midnight" if days == 1 else f"midnight at the start of {local:%A} {local.day} {local:%B}"
    if days in (0, 1):
        return f"{'today' if days == 0 else 'tomorrow'} at {_clock(local)}"
    return f"{local:%A} {local.day} {local:%B} at {_clock(local)}"


def _times_said(local: dt.datetime) -> set[str]:
    """The ways people type a time of day, in lower case: "9am", "9 am", "9:00", "09:00", "9"; for 12:00
    "midday", "noon", "12pm" and "12"; for 14:30 "2:30pm", "2.30pm", "14:30"."""
    hour12, half = local.hour % 12 or 12, "am" if local.hour < 12 else "pm"
    clock = f"{hour12}:{local.minute:02d}"
    forms = {f"{clock}{half}", f"{clock} {half}", f"{hour12}.{local.minute:02d}{half}", clock.replace(":", "."),
             f"{local.hour:02d}:{local.minute:02d}", f"{local.hour}:{local.minute:02d}"}
    if local.minute == 0:
        forms |= {f"{hour12}{half}", f"{hour12} {half}", str(hour12)}
    if (local.hour, local.minute) == (12, 0):
        forms |= {"midday", "noon", "mid day", "12 noon"}
    return forms


def slot_said(text: str, slots: list[dt.datetime], now: dt.datetime) -> dt.datetime | None:
    """The one offered slot a typed answer names, by its words as offered ("tomorrow at midday") or by its
    time as people also type it ("12pm", "noon", "9 am", "14:30"), with "today", "tomorrow" or the day's
    name where that time is offered on more than one day. None when the words name no slot, or more than one.

    slot_said("tomorrow at 12pm", [today 16:00, tomorrow 12:00], now) -> tomorrow 12:00
    """
    text = " ".join(text.lower().replace(",", " ").split())
    named = [slot for slot in slots if describe_slot(slot, now).lower() in text]
    if len(named) == 1:
        return named[0]
    words = set(re.findall(r"[a-z0-9]+", text))

    def time_typed(slot: dt.datetime) -> bool:
        return any(re.search(rf"(?<![\w:.]){re.escape(form)}(?![\w:]|\.\d)", text) for form in _times_said(_uk(slot)))

    def day_typed(slot: dt.datetime) -> bool:
        local, days = _uk(slot), (_uk(slot).date() - _uk(now).date()).days
        return (days == 0 and "today" in words) or (days == 1 and "tomorrow" in words) \
            or local.strftime("%A").lower() in words

    by_time = [slot for slot in slots if time_typed(slot)]
    if len(by_time) > 1:
        by_time = [slot for slot in by_time if day_typed(slot)]
    return by_time[0] if len(by_time) == 1 else None
