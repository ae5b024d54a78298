"""Anonymous insight for a partner, inside the inbox (bot/insight.py says what is counted).

    GET /inbox/insight       the last 28 days as tables, each with a bar beside each number
    GET /inbox/insight.csv   the same figures, for a spreadsheet

Counts from 1 to 4 are shown as "fewer than 5", and a total beside a hidden day as "at least" what the days
shown say (bot/insight.py). The bars are drawn in SVG beside the numbers they show, so the tables are their
text alternative; a hidden figure has none, and the longest bar is the largest figure shown, so no bar's
length gives a hidden figure away. Topics and the questions of forms are named in plain words
(bot/knowledge/plain_names.py), never by the names the code uses; the CSV keeps those, for a spreadsheet.
"""
from __future__ import annotations

import asyncio

from aiohttp import web

from bot.conversations import ConversationStore
from bot.accounts.models import ROLES
from bot.accounts.store import Specialist
from bot.insight import DAILY, SMALLEST_SHOWN, Figure, Insight, gather_insight
from bot.knowledge.plain_names import plain_names
from bot.web.pages import NO_STORE, accounts_key, e, page, signed_in_as

conversations_key = web.AppKey("conversations", ConversationStore)
team_or_panel = signed_in_as(*ROLES)  # every account: insight holds no chat
HEADINGS = {"conversations": "Conversations", "handoffs": "Handed to a person", "referrals": "Referrals sent",
            "rated_easy": 'Rated "easy to understand"', "rated_not_easy": 'Rated "not easy"'}
BAR_WIDTH = 160


def _bar(count: int | None, most: int) -> str:
    if count is None or count < SMALLEST_SHOWN or not most:
        return ""
    width = max(2, round(BAR_WIDTH * count / most))
    return (f'<svg class="bar" viewBox="0 0 {BAR_WIDTH} 14" preserveAspectRatio="none" aria-hidden="true" '
            'focusable="false">'
            f'<rect width="{width}" height="14"></rect></svg>')


def _table(caption: str, first: str, rows: list[tuple[str, Figure]]) -> str:
    if not rows:
        return f"<h2>{e(caption)}</h2><p>Nothing yet.</p>"
    most = max((figure.count for _, figure in rows if figure.count is not None), default=0)
    body = "".join(f'<tr><th scope="row">{e(name)}</th><td>{e(figure.text)}</td><td>{_bar(figure.count, most)}</td>'
                   "</tr>" for name, figure in rows)
    return (f'<h2>{e(caption)}</h2><table class="insight">'
            f'<caption class="visually-hidden">{e(caption)}, last 28 days</caption>'
            f'<thead><tr><th scope="col">{e(first)}</th><th scope="col">Number</th>'
            f'<th scope="col"><span class="visually-hidden">Bar</span></th></tr></thead><tbody>{body}</tbody></table>')


def insight_html(gathered: Insight) -> str:
    found = gathered.figures()
    parts = [f"<h1>Insight</h1><p>What happened in your chats in the last {len(found.days)} days. There is no "
             f"personal data here. Numbers from 1 to {SMALLEST_SHOWN - 1} show as \"fewer than "
             f"{SMALLEST_SHOWN}\". So no one can be picked out. When a day is hidden, its total shows as \"at "
             "least\" a number. So no one can work out the hidden day.</p>"
             '<p><a href="/inbox/insight.csv">Download these figures (CSV)</a></p>']
    totals = [(HEADINGS[m], found.totals[m]) for m in DAILY]
    parts.append(_table("In total", "What", totals))
    days = [(day.strftime("%a %d %b"), found.daily["conversations"][day]) for day in found.days]
    parts.append(_table("Conversations each day", "Day", days))
    names = plain_names()
    parts.append(_table("What people asked about", "Topic", [(names.topic(t), f) for t, f in found.topics]))
    stopped = [(names.form_step(form, question), figure) for (form, question), figure in found.stopped_in]
    parts.append(_table("Where people stopped when the assistant asked questions", "Questions and the last one",
                        stopped))
    return "".join(parts)


async def _insight(request: web.Request, specialist: Specialist) -> Insight:
    # Any store's engine is the app database's (bot/services.py makes one).
    return await asyncio.to_thread(gather_insight, specialist.partner_id, request.app[conversations_key],
                                   request.app[accounts_key].engine)


@team_or_panel
async def insight_page(request: web.Request, specialist: Specialist, csrf: str) -> web.Response:
    return page("Insight", insight_html(await _insight(request, specialist)), specialist=specialist, csrf=csrf)


@team_or_panel
async def insight_csv(request: web.Request, specialist: Specialist, csrf: str) -> web.Response:
    found = await _insight(request, specialist)
    return web.Response(text=found.csv(), content_type="text/csv", charset="utf-8", headers={
        **NO_STORE, "Content-Disposition": f'attachment; filename="insight-{specialist.partner_id}.csv"'})


def add_insight(app: web.Application) -> None:
    """The insight pages. app[conversations_key] must hold Rasa's tracker store by the time the app starts."""
    app.router.add_get("/inbox/insight", insight_page)
    app.router.add_get("/inbox/insight.csv", insight_csv)
