"""Anonymous insight for a partner: how many conversations, what people asked about, where they stopped inside
a form, handoffs, referrals and feedback. Only counts leave this module, as Figures, and no one can be picked
out from them:

- a count from 1 to 4 is shown as "fewer than 5";
- a measure's total is the sum of the days shown beside it. When any of those days is hidden, the total is
  hidden too: with it, one hidden day is worked out by subtraction, and several when their sum can be made
  only one way (2 from two days). The total is hidden rather than another day because a past day's count is in
  every download for 28 days, so a day hidden in one download and shown in another would undo it. A hidden
  total shows as "at least N", N from the days shown and 1 for each hidden day: nothing they do not tell;
- the topics and the places people stopped have no total shown; their hidden rows come after the shown ones,
  by name, so their place in the list tells nothing of their size.

Not yet: two bounds across the tables, which are not totals. A chat stops in at most one place, so the places
add up to no more than the chats; and each chat that said something adds at least 1 to the topics. Where
nearly every chat stopped inside a form, or said one thing only, a small count there can be narrowed down
from the conversations' total.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, select

from bot.conversations import ConversationStore
from bot.storage.db import sessions, utcnow
from bot.feedback.models import FeedbackRow
from bot.handoff.models import TicketRow
from bot.handoff.office_hours import LONDON
from bot.referrals.models import ReferralRow

SMALLEST_SHOWN = 5
DAILY = ("conversations", "handoffs", "referrals", "rated_easy", "rated_not_easy")
HIDDEN = f"fewer than {SMALLEST_SHOWN}"


def shown(count: int) -> str:
    """A count as it may be shown: 0, 5 and up as they are, 1 to 4 as "fewer than 5"."""
    return str(count) if count == 0 or count >= SMALLEST_SHOWN else HIDDEN


@dataclass(frozen=True)
class Figure:
    """One figure as it may be shown: `text` is what the page and the CSV say, and `count` is the number only
    when the text shows it as it is (a bar is drawn from it), else None."""

    text: str
    count: int | None

    @classmethod
    def of(cls, count: int) -> Figure:
        text = shown(count)
        return cls(text, count if text == str(count) else None)


@dataclass(frozen=True)
class Figures:
    """Everything the insight page and its CSV show, with the rules of this module's docstring applied."""

    days: tuple[dt.date, ...]
    daily: dict[str, dict[dt.date, Figure]]  # measure -> day -> figure
    totals: dict[str, Figure]  # measure -> its total over the days
    topics: tuple[tuple[str, Figure], ...]  # most first, then the hidden ones by name
    stopped_in: tuple[tuple[tuple[str, str], Figure], ...]  # (form, question): the same order


def _total(counts: list[int]) -> Figure:
    """The total of a measure's days: as it is when every day is shown, else "at least" what the days shown
    say (a hidden day is at least 1), so the hidden days cannot be worked out from it."""
    days = [Figure.of(count) for count in counts]
    if all(day.count is not None for day in days):
        return Figure.of(sum(counts))
    return Figure(f"at least {sum(day.count if day.count is not None else 1 for day in days)}", None)


def _listed(counts: Counter) -> tuple[tuple, ...]:
    # The hidden rows by name, after the shown ones: were they listed by size, their order would rank them.
    rows = [(name, Figure.of(count)) for name, count in counts.items() if count]
    return tuple(sorted(rows, key=lambda row: (row[1].count is None, -(row[1].count or 0), row[0])))


@dataclass
class Insight:
    """The counts as gathered, none of them shown yet: figures() says what may be."""

    partner_id: str
    days: list[dt.date]
    daily: dict[str, Counter] = field(default_factory=dict)  # measure -> day -> count
    topics: Counter = field(default_factory=Counter)  # intent -> messages
    stopped_in: Counter = field(default_factory=Counter)  # (form, question) -> conversations

    def figures(self) -> Figures:
        """What may be shown. A total counts only the days shown: a chat that started before them (and goes
        on in them) is in none, so the total cannot give their number away by subtraction."""
        daily = {measure: {day: Figure.of(self.daily[measure][day]) for day in self.days} for measure in DAILY}
        totals = {measure: _total([self.daily[measure][day] for day in self.days]) for measure in DAILY}
        return Figures(tuple(self.days), daily, totals, _listed(self.topics), _listed(self.stopped_in))

    def csv(self) -> str:
        """Every figure as it is shown: small counts hidden."""
        figures = self.figures()
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["measure", "day or name", "count"])
        for measure in DAILY:
            for day in figures.days:
                writer.writerow([measure, day.isoformat(), figures.daily[measure][day].text])
        for topic, figure in figures.topics:
            writer.writerow(["topic", topic, figure.text])
        for (form, question), figure in figures.stopped_in:
            writer.writerow(["stopped in a form", f"{form}: {question}", figure.text])
        return out.getvalue()


def _day(when: dt.datetime | float) -> dt.date:
    if isinstance(when, (int, float)):
        when = dt.datetime.fromtimestamp(when, tz=dt.timezone.utc)
    return when.astimezone(LONDON).date()


def gather_insight(partner_id: str, conversations: ConversationStore, app_engine: Engine, *, days: int = 28,
                   now: dt.datetime | None = None) -> Insight:
    """The last `days` days, today included, from Rasa's tracker store and the app database (referrals,
    tickets and feedback)."""
    now = now or utcnow()
    last = _day(now)
    shown_days = [last - dt.timedelta(days=n) for n in range(days - 1, -1, -1)]
    since = dt.datetime.combine(shown_days[0], dt.time(), tzinfo=LONDON)
    found = Insight(partner_id, shown_days, {measure: Counter() for measure in DAILY})

    ours = set()
    for chat in conversations.chats_since(since.timestamp()):
        if chat.partner != partner_id:
            continue
        ours.add(chat.conversation_id)
        found.daily["conversations"][_day(chat.started)] += 1
        found.topics.update(chat.intents)
        if chat.stopped_in:
            found.stopped_in[chat.stopped_in] += 1

    with sessions(app_engine)() as session:
        for (created,) in session.execute(select(TicketRow.created_at).where(
                TicketRow.partner_id == partner_id, TicketRow.created_at >= since)):
            found.daily["handoffs"][_day(created)] += 1
        for created, conversation in session.execute(select(ReferralRow.created_at, ReferralRow.conversation_id)
                                                     .where(ReferralRow.created_at >= since)):
            if conversation in ours:
                found.daily["referrals"][_day(created)] += 1
        for given_on, rating, count in session.execute(
                select(FeedbackRow.given_on, FeedbackRow.rating, func.count()).where(
                    FeedbackRow.partner_id == partner_id, FeedbackRow.given_on >= shown_days[0])
                .group_by(FeedbackRow.given_on, FeedbackRow.rating)):
            found.daily[f"rated_{rating}"][given_on] += count
    return found
