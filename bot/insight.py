"""Anonymous insight for a partner: how many conversations, what people asked about, where they stopped inside
a form, handoffs, referrals and feedback. Only counts leave this module, and a count from 1 to 4 is shown as
"fewer than 5", so no one can be picked out.
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


def shown(count: int) -> str:
    """A count as it may be shown: 0, 5 and up as they are, 1 to 4 as "fewer than 5"."""
    return str(count) if count == 0 or count >= SMALLEST_SHOWN else f"fewer than {SMALLEST_SHOWN}"


@dataclass
class Insight:
    partner_id: str
    days: list[dt.date]
    daily: dict[str, Counter] = field(default_factory=dict)  # measure -> day -> count
    topics: Counter = field(default_factory=Counter)  # intent -> messages
    stopped_in: Counter = field(default_factory=Counter)  # (form, question) -> conversations

    def csv(self) -> str:
        """Every figure as it is shown: small counts hidden."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["measure", "day or name", "count"])
        for measure in DAILY:
            for day in self.days:
                writer.writerow([measure, day.isoformat(), shown(self.daily[measure][day])])
        for topic, count in self.topics.most_common():
            writer.writerow(["topic", topic, shown(count)])
        for (form, question), count in self.stopped_in.most_common():
            writer.writerow(["stopped in a form", f"{form}: {question}", shown(count)])
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
