"""aiohttp application for the gateway.

The chat handler checks the request and leaves the turn itself to chat_turn.py: the crisis check, the
relay to a specialist or Rasa (through rasa_client.py), and a plain message that says what to do next when
Rasa cannot answer, never silence.

The gateway also serves the chat widget that partners embed (widget.js, widget.css, the pictures) and
each partner's widget settings. Browsers may call the chat and the settings only from the web pages in
that partner's allowed_origins (CORS), and no page of the gateway may be put inside a frame.

It serves the provider API (provider_api.py), the specialist inbox (inbox.py) and the live relay between
a person and a specialist (handoff_relay.py) too.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from bot.config import Settings, rasa_turns_in_flight
from bot.conversations import ConversationStore, conversation_id
from bot.feedback.models import RATINGS
from bot.feedback.store import MAX_COMMENT_CHARS
from bot.knowledge.partners import Partner, choose, load_partners
from bot.safety import detect_crisis
from bot.services import build
from bot.storage.crypto import Cipher
from bot.typed_text import clean_typed_text, for_log
from bot.web.chat_turn import WIDGET, ShownCounts, message, shown_messages, take_turn
from bot.web.fair_queue import FairQueue
from bot.web.handoff_relay import Relay, relay_key
from bot.web.inbox import add_inbox, ticket_store_key
from bot.web.provider_api import add_provider_api, store_key
from bot.web.rasa_client import ANSWER_SECONDS, RasaClient
from bot.web.rate_limit import GatewayLimits, address_group_of, address_of, limits_key
from bot.web.insight import add_insight, conversations_key
from bot.web.pages import accounts_key
from bot.web.review import add_review, feedback_key
from bot.web.ticket_changes import ticket_changes_key

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
WIDGET_DIR = Path(__file__).parent / "widget"  # not under static/: widget.js is only served with its words
WORDS_PLACEHOLDER = "{/*words*/}"
# The demo page loads only the gateway's own script, style sheet and pictures. No page here is ever framed:
# the widget runs in a Shadow DOM on the partner's page, not in an iframe (docs/embedding.md says why).
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
OTHER_CSP = "default-src 'none'; frame-ancestors 'none'"
# The specialist inbox: the gateway's own style sheet, forms that post only back here, and only the gateway's
# own static script (no inline script), which may open a stream back to the gateway and nothing else.
INBOX_CSP = ("default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; "
             "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
CORS_PATHS = re.compile(r"^/api/(chat|chat/updates|feedback|feedback/comment|partners/[^/]+)$")
WIDGET_CSS = (WIDGET_DIR / "widget.css").read_text()
MAX_MESSAGE_CHARS = 1000
CHAT_FIELDS = {"session", "message", "partner"}
SESSION_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
SHOWN_COUNT_SECONDS = 5  # how often the counts of responses shown are written (chat_turn.ShownCounts)

settings_key = web.AppKey("settings", Settings)
rasa_key = web.AppKey("rasa", RasaClient)
shown_counts_key = web.AppKey("shown_counts", ShownCounts)
fair_queue_key = web.AppKey("fair_queue", FairQueue)
partners_key = web.AppKey("partners", dict)
widget_js_key = web.AppKey("widget_js", str)
cipher_key = web.AppKey("cipher", Cipher)
cors_origin_key = web.RequestKey("cors_origin", str)


def _bad_request(name: str) -> web.Response:
    return web.json_response({"error": message(name)}, status=400)


def too_many(wait: float) -> web.Response:
    seconds = max(1, round(wait + 0.5))
    # The wait is in the body too: a page on a partner's site cannot read Retry-After across origins.
    return web.json_response({"error": message("too_fast"), "retry_after": seconds}, status=429,
                             headers={"Retry-After": str(seconds)})


def _partner_of(request: web.Request, partner_id: object) -> Partner:
    return choose(request.app[partners_key], partner_id if isinstance(partner_id, str) else None,
                  request.app[settings_key].default_partner)


def _is_same_origin(request: web.Request, origin: str) -> bool:
    # Host only, not scheme: behind a TLS proxy the gateway itself sees plain http.
    return urlsplit(origin).netloc.lower() == (request.host or "").lower()


@web.middleware
async def only_allowed_origins(request: web.Request, handler):
    """Lets a browser call the chat and the widget settings only from the partner's own web pages.

    The partner is named in the address (?partner= for the chat), because a browser's preflight request
    has no body. Requests without an Origin header do not come from a web page's script, so CORS does not
    apply to them."""
    origin = request.headers.get("Origin")
    if not CORS_PATHS.match(request.path) or not origin or _is_same_origin(request, origin):
        return await handler(request)
    partner = _partner_of(request, request.match_info.get("partner_id") or request.query.get("partner"))
    if origin.lower() not in partner.allowed_origins:
        # Limited before it is logged, and cut short, so refusals cannot flood the log.
        wait = request.app[limits_key].per_address.wait_for(address_group_of(request))
        if wait:
            return too_many(wait)
        log.warning("Refused a request from %s for partner %s: not in its allowed_origins", for_log(origin),
                    partner.id)
        return web.json_response(
            {"error": f"This website is not in the allowed_origins of partner {partner.id}."}, status=403)
    request[cors_origin_key] = origin
    if request.method == "OPTIONS":
        return web.Response(status=204, headers={
            "Access-Control-Allow-Methods": "GET, POST",
            "Access-Control-Allow-Headers": "Content-Type",
            "Access-Control-Max-Age": "600",
        })
    return await handler(request)


@web.middleware
async def unreadable_bodies_are_refused(request: web.Request, handler):
    """A body that cannot be read, such as one labelled gzip that is not, is the caller's mistake: a 400 that
    says so, not a 500 with a traceback in the log."""
    try:
        return await handler(request)
    except web.RequestPayloadError:
        return web.json_response({"error": "The request body could not be read. Send it uncompressed."},
                                 status=400)


@web.middleware
async def limit_each_address(request: web.Request, handler):
    """One address may call the API and the inbox sign-in only so often (rate_limit.py)."""
    if request.path.startswith("/api/") or (request.path == "/inbox/sign-in" and request.method == "POST"):
        wait = request.app[limits_key].per_address.wait_for(address_group_of(request))
        if wait:
            return too_many(wait)
    return await handler(request)


async def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
    if request.path == "/":
        policy = PAGE_CSP
    elif request.path == "/inbox" or request.path.startswith("/inbox/"):
        policy = INBOX_CSP
    else:
        policy = OTHER_CSP
    response.headers["Content-Security-Policy"] = policy
    response.headers["X-Frame-Options"] = "DENY"  # frame-ancestors for browsers that predate it
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    if cors_origin_key in request:
        response.headers["Access-Control-Allow-Origin"] = request[cors_origin_key]
    if CORS_PATHS.match(request.path):
        response.headers["Vary"] = "Origin"
    if request.path.startswith("/api/chat"):  # a chat is personal: no copy in a browser's or a proxy's cache
        response.headers["Cache-Control"] = "no-store"


async def _json_object(request: web.Request, fields: set[str]) -> dict | web.Response:
    """The request's JSON object with a valid session, or the answer that says what is wrong."""
    try:
        body = await request.json()
    except (ValueError, RecursionError):  # RecursionError: JSON nested deeper than the parser goes
        return web.json_response({"error": "The request body must be JSON."}, status=400)
    if not isinstance(body, dict) or not set(body) <= fields:
        return web.json_response({"error": f"The request body must be a JSON object with only: "
                                           f"{', '.join(sorted(fields))}."}, status=400)
    if not isinstance(body.get("session"), str) or not SESSION_ID.match(body["session"]):
        return web.json_response({"error": "The session id is missing or not valid."}, status=400)
    if not isinstance(body.get("partner", ""), str):
        return web.json_response({"error": "The partner must be text."}, status=400)
    wait = request.app[limits_key].per_session.wait_for(body["session"])
    return too_many(wait) if wait else body


