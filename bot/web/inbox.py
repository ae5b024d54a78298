"""The specialist inbox on the gateway: where the partner's team answers chats handed over by the assistant.

    GET  /inbox                                     the team's queue: waiting, live and call-backs
    GET  /inbox/tickets/{id}                        one ticket: summary, needs, contact, chat, notes
    POST /inbox/tickets/{id}/claim|reply|transfer|close|notes
    GET  /inbox/live[?ticket=id]                    server-sent events that keep those two pages up to date

Plain server-made HTML, built to WCAG 2.2 AA: it works with a keyboard and a screen reader, and without
script ("Check for new messages" reloads). With script, static/inbox-live.js keeps the queue and a
ticket's page up to date from /inbox/live, announces what changed in a polite live region and never moves
the focus. Everything a person or a specialist wrote is escaped. Accounts are made with
`python -m bot.handoff.cli add-specialist`.

The page layout and signing in are in pages.py, shared with the content review and the insight; each
form carries the session's CSRF token. A specialist sees only their own partner's tickets: another partner's ticket is "not found", exactly like one that does not exist.

When a specialist closes a ticket, the relay (handoff_relay.py) hands the person's chat back to the
assistant the next time it hears from them.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import json
from functools import wraps

from aiohttp import web

from bot.config import inbox_recheck_seconds, inbox_stream_seconds
from bot.storage.db import utcnow
from bot.handoff.labels import (REASON_LABELS, SENDER_LABELS, SPECIALIST_LABELS, STATUS_LABELS, contact_in_words,
                                needs_in_words)
from bot.handoff.office_hours import LONDON, describe_slot
from bot.handoff.routing import SPECIALISTS
from bot.accounts.store import AccountStore, Specialist
from bot.handoff.tickets import MAX_TEXT_CHARS, Ticket, TicketDetail, TicketStore
from bot.storage.reference import parse_reference
from bot.web.pages import (
    NO_STORE,
    SESSION_COOKIE,
    accounts_key,
    add_sign_in,
    csrf_field,
    e,
    error_summary,
    field_error,
    form_key,
    page,
    see_other,
    signed_in_as,
    tie,
)
from bot.web.ticket_changes import ticket_changes, ticket_changes_key

LIVE_SCRIPT = "inbox-live.js"  # in static/: keeps the queue and a ticket's page up to date

ticket_store_key = web.AppKey("ticket_store", TicketStore)


# Problems a form can come back with (?error=...): which field they belong to, and what to do.
ERRORS = {
    "empty_reply": ("reply", "Write your reply before you send it."),
    "long_reply": ("reply", f"Your reply is too long. Use at most {MAX_TEXT_CHARS} characters."),
    "empty_note": ("note", "Write your note before you add it."),
    "long_note": ("note", f"Your note is too long. Use at most {MAX_TEXT_CHARS} characters."),
    "bad_kind": ("to-kind", "Choose the kind of specialist to pass the chat to."),
    "not_claimed": ("claim", "Someone else claimed this chat first, or it has ended."),
    "not_yours": (None, "You can only do that in a chat you have claimed that is still open."),
}


# ---------------------------------------------------------------- HTML


def _text_field(field: str, label: str, hint: str, button: str, action: str, csrf: str,
                problems: list[tuple[str | None, str]]) -> str:
    error = field_error(field, problems)
    return (f'<form method="post" action="{e(action)}" class="stack">{csrf_field(csrf)}'
            f'<div class="field{" field-error" if error else ""}"><label for="{field}">{e(label)}</label>'
            f'<p class="hint" id="{field}-hint">{e(hint)}</p>{error}'
            f'<textarea id="{field}" name="text" rows="4" maxlength="{MAX_TEXT_CHARS}"{tie(field, error, hint)}>'
            f'</textarea></div><button type="submit">{e(button)}</button></form>')


def _button_form(action: str, csrf: str, label: str, *, css: str = "", button_id: str = "", tie: str = "") -> str:
    attributes = (f' class="{css}"' if css else "") + (f' id="{button_id}"' if button_id else "") + tie
    return (f'<form method="post" action="{e(action)}" class="stack">{csrf_field(csrf)}'
            f'<button type="submit"{attributes}>{e(label)}</button></form>')


def _check_link(path: str, now: dt.datetime, anchor: str = "") -> str:
    # The time makes the link differ from the page's own address, so following it always loads the page
    # again (a link that differs only by its #anchor would just scroll). The script of the live page says
    # in the span that the page now changes by itself.
    return (f'<p><a href="{path}?checked={int(now.timestamp())}{anchor}">Check for new messages</a> '
            '<span id="live-state">(this page does not change by itself).</span></p>')


def _live_parts(stream: str) -> str:
    """What the live page's script (static/inbox-live.js) works with: where its news comes from, a place
    for the alerts it offers, and the polite live region it announces changes in. Empty without script."""
    return (f'<div id="live-alerts" data-stream="{e(stream)}"></div>'
            '<div id="live-news" class="visually-hidden" aria-live="polite"></div>')


def _time_of_day(when: dt.datetime) -> str:
    return when.astimezone(LONDON).strftime("%H:%M")


def waited(since: dt.datetime, now: dt.datetime) -> str:
    """"waiting 3 minutes", "waiting 1 hour 5 minutes"."""
    minutes = max(int((now - since).total_seconds() // 60), 0)
    if minutes < 1:
        return "waiting less than a minute"
    hours, minutes = divmod(minutes, 60)
    parts = [f"{hours} hour{'s' * (hours != 1)}"] if hours else []
    if minutes or not hours:
        parts.append(f"{minutes} minute{'s' * (minutes != 1)}")
    return "waiting " + " ".join(parts)


def _tickets(list_id: str, tickets: list[Ticket], facts, empty: str,
             latest: dict[str, tuple[int, dt.datetime]]) -> str:
    """A list of tickets, each a link with plain facts under it (lists reflow on a narrow screen, where a
    table would scroll sideways). facts(ticket) gives the lines, not yet escaped. Each item carries its id,
    status and newest message from the person, for the live page to tell what is new."""
    if not tickets:
        return f"<p>{e(empty)}</p>"
    items = "".join(
        f'<li id="ticket-{e(t.id)}" data-ticket="{e(t.id)}" data-status="{e(t.status)}"'
        f' data-urgent="{"yes" if t.urgent else "no"}" data-latest="{latest.get(t.id, (0,))[0]}">'
        f'<p class="ticket-title"><a href="/inbox/tickets/{e(t.id)}">Ticket {e(t.id)}</a>'
        + (' <strong class="urgent">Urgent</strong>' if t.urgent else "") + "</p>"
        + "".join(f"<p>{e(line)}</p>" for line in facts(t)) + "</li>"
        for t in tickets)
    return f'<ol class="tickets" id="{list_id}">{items}</ol>'


def queue_html(tickets: list[Ticket], names: dict[int, str], specialist: Specialist, now: dt.datetime,
               latest: dict[str, tuple[int, dt.datetime]] | None = None) -> str:
    """The queue page's main content: what the live page keeps up to date is queue_lists_html."""
    return "\n".join([
        "<h1>Queue</h1>", _check_link("/inbox", now), _live_parts("/inbox/live"),
        f'<div id="queue-lists">{queue_lists_html(tickets, names, specialist, now, latest or {})}</div>'])


