"""The specialist inbox on the gateway: where the partner's team answers chats handed over by the assistant.

    GET  /inbox/sign-in, POST /inbox/sign-in, POST /inbox/sign-out
    GET  /inbox                                     the team's queue: waiting, live and call-backs
    GET  /inbox/tickets/{id}                        one ticket: summary, needs, contact, chat, notes
    POST /inbox/tickets/{id}/claim|reply|transfer|close|notes

Plain server-made HTML with no script, built to WCAG 2.2 AA: it works with a keyboard and a screen reader,
and nothing changes on screen by itself ("Check for new messages" reloads). Everything a person or a
specialist wrote is escaped. Accounts are made with `python -m bot.handoff.cli add-specialist`.

The session cookie is HttpOnly, Secure and SameSite=Strict, for /inbox only; each form also carries the
session's CSRF token (the sign-in form a double-submit cookie's). A specialist sees only their own
partner's tickets: another partner's ticket is "not found", exactly like one that does not exist.

When a specialist closes a ticket, the relay (handoff_relay.py) hands the person's chat back to the
assistant the next time it hears from them.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import hmac
import html
import secrets
from functools import wraps

from aiohttp import web

from bot.storage.db import utcnow
from bot.handoff.labels import REASON_LABELS, SENDER_LABELS, SPECIALIST_LABELS, STATUS_LABELS, needs_in_words
from bot.handoff.office_hours import LONDON, describe_slot
from bot.handoff.routing import SPECIALISTS
from bot.handoff.tickets import MAX_TEXT_CHARS, Specialist, Ticket, TicketDetail, TicketStore
from bot.storage.reference import parse_reference
from bot.web.rate_limit import address_of, limits_key
from bot.web.ticket_changes import ticket_changes, ticket_changes_key


ticket_store_key = web.AppKey("ticket_store", TicketStore)
form_key = web.RequestKey("inbox_form", dict)

SESSION_COOKIE = "inbox_session"
SIGN_IN_COOKIE = "inbox_sign_in"  # the sign-in form's CSRF token, before there is a session
BROWSER_COOKIE = "inbox_browser"  # this browser has signed in to the account before (rate_limit.KnownBrowsers)
COOKIE = {"path": "/inbox", "secure": True, "httponly": True, "samesite": "Strict"}
NO_STORE = {"Cache-Control": "no-store"}  # personal data: no copies in caches on the way
e = html.escape

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


def _page(title: str, main: str, *, specialist: Specialist | None = None, csrf: str = "",
          status: int = 200, has_error: bool = False) -> web.Response:
    account = ""
    if specialist:
        account = (f'<p class="account">Signed in as {e(specialist.display_name)}</p>'
                   f'<nav aria-label="Inbox">{_links(specialist, title)}</nav>'
                   f'<form method="post" action="/inbox/sign-out" class="sign-out">{_csrf_field(csrf)}'
                   f'<button type="submit" class="secondary">Sign out</button></form>')
    prefix = "Error: " if has_error else ""  # WCAG 3.3.1: the title says so too
    text = f"""<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{prefix}{e(title)} - Specialist inbox</title>
