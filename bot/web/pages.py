"""What the server-made pages share (the specialist inbox, the content review and the insight): the page
layout, the form helpers, and signing in and out.

    GET /inbox/sign-in, POST /inbox/sign-in, POST /inbox/sign-out

Every page is plain HTML built to WCAG 2.2 AA, and works without script; the queue and a ticket's page load
one static script of the gateway's own that keeps them up to date (inbox.py). The session cookie is HttpOnly, Secure and
SameSite=Strict, for /inbox only; each form also carries the session's CSRF token (the sign-in form a
double-submit cookie's). signed_in_as(roles) guards each page: a panel member or a maintainer reaches only
the content review and the insight, never a chat.
"""
from __future__ import annotations

import asyncio
import hmac
import html
import secrets
from functools import wraps

from aiohttp import web

from bot.accounts.models import ROLES
from bot.accounts.store import AccountStore, Specialist
from bot.web.rate_limit import address_group_of, limits_key

accounts_key = web.AppKey("accounts", AccountStore)
form_key = web.RequestKey("inbox_form", dict)

SESSION_COOKIE = "inbox_session"
SIGN_IN_COOKIE = "inbox_sign_in"  # the sign-in form's CSRF token, before there is a session
BROWSER_COOKIE = "inbox_browser"  # this browser has signed in to the account before (rate_limit.KnownBrowsers)
COOKIE = {"path": "/inbox", "secure": True, "httponly": True, "samesite": "Strict"}
NO_STORE = {"Cache-Control": "no-store"}  # personal data: no copies in caches on the way
e = html.escape


def page(title: str, main: str, *, specialist: Specialist | None = None, csrf: str = "",
         status: int = 200, has_error: bool = False, script: str = "") -> web.Response:
    """The whole page around `main` (HTML already escaped), with the account's links and sign-out button.
    `script` names one of the gateway's own static scripts, which only makes a working page better."""
    account = ""
    if specialist:
        account = (f'<p class="account">Signed in as {e(specialist.display_name)}</p>'
                   f'<nav aria-label="Inbox">{_links(specialist, title)}</nav>'
                   f'<form method="post" action="/inbox/sign-out" class="sign-out">{csrf_field(csrf)}'
                   f'<button type="submit" class="secondary">Sign out</button></form>')
    prefix = "Error: " if has_error else ""  # WCAG 3.3.1: the title says so too
    text = f"""<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{prefix}{e(title)} - Specialist inbox</title>
<link rel="stylesheet" href="/static/inbox.css">
{f'<script src="/static/{e(script)}" defer></script>' if script else ""}
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


def csrf_field(csrf: str) -> str:
    return f'<input type="hidden" name="csrf" value="{e(csrf)}">'


def error_summary(problems: list[tuple[str | None, str]]) -> str:
    """The list of problems at the top of a page, each linked to its field. It takes the focus as the page
    opens (autofocus, so no script is needed), so a person hears what went wrong first (WCAG 3.3.1, 2.4.3)."""
    if not problems:
        return ""
    items = "".join(f'<li><a href="#{e(field)}">{e(text)}</a></li>' if field else f"<li>{e(text)}</li>"
                    for field, text in problems)
    return (f'<div class="error-summary" id="error-summary" tabindex="-1" autofocus '
            'aria-labelledby="error-summary-title">'
            f'<h2 id="error-summary-title">There is a problem</h2><ul>{items}</ul></div>')


def field_error(field: str, problems: list[tuple[str | None, str]]) -> str:
    """The error message to put above a field, or nothing."""
    for name, text in problems:
        if name == field:
            return (f'<p class="error-message" id="{field}-error"><span class="visually-hidden">Error:</span> '
                    f"{e(text)}</p>")
    return ""


def tie(field: str, error: str, hint: str = "") -> str:
    """The attributes that tie a field to its hint and error, so a screen reader reads them with it."""
    ids = ([f"{field}-hint"] if hint else []) + ([f"{field}-error"] if error else [])
    return (' aria-invalid="true"' if error else "") + (f' aria-describedby="{" ".join(ids)}"' if ids else "")

def sign_in_html(csrf: str, username: str, problems: list[tuple[str | None, str]], signed_out: bool) -> str:
    user_error, password_error = field_error("username", problems), field_error("password", problems)
    notice = '<p class="notice">You have signed out.</p>' if signed_out and not problems else ""
    return f"""<h1>Sign in</h1>
{notice}{error_summary(problems)}
<p>Sign in to answer the people the assistant has passed to your team.</p>
<form method="post" action="/inbox/sign-in" class="stack" novalidate>
{csrf_field(csrf)}
<div class="field{" field-error" if user_error else ""}"><label for="username">Username</label>{user_error}
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false"
 required value="{e(username)}"{tie("username", user_error)}></div>