def queue_lists_html(tickets: list[Ticket], names: dict[int, str], specialist: Specialist, now: dt.datetime,
                     latest: dict[str, tuple[int, dt.datetime]]) -> str:
    """The waiting chats, the live chats and the call-backs; latest is the newest message from the person
    in each ticket (TicketStore.latest_from_person)."""
    waiting = [t for t in tickets if t.status == "waiting"]  # urgent first, then the oldest: the store's order
    live = [t for t in tickets if t.status == "live"]
    callbacks = sorted((t for t in tickets if t.status == "callback_requested"), key=lambda t: t.callback_at)

    def kind(ticket: Ticket) -> str:
        return f"For: {SPECIALIST_LABELS[ticket.specialist_kind]}"

    def who(ticket: Ticket) -> str:
        return "With: " + ("you" if ticket.claimed_by == specialist.id else names.get(ticket.claimed_by, "someone"))

    def last_said(ticket: Ticket) -> list[str]:
        if ticket.id not in latest:
            return []
        return [f"Last message from the person: {_time_of_day(latest[ticket.id][1])}."]

    parts = [
        f"<h2>Waiting ({len(waiting)})</h2>",
        "<p>Urgent first, then whoever has waited longest.</p>" if waiting else "",
        _tickets("waiting-list", waiting, lambda t: [f"{waited(t.created_at, now).capitalize()}.", kind(t),
                                                     f"Why: {REASON_LABELS[t.reason]}", *last_said(t)],
                 "Nobody is waiting.", latest),
        f"<h2>Live chats ({len(live)})</h2>",
        _tickets("live-list", live, lambda t: [who(t), kind(t), *last_said(t)], "No live chats.", latest),
        f"<h2>Call-backs requested ({len(callbacks)})</h2>",
        _tickets("callback-list", callbacks,
                 lambda t: [f"Call them {describe_slot(t.callback_at, now)} (UK time).", kind(t)],
                 "No call-backs to make.", latest),
    ]
    return "\n".join(part for part in parts if part)