async def chat(request: web.Request) -> web.Response:
    """POST /api/chat: checks the request, then takes the turn (chat_turn.py)."""
    body = await _json_object(request, CHAT_FIELDS)
    if isinstance(body, web.Response):
        return body
    session, text = body["session"], body.get("message")
    partner_id = request.query.get("partner") or body.get("partner")  # the address wins, as CORS checked it
    if not isinstance(text, str):
        return _bad_request("empty_message")
    if len(text) > MAX_MESSAGE_CHARS:
        return _bad_request("message_too_long")
    text = clean_typed_text(text)
    if not text:
        return _bad_request("empty_message")
    reply = await take_turn(_conversation(request, session), text, _partner_of(request, partner_id),
                            rasa=request.app[rasa_key], relay=request.app[relay_key],
                            counts=request.app[shown_counts_key], queue=request.app[fair_queue_key],
                            address=address_of(request))
    return web.json_response(reply.as_json())


async def chat_updates(request: web.Request) -> web.Response:
    """Long poll for a person waiting for, or talking to, someone from the team (bot/web/handoff_relay.py)."""
    session = request.query.get("session", "")
    if not SESSION_ID.match(session):
        return web.json_response({"error": "The session id is missing or not valid."}, status=400)
    after = request.query.get("after", "0")
    if not after.isascii() or not after.isdigit() or len(after) > 16:
        return web.json_response({"error": "after must be a whole number, 0 or more."}, status=400)
    seen = request.query.get("seen", "")
    if len(seen) > 100:
        return web.json_response({"error": "seen is too long."}, status=400)
    return web.json_response(await request.app[relay_key].updates(_conversation(request, session), int(after), seen))


