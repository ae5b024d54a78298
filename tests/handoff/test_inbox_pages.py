"""The specialist inbox through a real aiohttp server: sign in, the queue, a ticket, claim, reply, transfer,
notes and close; CSRF, cookies, escaping, and another partner's tickets answering 404."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from aiohttp import CookieJar, web
from aiohttp.test_utils import TestClient, TestServer

from bot.storage.db import utcnow
from bot.handoff import choose_specialist
from bot.web.app import INBOX_CSP, create_app
from bot.web.inbox import add_inbox, ticket_store_key, waited
from bot.web.provider_api import store_key
from bot.web.rate_limit import GatewayLimits, Limit, RateLimiter, limits_key

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture
async def inbox(tickets, accounts, isolated_settings, free_port):
    """The test client. It keeps cookies like a browser:
    the test server counts as a secure origin, as 127.0.0.1 does for browsers."""
    app = web.Application()
    app[limits_key] = GatewayLimits.from_environment()
    add_inbox(app, tickets=tickets, accounts=accounts)
    port = free_port()
    jar = CookieJar(unsafe=True, treat_as_secure_origin=f"http://127.0.0.1:{port}")
    async with TestClient(TestServer(app, host="127.0.0.1", port=port), cookie_jar=jar) as client:
        yield client


@pytest.fixture
def handed_over(tickets):
    """Hands a chat over now (the pages use the real clock), `minutes` ago."""
    def open_(partner="demo", reason="own_benefits_money", minutes=3, summary="Summary", contact=None,
              transcript=(), conversation=None):
        return tickets.open_ticket(conversation or f"chat-{utcnow().timestamp()}", partner,
                                   choose_specialist(reason, ["bsl"]), summary, list(transcript),
                                   contact or {"phone": "07700 900461"}, now=utcnow() - dt.timedelta(minutes=minutes))

    return open_


async def sign_in(client, username: str, password: str):
    form = await client.get("/inbox/sign-in")
    csrf = CSRF.search(await form.text()).group(1)
    return await client.post("/inbox/sign-in", allow_redirects=False,
                             data={"csrf": csrf, "username": username, "password": password})


@pytest.fixture
async def signed_in(inbox, make_specialist, handoff_data):
    """Sam of the demo partner, signed in: (client, sam)."""
    client = inbox
    sam = make_specialist("demo", "sam", "Sam Okafor")
    response = await sign_in(client, "sam", handoff_data["password"])
    assert response.status == 303 and response.headers["Location"] == "/inbox"
    return client, sam


async def page_and_csrf(client, path: str) -> tuple[str, str]:
    response = await client.get(path)
    assert response.status == 200, await response.text()
    page = await response.text()
    return page, CSRF.search(page).group(1)


async def post(client, path: str, csrf: str | None, **fields):
    data = dict(fields, **({"csrf": csrf} if csrf is not None else {}))
    return await client.post(path, data=data, allow_redirects=False)


async def test_nothing_without_signing_in(inbox, handed_over):
    client = inbox
    ticket = handed_over()
    for method, path in (("GET", "/inbox"), ("GET", f"/inbox/tickets/{ticket.id}"),
                         ("POST", f"/inbox/tickets/{ticket.id}/claim"), ("POST", "/inbox/sign-out")):
        response = await client.request(method, path, allow_redirects=False)
        assert (response.status, response.headers["Location"]) == (303, "/inbox/sign-in"), path


async def test_sign_in_sets_a_strict_private_cookie(inbox, make_specialist, handoff_data):
    client = inbox
    make_specialist()
    page = await (await client.get("/inbox/sign-in")).text()
    assert '<html lang="en-GB">' in page and page.count("<h1") == 1
    assert '<label for="username">' in page and '<label for="password">' in page
    assert 'href="#main">Skip to main content</a>' in page
    response = await sign_in(client, "sam", handoff_data["password"])
    assert response.status == 303
    cookie = response.cookies["inbox_session"]
    assert cookie["httponly"] and cookie["secure"] and cookie["samesite"] == "Strict" and cookie["path"] == "/inbox"
    assert (await client.get("/inbox", allow_redirects=False)).status == 200


async def test_a_wrong_password_is_explained_next_to_the_field(inbox, make_specialist, handoff_data):
    client = inbox
    make_specialist()
    response = await sign_in(client, "sam", "not the password")
    page = await response.text()
    assert response.status == 400 and "<title>Error: Sign in" in page
    assert 'id="password-error"' in page and 'aria-describedby="password-error"' in page
    assert 'aria-invalid="true"' in page and 'value="sam"' in page  # the username is kept, not the password
    assert "not the password" not in page and "inbox_session" not in response.cookies
    empty = await (await sign_in(client, "", "")).text()
    assert "Enter your username." in empty and "Enter your password." in empty
    assert 'href="#username"' in empty  # the summary links to the field


async def test_guessing_passwords_is_slowed_down_to_a_few_tries_an_hour(inbox, make_specialist, handoff_data):
    client = inbox
    make_specialist()
    client.app[limits_key].sign_in = RateLimiter(Limit(per_minute=20 / 60, burst=5))  # the real default
    statuses = [(await sign_in(client, "sam", f"guess {n}")).status for n in range(5)]
    assert statuses == [400] * 5
    refused = await sign_in(client, "sam", handoff_data["password"])  # even the right password must wait
    page = await refused.text()
    assert refused.status == 429 and "inbox_session" not in refused.cookies
    assert "Too many tries to sign in from here. Wait 3 minutes, then try again." in page


async def test_guessing_one_accounts_password_from_many_addresses_is_limited_without_locking_its_owner_out(
        inbox, make_specialist, handoff_data):
    client = inbox
    make_specialist()
    assert (await sign_in(client, "sam", handoff_data["password"])).status == 303  # Sam's own browser, earlier
    sams_browser = {c.key: c.value for c in client.session.cookie_jar}["inbox_browser"]
    # Then someone with many addresses, each inside its own limit (here: no address limit at all).
    client.app[limits_key].sign_in = RateLimiter(Limit(per_minute=1_000_000, burst=1_000_000))
    client.session.cookie_jar.clear()
    # Ten tries an hour from browsers new to the account: Sam's first sign-in was one.
    assert [(await sign_in(client, "sam", f"guess {n}")).status for n in range(9)] == [400] * 9
    refused = await sign_in(client, "sam", handoff_data["password"])  # even the right password must wait
    assert refused.status == 429 and "inbox_session" not in refused.cookies
    assert "Too many tries to sign in to this account. Wait 6 minutes" in await refused.text()
    assert (await sign_in(client, "kim", "guess")).status == 400, "other accounts are not held up"
    # Sam, in a browser that has signed in before, is not held up by someone else's guessing.
    client.session.cookie_jar.clear()
    client.session.cookie_jar.update_cookies({"inbox_browser": sams_browser}, client.make_url("/inbox"))
    assert (await sign_in(client, "sam", handoff_data["password"])).status == 303


async def test_the_sign_in_form_needs_its_own_csrf_token(inbox, make_specialist, handoff_data):
    client = inbox
    make_specialist()
    await client.get("/inbox/sign-in")  # sets the cookie half
    response = await client.post("/inbox/sign-in", allow_redirects=False,
                                 data={"csrf": "guessed", "username": "sam", "password": handoff_data["password"]})
    assert response.status == 403 and "inbox_session" not in response.cookies


async def test_the_queue_shows_urgent_first_how_long_and_who_has_what(signed_in, tickets, handed_over,
                                                                      make_specialist):
    client, sam = signed_in
    older = handed_over(minutes=7)
    crisis = handed_over(reason="crisis", minutes=1)
    taken = handed_over(minutes=20)
    tickets.claim(make_specialist("demo", "alex", "Alex Reid"), taken.id)
    callback = tickets.request_callback("chat-cb", "demo", choose_specialist("asked"), "s", [], "07700 900461",
                                        dt.datetime(2026, 11, 30, 10, tzinfo=dt.timezone.utc))
    theirs = handed_over(partner="other")
    page, _ = await page_and_csrf(client, "/inbox")
    assert page.count("<h1") == 1 and "Signed in as Sam Okafor" in page
    assert page.index(crisis.id) < page.index(older.id)  # urgent first
    assert re.search(rf"{crisis.id}</a> <strong class=\"urgent\">Urgent</strong></p><p>Waiting 1 minute.</p>", page)
    assert re.search(rf"{older.id}</a></p><p>Waiting 7 minutes.</p><p>For: Benefits adviser</p>", page)
    assert re.search(rf"{taken.id}</a></p><p>With: Alex Reid</p>", page)
    assert re.search(rf"{callback.id}</a></p><p>Call them Monday 30 November at 10am \(UK time\).</p>", page)
    assert theirs.id not in page
    assert '<ol class="tickets" id="waiting-list">' in page and "Check for new messages" in page
    # Nothing changes by itself without script; the only script is the gateway's own file (test_inbox_live.py).
    assert "http-equiv" not in page and re.findall(r"<script[^>]*>", page) == [
        '<script src="/static/inbox-live.js" defer>']


async def test_the_navigation_marks_the_page_shown(signed_in, handed_over):
    client, _ = signed_in
    page, _ = await page_and_csrf(client, "/inbox")
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', page) == ["/inbox"]
    page, _ = await page_and_csrf(client, f"/inbox/tickets/{handed_over().id}")
    assert "aria-current" not in page  # a ticket is none of the pages the navigation names


async def test_claim_reply_and_close_and_the_relay_is_told(signed_in, tickets, handed_over):
    client, sam = signed_in
    ticket = handed_over(conversation="chat-1")
    path = f"/inbox/tickets/{ticket.id}"
    page, csrf = await page_and_csrf(client, path)
    assert "Claim this chat" in page and "Your reply to the person" not in page

    response = await post(client, f"{path}/claim", csrf)
    assert (response.status, response.headers["Location"]) == (303, f"{path}#messages")
    page, csrf = await page_and_csrf(client, path)
    assert "Live chat, with you" in page and '<label for="reply">Your reply to the person</label>' in page

    tickets.add_message(ticket.id, "person", "Are you there?")
    assert (await post(client, f"{path}/reply", csrf, text="Yes, I am Sam.")).status == 303
    page, csrf = await page_and_csrf(client, path)
    assert page.index("Are you there?") < page.index("Yes, I am Sam.")
    assert [m.text for m in tickets.messages_after(ticket.id, 0)] == ["Yes, I am Sam."]  # the relay's view

    response = await post(client, f"{path}/close", csrf)
    assert (response.status, response.headers["Location"]) == (303, path)
    assert tickets.current_ticket_for("chat-1").status == "closed"
    assert (await post(client, f"{path}/close", csrf)).headers["Location"].endswith("?error=not_yours#error-summary")


async def test_transfer_and_notes(signed_in, tickets, handed_over):
    client, sam = signed_in
    ticket = handed_over()
    path = f"/inbox/tickets/{ticket.id}"
    page, csrf = await page_and_csrf(client, path)
    assert '<option value="benefits_adviser">' not in page  # it is with that kind already
    assert (await post(client, f"{path}/transfer", csrf, to_kind="peer_supporter")).status == 303
    assert tickets.ticket_for(sam, ticket.id).ticket.specialist_kind == "peer_supporter"
    assert (await post(client, f"{path}/notes", csrf, text="Prefers mornings")).status == 303
    page, _ = await page_and_csrf(client, path)
    assert "Prefers mornings" in page and "Sam Okafor" in page and "Peer supporter" in page


async def test_a_problem_with_a_form_is_tied_to_its_field(signed_in, tickets, handed_over):
    client, sam = signed_in
    ticket = handed_over()
    path = f"/inbox/tickets/{ticket.id}"
    _, csrf = await page_and_csrf(client, path)
    await post(client, f"{path}/claim", csrf)
    response = await post(client, f"{path}/reply", csrf, text="   ")
    assert response.headers["Location"] == f"{path}?error=empty_reply#error-summary"
    page, _ = await page_and_csrf(client, response.headers["Location"])
    assert "<title>Error: Ticket" in page and '<a href="#reply">Write your reply before you send it.</a>' in page
    assert re.search(r'<textarea id="reply"[^>]*aria-invalid="true" aria-describedby="reply-hint reply-error"', page)
    assert tickets.messages_after(ticket.id, 0) == []


async def test_every_change_needs_the_sessions_csrf_token(signed_in, tickets, handed_over):
    client, sam = signed_in
    ticket = handed_over()
    path = f"/inbox/tickets/{ticket.id}"
    for action, fields in (("claim", {}), ("reply", {"text": "Hi"}), ("transfer", {"to_kind": "peer_supporter"}),
                           ("close", {}), ("notes", {"text": "Hi"})):
        for csrf in (None, "", "a-guess"):
            response = await post(client, f"{path}/{action}", csrf, **fields)
            assert response.status == 403, (action, csrf)
    assert (await post(client, "/inbox/sign-out", None)).status == 403
    detail = tickets.ticket_for(sam, ticket.id)
    assert (detail.ticket.status, detail.ticket.specialist_kind, detail.notes) == ("waiting", "benefits_adviser", [])


async def test_another_partners_ticket_is_not_found(signed_in, tickets, handed_over, make_specialist):
    client, sam = signed_in
    theirs = handed_over(partner="other", summary="Their summary")
    tickets.claim(make_specialist("other", "kim"), theirs.id)
    path = f"/inbox/tickets/{theirs.id}"
    _, csrf = await page_and_csrf(client, "/inbox")
    response = await client.get(path)
    assert response.status == 404 and "Their summary" not in await response.text()
    for action, fields in (("claim", {}), ("reply", {"text": "Hi"}), ("reply", {"text": ""}),
                           ("transfer", {"to_kind": "peer_supporter"}), ("close", {}), ("notes", {"text": "Hi"})):
        assert (await post(client, f"{path}/{action}", csrf, **fields)).status == 404, action
    for missing in ("/inbox/tickets/ZZZZ-ZZZZ", "/inbox/tickets/not-a-ticket"):
        assert (await client.get(missing)).status == 404
    kept = tickets.detail(theirs.id)
    assert (kept.ticket.status, kept.messages, kept.notes) == ("live", [], [])


async def test_what_people_write_is_shown_never_run(signed_in, tickets, handed_over):
    client, sam = signed_in
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    ticket = handed_over(summary=attack, contact={"phone": attack},
                         transcript=[{"from": "person", "text": attack, "at": None}])
    tickets.claim(sam, ticket.id)
    tickets.add_message(ticket.id, "person", attack)
    page, csrf = await page_and_csrf(client, f"/inbox/tickets/{ticket.id}")
    await post(client, f"/inbox/tickets/{ticket.id}/notes", csrf, text=attack)
    page, _ = await page_and_csrf(client, f"/inbox/tickets/{ticket.id}")
    assert page.count("<script") == 1 and "<img" not in page  # the one script is the gateway's own file
    assert page.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") == 5  # summary, contact, chat, message, note


async def test_sign_out_ends_the_session(signed_in):
    client, sam = signed_in
    _, csrf = await page_and_csrf(client, "/inbox")
    token = next(c.value for c in client.session.cookie_jar if c.key == "inbox_session")
    response = await post(client, "/inbox/sign-out", csrf)
    assert (response.status, response.headers["Location"]) == (303, "/inbox/sign-in?signed-out")
    assert "You have signed out." in await (await client.get("/inbox/sign-in?signed-out")).text()
    again = await client.get("/inbox", headers={"Cookie": f"inbox_session={token}"}, allow_redirects=False)
    assert again.status == 303  # the old cookie is no use to anyone


async def test_the_gateway_serves_the_inbox_with_a_strict_policy(isolated_settings, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app(isolated_settings)
    async with TestClient(TestServer(app)) as client:
        assert app[ticket_store_key].engine is app[store_key].engine  # one database, one pool
        response = await client.get("/inbox/sign-in")
        policy = response.headers["Content-Security-Policy"]
        assert policy == INBOX_CSP and "script-src 'self';" in policy and "'unsafe-inline'" not in policy
        assert "form-action 'self'" in policy and "frame-ancestors 'none'" in policy
        assert response.headers["Cache-Control"] == "no-store" and response.headers["X-Frame-Options"] == "DENY"
        style = await client.get("/static/inbox.css")
        assert style.status == 200 and style.content_type == "text/css"
        assert "form-action 'none'" in (await client.get("/")).headers["Content-Security-Policy"]


def test_how_long_someone_has_waited_in_words():
    now = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone.utc)
    assert [waited(now - dt.timedelta(seconds=s), now) for s in (10, 60, 180, 3600, 3900, 7200)] == [
        "waiting less than a minute", "waiting 1 minute", "waiting 3 minutes", "waiting 1 hour",
        "waiting 1 hour 5 minutes", "waiting 2 hours"]