def _said(items: list[tuple[str, str, str]], empty: str, css: str) -> str:
    """A list of who said what when; items are (who, when, text), not yet escaped."""
    if not items:
        return f"<p>{e(empty)}</p>"
    return (f'<ol class="{css}">' + "".join(
        f'<li><p class="said-by">{e(who)}{f", {e(when)}" if when else ""}</p><p class="said">{e(text)}</p></li>'
        for who, when, text in items) + "</ol>")


def _facts(pairs: list[tuple[str, str]]) -> str:
    return '<dl class="facts">' + "".join(f"<dt>{e(k)}</dt><dd>{v}</dd>" for k, v in pairs) + "</dl>"


def ticket_status_html(detail: TicketDetail, specialist: Specialist, now: dt.datetime) -> str:
    """The facts at the top of a ticket's page, which the live page keeps up to date."""
    ticket = detail.ticket
    mine = ticket.status == "live" and ticket.claimed_by == specialist.id
    status = STATUS_LABELS[ticket.status]
    if ticket.status == "live":
        status += ", with " + ("you" if mine else detail.claimed_by_name or "someone")
    asked = f"{describe_slot(ticket.created_at, now)} (UK time)"
    if ticket.status == "waiting":
        asked += f", {waited(ticket.created_at, now)}"
    facts = [("Status", e(status)), ("Kind of specialist", e(SPECIALIST_LABELS[ticket.specialist_kind])),
             ("Why", e(REASON_LABELS[ticket.reason])), ("Asked", e(asked))]
    if ticket.callback_at:
        facts.append(("Call them", e(f"{describe_slot(ticket.callback_at, now)} (UK time)")))
    return (f'<div data-status="{e(ticket.status)}" data-status-words="{e(status)}">{_facts(facts)}</div>')


def messages_html(detail: TicketDetail) -> str:
    """The messages since the handover, each with its id and sender, for the live page to tell what is new."""
    if not detail.messages:
        return "<p>No messages yet.</p>"
    return ('<ol class="messages">' + "".join(
        f'<li id="message-{m.id}" data-from="{e(m.sender)}"><p class="said-by">{e(SENDER_LABELS[m.sender])}, '
        f'{e(_time_of_day(m.at))}</p><p class="said">{e(m.text)}</p></li>' for m in detail.messages) + "</ol>")