<link rel="stylesheet" href="/static/inbox.css">
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="masthead"><p class="service">Specialist inbox</p>{account}</header>
<main id="main" tabindex="-1">
{main}
</main>
</body>
</html>
"""
    return web.Response(text=text, content_type="text/html", status=status, headers=NO_STORE)


def _links(specialist: Specialist, title: str) -> str:
    links = [("/inbox", "Queue")] if specialist.role == "specialist" else []
    links += [("/inbox/review", "Content review"), ("/inbox/insight", "Insight")]
    current = ' aria-current="page"'  # on the link to the page shown; a ticket's page is none of them
    return " ".join(f'<a href="{href}"{current if name == title else ""}>{name}</a>' for href, name in links)


def _csrf_field(csrf: str) -> str:
    return f'<input type="hidden" name="csrf" value="{e(csrf)}">'


def _error_summary(problems: list[tuple[str | None, str]]) -> str:
    if not problems:
        return ""
    items = "".join(f'<li><a href="#{e(field)}">{e(text)}</a></li>' if field else f"<li>{e(text)}</li>"
                    for field, text in problems)
    return (f'<div class="error-summary" id="error-summary" tabindex="-1" aria-labelledby="error-summary-title">'
            f'<h2 id="error-summary-title">There is a problem</h2><ul>{items}</ul></div>')


def _field_error(field: str, problems: list[tuple[str | None, str]]) -> str:
    """The error message to put above a field, or nothing."""
    for name, text in problems:
        if name == field:
            return (f'<p class="error-message" id="{field}-error"><span class="visually-hidden">Error:</span> '
                    f"{e(text)}</p>")
    return ""


def _tie(field: str, error: str, hint: str = "") -> str:
    """The attributes that tie a field to its hint and error, so a screen reader reads them with it."""
    ids = ([f"{field}-hint"] if hint else []) + ([f"{field}-error"] if error else [])
    return (' aria-invalid="true"' if error else "") + (f' aria-describedby="{" ".join(ids)}"' if ids else "")


def _text_field(field: str, label: str, hint: str, button: str, action: str, csrf: str,
                problems: list[tuple[str | None, str]]) -> str:
    error = _field_error(field, problems)
    return (f'<form method="post" action="{e(action)}" class="stack">{_csrf_field(csrf)}'
            f'<div class="field{" field-error" if error else ""}"><label for="{field}">{e(label)}</label>'
            f'<p class="hint" id="{field}-hint">{e(hint)}</p>{error}'
            f'<textarea id="{field}" name="text" rows="4" maxlength="{MAX_TEXT_CHARS}"{_tie(field, error, hint)}>'
            f'</textarea></div><button type="submit">{e(button)}</button></form>')


def _button_form(action: str, csrf: str, label: str, *, css: str = "", button_id: str = "", tie: str = "") -> str:
    attributes = (f' class="{css}"' if css else "") + (f' id="{button_id}"' if button_id else "") + tie
    return (f'<form method="post" action="{e(action)}" class="stack">{_csrf_field(csrf)}'
            f'<button type="submit"{attributes}>{e(label)}</button></form>')


def _check_link(path: str, now: dt.datetime, anchor: str = "") -> str:
    # The time makes the link differ from the page's own address, so following it always loads the page
    # again (a link that differs only by its #anchor would just scroll).
    return (f'<p><a href="{path}?checked={int(now.timestamp())}{anchor}">Check for new messages</a> '
            "(this page does not change by itself).</p>")


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


def _tickets(tickets: list[Ticket], facts, empty: str) -> str:
    """A list of tickets, each a link with plain facts under it (lists reflow on a narrow screen, where a
    table would scroll sideways). facts(ticket) gives the lines, not yet escaped."""
    if not tickets:
        return f"<p>{e(empty)}</p>"
    items = "".join(
        f'<li><p class="ticket-title"><a href="/inbox/tickets/{e(t.id)}">Ticket {e(t.id)}</a>'
        + (' <strong class="urgent">Urgent</strong>' if t.urgent else "") + "</p>"
        + "".join(f"<p>{e(line)}</p>" for line in facts(t)) + "</li>"
        for t in tickets)
    return f'<ol class="tickets">{items}</ol>'


def queue_html(tickets: list[Ticket], names: dict[int, str], specialist: Specialist, now: dt.datetime) -> str:
    waiting = [t for t in tickets if t.status == "waiting"]  # urgent first, then the oldest: the store's order
    live = [t for t in tickets if t.status == "live"]
    callbacks = sorted((t for t in tickets if t.status == "callback_requested"), key=lambda t: t.callback_at)

    def kind(ticket: Ticket) -> str:
        return f"For: {SPECIALIST_LABELS[ticket.specialist_kind]}"

    def who(ticket: Ticket) -> str:
        return "With: " + ("you" if ticket.claimed_by == specialist.id else names.get(ticket.claimed_by, "someone"))

    parts = [
        "<h1>Queue</h1>", _check_link("/inbox", now),
        f"<h2>Waiting ({len(waiting)})</h2>",
        "<p>Urgent first, then whoever has waited longest.</p>" if waiting else "",
        _tickets(waiting, lambda t: [f"{waited(t.created_at, now).capitalize()}.", kind(t),
                                     f"Why: {REASON_LABELS[t.reason]}"], "Nobody is waiting."),
        f"<h2>Live chats ({len(live)})</h2>",
        _tickets(live, lambda t: [who(t), kind(t)], "No live chats."),
        f"<h2>Call-backs requested ({len(callbacks)})</h2>",
        _tickets(callbacks, lambda t: [f"Call them {describe_slot(t.callback_at, now)} (UK time).", kind(t)],
                 "No call-backs to make."),
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


def ticket_html(detail: TicketDetail, specialist: Specialist, csrf: str, now: dt.datetime,
                problems: list[tuple[str | None, str]]) -> str:
    ticket = detail.ticket
    base = f"/inbox/tickets/{ticket.id}"
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
    parts = ['<p><a href="/inbox">Back to the queue</a></p>', f"<h1>Ticket {e(ticket.id)}</h1>",
             _error_summary(problems)]
    if ticket.urgent:
        parts.append('<p class="urgent-banner"><strong class="urgent">Urgent</strong> The person used words of '
                     "crisis. Crisis help was shown to them first.</p>")
    parts.append(_facts(facts))
    if ticket.status == "waiting":
        error = _field_error("claim", problems)
        parts.append(error + _button_form(f"{base}/claim", csrf, "Claim this chat", button_id="claim",
                                          tie=_tie("claim", error)))

    parts.append("<h2>Summary</h2>" + "".join(f"<p>{e(line)}</p>" for line in detail.summary.splitlines()))
    needs = needs_in_words(detail.access_needs, detail.language)
    parts.append("<h2>Access needs</h2>" + ("<ul>" + "".join(f"<li>{e(n)}</li>" for n in needs) + "</ul>"
                                             if needs else "<p>None given.</p>"))
    contact = [(str(k).replace("_", " ").capitalize(), e(str(v))) for k, v in detail.contact.items() if v]
    parts.append("<h2>Contact</h2>" + (_facts(contact) if contact else "<p>No contact details given.</p>"))

    parts.append('<h2 id="messages" tabindex="-1">Messages</h2>')
    parts.append(_check_link(base, now, "#messages"))
    parts.append(_said([(SENDER_LABELS[m.sender], _time_of_day(m.at), m.text) for m in detail.messages],
                       "No messages yet.", "messages"))
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
        error = _field_error("to-kind", problems)
        options = "".join(f'<option value="{k}">{e(SPECIALIST_LABELS[k])}</option>'
                          for k in SPECIALISTS if k != ticket.specialist_kind)
        parts.append('<h2>Pass to another kind of specialist</h2>'
                     f'<form method="post" action="{base}/transfer" class="stack">{_csrf_field(csrf)}'
                     f'<div class="field{" field-error" if error else ""}"><label for="to-kind">Kind of specialist'
                     f'</label>{error}<select id="to-kind" name="to_kind"{_tie("to-kind", error)}>{options}'
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


def sign_in_html(csrf: str, username: str, problems: list[tuple[str | None, str]], signed_out: bool) -> str:
    user_error, password_error = _field_error("username", problems), _field_error("password", problems)
    notice = '<p class="notice">You have signed out.</p>' if signed_out and not problems else ""
    return f"""<h1>Sign in</h1>
{notice}{_error_summary(problems)}
<p>Sign in to answer the people the assistant has passed to your team.</p>
<form method="post" action="/inbox/sign-in" class="stack" novalidate>
{_csrf_field(csrf)}
<div class="field{" field-error" if user_error else ""}"><label for="username">Username</label>{user_error}
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false"
 required value="{e(username)}"{_tie("username", user_error)}></div>