<div class="field{" field-error" if password_error else ""}"><label for="password">Password</label>{password_error}
<input id="password" name="password" type="password" autocomplete="current-password" required
 {tie("password", password_error)}></div>
<button type="submit">Sign in</button>
</form>"""

def see_other(location: str) -> web.Response:
    return web.Response(status=303, headers={"Location": location, **NO_STORE})


def _same(given: object, expected: str) -> bool:
    return isinstance(given, str) and hmac.compare_digest(given.encode(), expected.encode())


def _refused() -> web.Response:
    return page("Please try again", "<h1>Please try again</h1><p>This form was out of date, so nothing was "
                 'changed. <a href="/inbox">Go back to the inbox</a> and try again.</p>', status=403)

def signed_in_as(*roles: str):
    """The handler gets the signed-in account and its CSRF token; anyone else goes to sign in, and an account
    of another role to the page for its own (anyone but a specialist to the content review: never a chat). A POST
    without the session's CSRF token is refused (403) before anything happens."""
    def decorate(handler):
        @wraps(handler)
        async def check(request: web.Request) -> web.StreamResponse:
            found = await asyncio.to_thread(request.app[accounts_key].specialist_for_session,
                                            request.cookies.get(SESSION_COOKIE, ""))
            if found is None:
                return see_other("/inbox/sign-in")
            if found[0].role not in roles:
                return see_other("/inbox" if found[0].role == "specialist" else "/inbox/review")
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

async def sign_in_form(request: web.Request) -> web.Response:
    if request.cookies.get(SESSION_COOKIE) and await asyncio.to_thread(
            request.app[accounts_key].specialist_for_session, request.cookies[SESSION_COOKIE]):
        return see_other("/inbox")
    return _sign_in_page("signed-out" in request.query)


def _sign_in_page(signed_out: bool = False, username: str = "",
                  problems: list[tuple[str | None, str]] | None = None, status: int = 200) -> web.Response:
    csrf = secrets.token_urlsafe(32)
    problems = problems or []
    response = page("Sign in", sign_in_html(csrf, username, problems, signed_out), status=status,
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
    wait = limits.sign_in.wait_for(address_group_of(request))
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
        tokens = await asyncio.to_thread(request.app[accounts_key].sign_in, username, password)
        if tokens is None:
            problems.append(("password", "The username or password is not right. Check them and try again."))
    if problems:
        return _sign_in_page(username=username, problems=problems, status=400)
    response = see_other("/inbox")
    response.set_cookie(SESSION_COOKIE, tokens[0], **COOKIE)
    response.set_cookie(BROWSER_COOKIE, limits.known_browsers.remember(username), max_age=30 * 24 * 3600, **COOKIE)
    response.del_cookie(SIGN_IN_COOKIE, **COOKIE)
    return response


@signed_in_as(*ROLES)
async def sign_out(request: web.Request, specialist: Specialist, csrf: str) -> web.Response:
    await asyncio.to_thread(request.app[accounts_key].sign_out, request.cookies.get(SESSION_COOKIE, ""))
    response = see_other("/inbox/sign-in?signed-out")
    response.del_cookie(SESSION_COOKIE, **COOKIE)
    return response


def add_sign_in(app: web.Application) -> None:
    """The sign-in and sign-out routes. app[accounts_key] holds the account store by the time the app starts."""
    app.router.add_get("/inbox/sign-in", sign_in_form)
    app.router.add_post("/inbox/sign-in", sign_in)
    app.router.add_post("/inbox/sign-out", sign_out)