def ticket_html(detail: TicketDetail, specialist: Specialist, csrf: str, now: dt.datetime,
                problems: list[tuple[str | None, str]]) -> str:
    ticket = detail.ticket
    base = f"/inbox/tickets/{ticket.id}"
    mine = ticket.status == "live" and ticket.claimed_by == specialist.id
    parts = ['<p><a href="/inbox">Back to the queue</a></p>', f"<h1>Ticket {e(ticket.id)}</h1>",
             error_summary(problems)]
    if ticket.urgent:
        parts.append('<p class="urgent-banner"><strong class="urgent">Urgent</strong> The person used words of '
                     "crisis. Crisis help was shown to them first.</p>")
    parts.append(_live_parts(f"/inbox/live?ticket={ticket.id}"))
    parts.append(f'<div id="ticket-status">{ticket_status_html(detail, specialist, now)}</div>')
    if ticket.status == "waiting":
        error = field_error("claim", problems)
        parts.append(error + _button_form(f"{base}/claim", csrf, "Claim this chat", button_id="claim",
                                          tie=tie("claim", error)))

    parts.append("<h2>Summary</h2>" + "".join(f"<p>{e(line)}</p>" for line in detail.summary.splitlines()))
    needs = needs_in_words(detail.access_needs, detail.language)
    parts.append("<h2>Access needs</h2>" + ("<ul>" + "".join(f"<li>{e(n)}</li>" for n in needs) + "</ul>"
                                             if needs else "<p>None given.</p>"))
    contact = [(label, e(words)) for label, words in contact_in_words(detail.contact, detail.access_needs)]
    parts.append("<h2>Contact</h2>" + (_facts(contact) if contact else "<p>No contact details given.</p>"))

    parts.append('<h2 id="messages" tabindex="-1">Messages</h2>')
    parts.append(_check_link(base, now, "#messages"))
    parts.append(f'<div id="messages-list">{messages_html(detail)}</div>')
    if mine:
        parts.append(_text_field("reply", "Your reply to the person",
                                 "The person reads this in their chat. Use short, plain words.", "Send reply",
                                 f"{base}/reply", csrf, problems))

    parts.append('<h2 id="notes" tabindex="-1">Notes for the team</h2>')
    parts.append(_said([(n.author, _time_of_day(n.at), n.text) for n in detail.notes], "No notes yet.", "notes"))
    parts.append(_text_field("note", "Add a note", "Only your team sees notes. The person does not.", "Add note",
                             f"{base}/notes", csrf, problems))

    parts.append("<h2>Chat with the assistant before the handover</h2>")
    parts.append(_said([(SENDER_LABELS.get(m.get("from"), "?"), _transcript_time(m.get("at")), m.get("text") or "")
                        for m in detail.transcript], "There was no chat before the handover.", "transcript"))

    if ticket.status == "waiting" or mine:
        error = field_error("to-kind", problems)
        options = "".join(f'<option value="{k}">{e(SPECIALIST_LABELS[k])}</option>'
                          for k in SPECIALISTS if k != ticket.specialist_kind)
        parts.append('<h2>Pass to another kind of specialist</h2>'
                     f'<form method="post" action="{base}/transfer" class="stack">{csrf_field(csrf)}'
                     f'<div class="field{" field-error" if error else ""}"><label for="to-kind">Kind of specialist'
                     f'</label>{error}<select id="to-kind" name="to_kind"{tie("to-kind", error)}>{options}'
                     '</select></div><button type="submit" class="secondary">Pass the chat on</button></form>')
    if mine:
        parts.append("<h2>End the chat</h2><p>The person goes back to the assistant.</p>"
                     + _button_form(f"{base}/close", csrf, "End the chat", css="warning"))
    elif ticket.status == "callback_requested":
        parts.append("<h2>Call-back done</h2>"
                     + _button_form(f"{base}/close", csrf, "Mark the call-back as done", css="secondary"))
    return "\n".join(p for p in parts if p)


def _transcript_time(at: object) -> str:
    try:
        return _time_of_day(dt.datetime.fromisoformat(str(at)))
    except ValueError:
        return ""


# ---------------------------------------------------------------- requests


def _not_found(specialist: Specialist | None = None, csrf: str = "") -> web.Response:
    return page("Not found", '<h1>Ticket not found</h1><p>Your team has no ticket with that number.</p>'
                 '<p><a href="/inbox">Back to the queue</a></p>', specialist=specialist, csrf=csrf, status=404)


signed_in = signed_in_as("specialist")  # the queue and the chats


def _read_queue(app: web.Application, specialist: Specialist) -> tuple[list[Ticket], dict, dict]:
    """The partner's queue, the team's names and the newest message from the person in each ticket."""
    tickets = app[ticket_store_key].queue(specialist)
    names = app[accounts_key].display_names(specialist.partner_id)
    return tickets, names, app[ticket_store_key].latest_from_person(specialist, [t.id for t in tickets])


@signed_in
async def queue(request: web.Request, specialist: Specialist, csrf: str) -> web.Response:
    tickets, names, latest = await asyncio.to_thread(_read_queue, request.app, specialist)
    return page("Queue", queue_html(tickets, names, specialist, utcnow(), latest), specialist=specialist,
                csrf=csrf, script=LIVE_SCRIPT)


def _ticket_id(request: web.Request) -> str | None:
    return parse_reference(request.match_info["ticket_id"])


@signed_in
async def ticket_page(request: web.Request, specialist: Specialist, csrf: str) -> web.Response:
    ticket_id = _ticket_id(request)
    if ticket_id is None:
        return _not_found(specialist, csrf)
    detail = await asyncio.to_thread(request.app[ticket_store_key].ticket_for, specialist, ticket_id)
    if detail is None:
        return _not_found(specialist, csrf)
    code = request.query.get("error")
    problems = [ERRORS[code]] if code in ERRORS else []
    return page(f"Ticket {detail.ticket.id}", ticket_html(detail, specialist, csrf, utcnow(), problems),
                 specialist=specialist, csrf=csrf, has_error=bool(problems), script=LIVE_SCRIPT)