<div class="field{" field-error" if password_error else ""}"><label for="password">Password</label>{password_error}
<input id="password" name="password" type="password" autocomplete="current-password" required
 {_tie("password", password_error)}></div>
<button type="submit">Sign in</button>
</form>"""


# ---------------------------------------------------------------- requests


def _see_other(location: str) -> web.Response:
    return web.Response(status=303, headers={"Location": location, **NO_STORE})


def _same(given: object, expected: str) -> bool:
    return isinstance(given, str) and hmac.compare_digest(given.encode(), expected.encode())


def _refused() -> web.Response:
    return _page("Please try again", "<h1>Please try again</h1><p>This form was out of date, so nothing was "
                 'changed. <a href="/inbox">Go back to the inbox</a> and try again.</p>', status=403)


def _not_found(specialist: Specialist | None = None, csrf: str = "") -> web.Response:
    return _page("Not found", '<h1>Ticket not found</h1><p>Your team has no ticket with that number.</p>'
                 '<p><a href="/inbox">Back to the queue</a></p>', specialist=specialist, csrf=csrf, status=404)


def signed_in_as(*roles: str):
    """The handler gets the signed-in account and its CSRF token; anyone else goes to sign in, and an account
    of another role to the page for its own (a panel member to the content review: never a chat). A POST
    without the session's CSRF token is refused (403) before anything happens."""
    def decorate(handler):
        @wraps(handler)
        async def check(request: web.Request) -> web.StreamResponse:
            found = await asyncio.to_thread(request.app[ticket_store_key].specialist_for_session,
                                            request.cookies.get(SESSION_COOKIE, ""))
            if found is None:
                return _see_other("/inbox/sign-in")
            if found[0].role not in roles:
                return _see_other("/inbox/review" if found[0].role == "panel" else "/inbox")
            return await _with_form(request, handler, *found)
        return check
    return decorate