def _conversation(request: web.Request, session: str) -> str:
    """The id Rasa and the stores know this chat by (bot.conversations.conversation_id), never the browser's."""
    return conversation_id(request.app[cipher_key], session)


async def rate_answer(request: web.Request) -> web.Response:
    """"Was the last answer easy to understand?": a rating of the message that showed `text` (bot/feedback/)."""
    body = await _json_object(request, {"session", "partner", "text", "rating"})
    if isinstance(body, web.Response):
        return body
    text, rating = body.get("text"), body.get("rating")
    if not isinstance(text, str) or len(text) > 4000 or not clean_typed_text(text) or rating not in RATINGS:
        return web.json_response({"error": f"Send the text that was rated, and a rating: {' or '.join(RATINGS)}."},
                                 status=400)
    partner = _partner_of(request, request.query.get("partner") or body.get("partner"))
    key = await asyncio.to_thread(request.app[feedback_key].rate, partner.id, text, rating)
    return web.json_response({"feedback": key})


async def comment_on_answer(request: web.Request) -> web.Response:
    body = await _json_object(request, {"session", "feedback", "comment"})
    if isinstance(body, web.Response):
        return body
    key, comment = body.get("feedback"), body.get("comment")
    if not isinstance(key, str) or not isinstance(comment, str) or not clean_typed_text(comment) \
            or len(comment) > MAX_COMMENT_CHARS:
        return web.json_response({"error": f"Send the feedback key and a comment of at most {MAX_COMMENT_CHARS} "
                                           "characters."}, status=400)
    if not await asyncio.to_thread(request.app[feedback_key].add_comment, key, comment):
        return web.json_response({"error": "That rating has a comment already, or does not exist."}, status=404)
    return web.json_response({"saved": True})


async def healthz(request: web.Request) -> web.Response:
    rasa_ok = await request.app[rasa_key].healthy()
    status = 200 if rasa_ok else 503
    return web.json_response({"gateway": "ok", "rasa": "ok" if rasa_ok else "unreachable"}, status=status)


async def index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC_DIR / "index.html")


def _widget_asset(text: str, content_type: str) -> web.Response:
    # Compressed when the browser accepts it, and kept for five minutes, for people on slow connections.
    response = web.Response(text=text, content_type=content_type, headers={"Cache-Control": "public, max-age=300"})
    response.enable_compression()
    return response


async def widget_js(request: web.Request) -> web.Response:
    return _widget_asset(request.app[widget_js_key], "text/javascript")


async def widget_css(request: web.Request) -> web.Response:
    return _widget_asset(WIDGET_CSS, "text/css")