# ---------------------------------------------------------------- the live pages


class _Stopping:
    """Set as the gateway stops, so open streams end at once rather than hold the stop up."""

    def __init__(self) -> None:
        self.event = asyncio.Event()


stopping_key = web.AppKey("inbox_live_stopping", _Stopping)


async def _live_parts_now(app: web.Application, specialist: Specialist, ticket_id: str | None) -> dict | None:
    """The parts of the page the live script replaces, by element id, as they are now; None if the
    ticket is not the team's."""
    now = utcnow()
    if ticket_id is None:
        tickets, names, latest = await asyncio.to_thread(_read_queue, app, specialist)
        return {"queue-lists": queue_lists_html(tickets, names, specialist, now, latest)}
    detail = await asyncio.to_thread(app[ticket_store_key].ticket_for, specialist, ticket_id)
    if detail is None:
        return None
    return {"ticket-status": ticket_status_html(detail, specialist, now), "messages-list": messages_html(detail)}


async def live(request: web.Request) -> web.StreamResponse:
    """GET /inbox/live[?ticket=ID]: server-sent events for the queue, or one ticket's page. Each event
    holds the page's changing parts as they are now; one comes at the start and then whenever they change,
    woken by news of the partner's tickets (ticket_changes.py) or, lacking news, read again every
    INBOX_RECHECK_SECONDS. The same session as the pages, for a specialist only, and only their partner's
    tickets. The stream ends after INBOX_STREAM_SECONDS, or when the session does; the browser then opens
    another, which checks the session again."""
    accounts, token = request.app[accounts_key], request.cookies.get(SESSION_COOKIE, "")
    found = await asyncio.to_thread(accounts.specialist_for_session, token)
    if found is None:
        return web.Response(status=401, text="Sign in to the inbox first.", headers=NO_STORE)
    specialist = found[0]
    if specialist.role != "specialist":  # a panel member or a maintainer never sees a chat
        return web.Response(status=403, text="Only specialists see the queue.", headers=NO_STORE)
    ticket_id = None
    if "ticket" in request.query:
        ticket_id = parse_reference(request.query["ticket"])
        if ticket_id is None:
            return web.Response(status=404, text="Not found.", headers=NO_STORE)
    parts = await _live_parts_now(request.app, specialist, ticket_id)
    if parts is None:
        return web.Response(status=404, text="Not found.", headers=NO_STORE)

    response = web.StreamResponse(headers={"Content-Type": "text/event-stream", **NO_STORE,
                                           "X-Accel-Buffering": "no"})  # a proxy must pass each event on at once
    await response.prepare(request)
    loop, changes = asyncio.get_running_loop(), request.app[ticket_changes_key]
    stopping = request.app[stopping_key].event
    deadline = loop.time() + inbox_stream_seconds()
    sent = None
    await response.write(b"retry: 3000\n\n")  # how soon the browser opens the next stream
    try:
        while parts is not None and not stopping.is_set():
            if parts != sent:
                await response.write(f"event: parts\ndata: {json.dumps(parts)}\n\n".encode())
                sent = parts
            else:
                await response.write(b": nothing new\n\n")  # finds a browser that has gone
            left = deadline - loop.time()
            if left <= 0:
                break
            woken = asyncio.create_task(changes.wait(specialist.partner_id, min(left, inbox_recheck_seconds())))
            stopped = asyncio.create_task(stopping.wait())
            await asyncio.wait((woken, stopped), return_when=asyncio.FIRST_COMPLETED)
            stopped.cancel()
            woken.cancel()
            if await asyncio.to_thread(accounts.specialist_for_session, token) is None:
                break  # signed out or disabled meanwhile: nothing more for this browser
            parts = await _live_parts_now(request.app, specialist, ticket_id)
    except ConnectionResetError:
        pass  # the browser went away
    return response


async def _stop_live_streams(app: web.Application) -> None:
    app[stopping_key].event.set()