async def _with_form(request: web.Request, handler, specialist: Specialist, csrf: str) -> web.StreamResponse:
    if request.method == "POST":
        form = dict(await request.post())
        if not _same(form.get("csrf"), csrf):
            return _refused()
        request[form_key] = form
    return await handler(request, specialist, csrf)


signed_in = signed_in_as("specialist")  # the queue and the chats


async def sign_in_form(request: web.Request) -> web.Response:
    if request.cookies.get(SESSION_COOKIE) and await asyncio.to_thread(
            request.app[ticket_store_key].specialist_for_session, request.cookies[SESSION_COOKIE]):
        return _see_other("/inbox")
    return _sign_in_page("signed-out" in request.query)


def _sign_in_page(signed_out: bool = False, username: str = "",
                  problems: list[tuple[str | None, str]] | None = None, status: int = 200) -> web.Response:
    csrf = secrets.token_urlsafe(32)
    problems = problems or []
    response = _page("Sign in", sign_in_html(csrf, username, problems, signed_out), status=status,
                     has_error=bool(problems))
    response.set_cookie(SIGN_IN_COOKIE, csrf, **COOKIE)
    return response


async def sign_in(request: web.Request) -> web.Response:
    form = await request.post()
    expected = request.cookies.get(SIGN_IN_COOKIE)
    if not expected or not _same(form.get("csrf"), expected):
        return _refused()
    username, password = str(form.get("username", "")).strip(), str(form.get("password", ""))
    problems = []
    limits = request.app[limits_key]
    wait = limits.sign_in.wait_for(address_of(request))
    where = "from here"
    if not wait and not limits.known_browsers.knows(username, request.cookies.get(BROWSER_COOKIE)):
        # Guesses from many addresses still meet the account's limit; its owner's own browser does not.
        wait, where = limits.per_account.wait_for(username.lower()), "to this account"
    if wait:
        minutes = max(1, round(wait / 60))
        problems.append((None, f"Too many tries to sign in {where}. Wait {minutes} minute"
                               f"{'s' if minutes > 1 else ''}, then try again."))
        return _sign_in_page(username=username, problems=problems, status=429)
    if not username:
        problems.append(("username", "Enter your username."))
    if not password:
        problems.append(("password", "Enter your password."))
    tokens = None
    if not problems:
        tokens = await asyncio.to_thread(request.app[ticket_store_key].sign_in, username, password)
        if tokens is None:
            problems.append(("password", "The username or password is not right. Check them and try again."))
    if problems:
        return _sign_in_page(username=username, problems=problems, status=400)
    response = _see_other("/inbox")
    response.set_cookie(SESSION_COOKIE, tokens[0], **COOKIE)
    response.set_cookie(BROWSER_COOKIE, limits.known_browsers.remember(username), max_age=30 * 24 * 3600, **COOKIE)
    response.del_cookie(SIGN_IN_COOKIE, **COOKIE)
    return response