async def partner_settings(request: web.Request) -> web.Response:
    partner = request.app[partners_key].get(request.match_info["partner_id"])
    if partner is None:
        return web.json_response({"error": "There is no partner with that id."}, status=404)
    return web.json_response(partner.widget_config())


def build_widget_js() -> str:
    """widget.js with the widget's words from widget.yml, so every word is checked as Easy Read."""
    words = {name: entry["easy"] for name, entry in WIDGET["words"].items()}
    template = (WIDGET_DIR / "widget.js").read_text()
    if WORDS_PLACEHOLDER not in template:
        raise RuntimeError(f"widget.js has lost its {WORDS_PLACEHOLDER} placeholder")
    return template.replace(WORDS_PLACEHOLDER, json.dumps(words, ensure_ascii=False))


async def _rasa_client(app: web.Application):
    # A new connection for each request: Rasa's workers share one socket, and a kept-alive connection stays
    # with the worker that took it, so one worker could be kept busy while the other sits idle.
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as client:
        settings = app[settings_key]
        app[rasa_key] = RasaClient(client, settings.rasa_url, settings.rasa_token)
        yield


async def _stores(app: web.Application):
    # Every store of the app database, made once on one engine (bot/services.py).
    services = await asyncio.to_thread(build, app[settings_key])
    app[store_key], app[ticket_store_key], app[feedback_key] = services.referrals, services.tickets, services.feedback
    app[accounts_key], app[cipher_key] = services.accounts, services.cipher
    yield


async def _feedback_and_conversations(app: web.Application):
    counts = app[shown_counts_key] = ShownCounts(app[feedback_key])
    app[conversations_key] = ConversationStore.open(app[settings_key])
    stopping = asyncio.Event()

    async def write_counts_until_stopped() -> None:
        while not stopping.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), SHOWN_COUNT_SECONDS)
            await counts.write()  # and once more as the gateway stops

    writer = asyncio.create_task(write_counts_until_stopped())
    yield
    stopping.set()
    await writer
    app[conversations_key].engine.dispose()


async def _handoff_relay(app: web.Application):
    app[relay_key] = Relay(app[ticket_store_key], app[ticket_changes_key], app[rasa_key], shown_messages)
    yield


async def _learn_the_crisis_check(app: web.Application) -> None:
    """The crisis check learns from its examples once, taking seconds: before the gateway takes the first
    message, so the first person to write is not kept waiting by it."""
    await asyncio.to_thread(detect_crisis, "hello")


def create_app(settings: Settings, partners: dict[str, Partner] | None = None) -> web.Application:
    """partners defaults to partners.yml, loaded now: a partner with unreadable colours stops the start."""
    app = web.Application(client_max_size=64 * 1024, middlewares=[only_allowed_origins, limit_each_address,
                                                                  unreadable_bodies_are_refused])
    app[limits_key] = GatewayLimits.from_environment()
    app[fair_queue_key] = FairQueue(rasa_turns_in_flight(), wait_seconds=ANSWER_SECONDS)
    app[settings_key] = settings
    app[partners_key] = load_partners() if partners is None else partners
    app[widget_js_key] = build_widget_js()
    app.cleanup_ctx.append(_rasa_client)
    app.on_startup.append(_learn_the_crisis_check)
    app.on_response_prepare.append(_security_headers)
    app.router.add_get("/", index)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/widget.js", widget_js)
    app.router.add_get("/widget.css", widget_css)
    app.router.add_post("/api/chat", chat)
    app.router.add_get("/api/chat/updates", chat_updates)
    app.router.add_get("/api/partners/{partner_id}", partner_settings)
    app.router.add_post("/api/feedback", rate_answer)
    app.router.add_post("/api/feedback/comment", comment_on_answer)
    app.router.add_static("/static/", STATIC_DIR)
    app.cleanup_ctx.append(_stores)  # before anything that uses a store
    add_provider_api(app)
    add_inbox(app)
    add_review(app)
    add_insight(app)
    app.cleanup_ctx.append(_handoff_relay)  # after the inbox has started news of ticket changes
    app.cleanup_ctx.append(_feedback_and_conversations)
    return app