async def _done(request: web.Request, specialist: Specialist, csrf: str, result: object, error: str,
                anchor: str = "") -> web.Response:
    """Back to the ticket page, with the problem if the change was refused (result None or False); but
    "not found" if the ticket is not the team's, so the answer never tells that it exists."""
    ticket_id = _ticket_id(request)
    if result is None or result is False:
        if await asyncio.to_thread(request.app[ticket_store_key].ticket_for, specialist, ticket_id) is None:
            return _not_found(specialist, csrf)
        return see_other(f"/inbox/tickets/{ticket_id}?error={error}#error-summary")
    return see_other(f"/inbox/tickets/{ticket_id}{anchor}")


def _text(request: web.Request) -> tuple[str, str | None]:
    """The form's text, and what is wrong with it, if anything ("empty" or "long")."""
    text = str(request[form_key].get("text", "")).strip()
    if not text:
        return text, "empty"
    return text, "long" if len(text) > MAX_TEXT_CHARS else None


def _ticket_action(change):
    """A POST on one ticket: signed in, CSRF checked, and a ticket id that can exist (else not found)."""

    @signed_in
    @wraps(change)
    async def handle(request: web.Request, specialist: Specialist, csrf: str) -> web.Response:
        if _ticket_id(request) is None:
            return _not_found(specialist, csrf)
        response = await change(request, specialist, csrf, request.app[ticket_store_key], _ticket_id(request))
        await request.app[ticket_changes_key].changed(specialist.partner_id)  # wakes the person's long poll
        return response

    return handle


@_ticket_action
async def claim(request, specialist, csrf, store: TicketStore, ticket_id: str) -> web.Response:
    result = await asyncio.to_thread(store.claim, specialist, ticket_id)
    return await _done(request, specialist, csrf, result, "not_claimed", "#messages")


@_ticket_action
async def reply(request, specialist, csrf, store: TicketStore, ticket_id: str) -> web.Response:
    text, problem = _text(request)
    if problem:
        return await _done(request, specialist, csrf, False, f"{problem}_reply")
    result = await asyncio.to_thread(store.reply, specialist, ticket_id, text)
    return await _done(request, specialist, csrf, result, "not_yours", "#messages")


@_ticket_action
async def add_note(request, specialist, csrf, store: TicketStore, ticket_id: str) -> web.Response:
    text, problem = _text(request)
    if problem:
        return await _done(request, specialist, csrf, False, f"{problem}_note")
    result = await asyncio.to_thread(store.add_note, specialist, ticket_id, text)
    return await _done(request, specialist, csrf, result, "not_yours", "#notes")


@_ticket_action
async def transfer(request, specialist, csrf, store: TicketStore, ticket_id: str) -> web.Response:
    to_kind = str(request[form_key].get("to_kind", ""))
    if to_kind not in SPECIALISTS:
        return await _done(request, specialist, csrf, False, "bad_kind")
    result = await asyncio.to_thread(store.transfer, specialist, ticket_id, to_kind)
    return await _done(request, specialist, csrf, result, "not_yours")


@_ticket_action
async def close(request, specialist, csrf, store: TicketStore, ticket_id: str) -> web.Response:
    result = await asyncio.to_thread(store.close, specialist, ticket_id)
    return await _done(request, specialist, csrf, result, "not_yours")


def add_inbox(app: web.Application, *, tickets: TicketStore | None = None,
              accounts: AccountStore | None = None) -> None:
    """Add the inbox routes, with signing in. The stores are those given, else the gateway's, under
    ticket_store_key and accounts_key by the time the app starts (create_app makes them)."""
    if tickets is not None or accounts is not None:
        async def given_stores(app: web.Application):
            if tickets is not None:
                app[ticket_store_key] = tickets
            if accounts is not None:
                app[accounts_key] = accounts
            yield

        app.cleanup_ctx.append(given_stores)
    app.cleanup_ctx.append(ticket_changes)
    app[stopping_key] = _Stopping()
    app.on_shutdown.append(_stop_live_streams)
    add_sign_in(app)
    app.router.add_get("/inbox", queue)
    app.router.add_get("/inbox/tickets/{ticket_id}", ticket_page)
    app.router.add_get("/inbox/live", live)
    app.router.add_post("/inbox/tickets/{ticket_id}/claim", claim)
    app.router.add_post("/inbox/tickets/{ticket_id}/reply", reply)
    app.router.add_post("/inbox/tickets/{ticket_id}/transfer", transfer)
    app.router.add_post("/inbox/tickets/{ticket_id}/close", close)
    app.router.add_post("/inbox/tickets/{ticket_id}/notes", add_note)