@signed_in_as("specialist", "panel")
async def sign_out(request: web.Request, specialist: Specialist, csrf: str) -> web.Response:
    await asyncio.to_thread(request.app[ticket_store_key].sign_out, request.cookies.get(SESSION_COOKIE, ""))
    response = _see_other("/inbox/sign-in?signed-out")
    response.del_cookie(SESSION_COOKIE, **COOKIE)
    return response


@signed_in
async def queue(request: web.Request, specialist: Specialist, csrf: str) -> web.Response:
    store = request.app[ticket_store_key]
    tickets = await asyncio.to_thread(store.queue, specialist)
    names = await asyncio.to_thread(store.display_names, specialist.partner_id)
    return _page("Queue", queue_html(tickets, names, specialist, utcnow()), specialist=specialist, csrf=csrf)


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
    return _page(f"Ticket {detail.ticket.id}", ticket_html(detail, specialist, csrf, utcnow(), problems),
                 specialist=specialist, csrf=csrf, has_error=bool(problems))


async def _done(request: web.Request, specialist: Specialist, csrf: str, result: object, error: str,
                anchor: str = "") -> web.Response:
    """Back to the ticket page, with the problem if the change was refused (result None or False); but
    "not found" if the ticket is not the team's, so the answer never tells that it exists."""
    ticket_id = _ticket_id(request)
    if result is None or result is False:
        if await asyncio.to_thread(request.app[ticket_store_key].ticket_for, specialist, ticket_id) is None:
            return _not_found(specialist, csrf)
        return _see_other(f"/inbox/tickets/{ticket_id}?error={error}#error-summary")
    return _see_other(f"/inbox/tickets/{ticket_id}{anchor}")


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


def add_inbox(app: web.Application, *, tickets: TicketStore | None = None) -> None:
    """Add the inbox routes. The ticket store is the one given, else the gateway's, under ticket_store_key
    by the time the app starts (create_app makes it)."""
    if tickets is not None:
        async def ticket_store(app: web.Application):
            app[ticket_store_key] = tickets
            yield

        app.cleanup_ctx.append(ticket_store)
    app.cleanup_ctx.append(ticket_changes)
    app.router.add_get("/inbox/sign-in", sign_in_form)
    app.router.add_post("/inbox/sign-in", sign_in)
    app.router.add_post("/inbox/sign-out", sign_out)
    app.router.add_get("/inbox", queue)
    app.router.add_get("/inbox/tickets/{ticket_id}", ticket_page)
    app.router.add_post("/inbox/tickets/{ticket_id}/claim", claim)
    app.router.add_post("/inbox/tickets/{ticket_id}/reply", reply)
    app.router.add_post("/inbox/tickets/{ticket_id}/transfer", transfer)
    app.router.add_post("/inbox/tickets/{ticket_id}/close", close)
    app.router.add_post("/inbox/tickets/{ticket_id}/notes", add_note)
