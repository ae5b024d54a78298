"""aiohttp application for the gateway.

The person's messages go to Rasa's REST channel on 127.0.0.1. When Rasa cannot answer (it is down, slow,
or an action failed and nothing came back), the person gets a plain message that says what to do next,
never silence.

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
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import yaml
from aiohttp import web

from bot.config import ROOT, Settings
from bot.conversations import ConversationStore
from bot.feedback.models import RATINGS
from bot.feedback.store import MAX_COMMENT_CHARS, FeedbackStore
from bot.handoff.tickets import TICKET_OPENED
from bot.knowledge.partners import Partner, choose, load_partners
from bot.safety import CHECK, CrisisMatch, brush_offs, detect_crisis, load_crisis_help
from bot.services import build
from bot.typed_text import clean_typed_text, for_log
from bot.web.handoff_relay import CANCEL_PAYLOAD, OPEN_STATUSES, Relay, relay_key
from bot.web.inbox import add_inbox, ticket_store_key
from bot.web.provider_api import add_provider_api, store_key
from bot.web.rate_limit import GatewayLimits, address_of, limits_key
from bot.web.insight import add_insight, conversations_key
from bot.web.review import add_review, feedback_key
from bot.web.ticket_changes import ticket_changes_key

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
WIDGET_DIR = Path(__file__).parent / "widget"  # not under static/: widget.js is only served with its words
MESSAGES = yaml.safe_load((ROOT / "data" / "knowledge" / "messages.yml").read_text())
WIDGET = yaml.safe_load((ROOT / "data" / "knowledge" / "widget.yml").read_text())
WORDS_PLACEHOLDER = "{/*words*/}"
# The demo page loads only the gateway's own script, style sheet and pictures. No page here is ever framed:
# the widget runs in a Shadow DOM on the partner's page, not in an iframe (docs/embedding.md says why).
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
OTHER_CSP = "default-src 'none'; frame-ancestors 'none'"
# The specialist inbox: the gateway's own style sheet, forms that post only back here, and no script at all.
INBOX_CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; "
             "frame-ancestors 'none'")
CORS_PATHS = re.compile(r"^/api/(chat|chat/updates|feedback|feedback/comment|partners/[^/]+)$")
WIDGET_CSS = (WIDGET_DIR / "widget.css").read_text()
MAX_MESSAGE_CHARS = 1000
CHAT_FIELDS = {"session", "message", "partner"}
SESSION_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
RASA_TIMEOUT = aiohttp.ClientTimeout(total=30)
SHOWN_COUNT_SECONDS = 5
RECOVERY_BUTTONS = [
    {"title": "Start again", "payload": "/start_again"},
    {"title": "Talk to a person", "payload": "/talk_to_person"},
]

settings_key = web.AppKey("settings", Settings)
client_key = web.AppKey("rasa_client", aiohttp.ClientSession)
partners_key = web.AppKey("partners", dict)
widget_js_key = web.AppKey("widget_js", str)
cors_origin_key = web.RequestKey("cors_origin", str)


def _message(name: str, **slots: str) -> str:
    return MESSAGES[name]["easy"].format(**slots)


def _bad_request(name: str) -> web.Response:
    return web.json_response({"error": _message(name)}, status=400)


def too_many(wait: float) -> web.Response:
    seconds = max(1, round(wait + 0.5))
    # The wait is in the body too: a page on a partner's site cannot read Retry-After across origins.
    return web.json_response({"error": _message("too_fast"), "retry_after": seconds}, status=429,
                             headers={"Retry-After": str(seconds)})


def picture_for(text: str) -> str | None:
    """The name of the picture that goes beside a message (widget.yml), if any."""
    lowered = text.lower()
    for picture in WIDGET["pictures"]:
        if any(words.lower() in lowered for words in picture["shown_with"]):
            return picture["name"]
    return None


def _with_picture(message: dict) -> dict:
    picture = picture_for(message.get("text") or "")
    return {**message, "picture": picture} if picture else message


def _keep_shown_fields(rasa_message: dict) -> dict:
    """Only what the widget shows; the recipient id and anything else stay on the server."""
    shown = {key: rasa_message[key] for key in ("text", "buttons", "image") if key in rasa_message}
    if "buttons" in shown:
        shown["buttons"] = [{"title": b.get("title", ""), "payload": b.get("payload", "")} for b in shown["buttons"]]
    return shown


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
        wait = request.app[limits_key].per_address.wait_for(address_of(request))
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
        wait = request.app[limits_key].per_address.wait_for(address_of(request))
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
    body = await _json_object(request, CHAT_FIELDS)
    if isinstance(body, web.Response):
        return body
    session, message = body["session"], body.get("message")
    partner_id = request.query.get("partner") or body.get("partner")  # the address wins, as CORS checked it
    if not isinstance(message, str):
        return _bad_request("empty_message")
    if len(message) > MAX_MESSAGE_CHARS:
        return _bad_request("message_too_long")
    message = clean_typed_text(message)
    if not message:
        return _bad_request("empty_message")
    partner = _partner_of(request, partner_id)

    relay = request.app[relay_key]
    ticket_read = relay.current_ticket(session)  # in a thread, while the crisis check runs here
    # Every message is checked for words of crisis here, whatever Rasa makes of it, so crisis help
    # never depends on the intent classifier alone, and comes first even in the middle of a form.
    match = detect_crisis(message)
    is_crisis = match is not None and match.category != CHECK
    try:
        ticket = await ticket_read
        if ticket is not None and ticket.status in OPEN_STATUSES:  # handed over: the message goes to the team
            replies = await relay.from_person(ticket, message, is_crisis)
            return _chat_reply(replies, match if is_crisis else None, False, await relay.state_of(session))
        earlier = await relay.resume_if_ended(session, ticket)  # a handoff that ended while the person was away
        if message == CANCEL_PAYLOAD:  # "go back" pressed after the handoff had already ended
            message = "/start_again"
    except Exception as error:  # the database or Rasa's API: the kind only, never the message
        log.warning("Handoff relay failed: %s", type(error).__name__)
        return _chat_reply(_something_went_wrong(partner), match, True, {"state": "none"})
    said = await _ask_rasa(request, session, message, partner)
    if is_crisis and said and not _says_crisis_help(said):
        # The classifier heard something else: run the crisis path too, so the team is told at once.
        said = await _ask_rasa(request, session, "/crisis", partner)
    replies = shown_messages(said)
    degraded = not replies
    if degraded:
        replies = _something_went_wrong(partner)
    elif match is not None and match.category == CHECK and not _says_crisis_help(replies):
        await _tell_rasa_the_check_was_asked(request, session)
    # No ticket was open when the message came, so one is open now only if action_handoff says it opened it.
    opened = any(m.get("custom") == TICKET_OPENED for m in said)
    state = await relay.state_of(session) if degraded or opened else {"state": "none"}
    request.app[shown_counts_key].add(partner, earlier + replies)
    return _chat_reply(earlier + replies, match, degraded, state)


class ShownCounts:
    """How often each response is shown, for the content review. Kept here and written every
    SHOWN_COUNT_SECONDS, so the person never waits for it and a busy gateway writes once, not once a
    message. A gateway killed outright loses those few seconds of counts, never a message."""

    def __init__(self, store: FeedbackStore):
        self.store = store
        self.pending: dict[str, list[str]] = defaultdict(list)  # partner id -> texts shown

    def add(self, partner: Partner, replies: list[dict]) -> None:
        self.pending[partner.id].extend(r["text"] for r in replies if r.get("text"))

    async def write(self) -> None:
        pending, self.pending = self.pending, defaultdict(list)
        for partner_id, texts in pending.items():
            try:
                await asyncio.to_thread(self.store.count_shown, partner_id, texts)
            except Exception as error:  # the database: the kind only
                log.warning("Could not count the responses shown: %s", type(error).__name__)


shown_counts_key = web.AppKey("shown_counts", ShownCounts)


async def _ask_rasa(request: web.Request, session: str, message: str, partner: Partner) -> list[dict]:
    """Rasa's messages as it sent them; none when Rasa cannot answer (it is down, slow, or an action failed)."""
    payload = {"sender": session, "message": message, "metadata": {"partner": partner.id}}
    try:
        async with request.app[client_key].post(
            f"{request.app[settings_key].rasa_url}/webhooks/rest/webhook", json=payload, timeout=RASA_TIMEOUT
        ) as response:
            response.raise_for_status()
            said = await response.json()
            return said if isinstance(said, list) else []
    except (aiohttp.ClientError, TimeoutError, ValueError) as error:
        # The type of error only: message text is personal data and never goes in a log.
        log.warning("Rasa did not answer: %s", type(error).__name__)
        return []


async def _tell_rasa_the_check_was_asked(request: web.Request, session: str) -> None:
    """Puts the gateway's "Are you safe right now?" in Rasa's conversation, with its buttons, so that a
    typed "no" is read as "No, I am not safe" (rasa_addons/typed_buttons.py) rather than as words alone."""
    check = load_crisis_help().for_category(CHECK).reply()
    try:
        await request.app[relay_key].add_to_conversation(
            session, {"event": "bot", "text": check["text"], "data": {"buttons": check["buttons"]}})
    except Exception as error:  # Rasa's API: the check is shown all the same; the kind only in the log
        log.warning("Could not note the check in the conversation: %s", type(error).__name__)


def shown_messages(said: list[dict]) -> list[dict]:
    """Rasa's messages fit for the widget: those a person sees, with only what the widget shows."""
    return [_with_picture(_keep_shown_fields(m)) for m in said
            if isinstance(m, dict) and any(m.get(key) for key in ("text", "buttons", "image"))]


def _something_went_wrong(partner: Partner) -> list[dict]:
    return [_with_picture({
        "text": _message("something_went_wrong", partner_name=partner.name, partner_phone=partner.phone),
        "buttons": RECOVERY_BUTTONS,
    })]


def _says_crisis_help(replies: list[dict]) -> bool:
    return any(load_crisis_help().is_help(r.get("text")) for r in replies)


def _chat_reply(replies: list[dict], match: CrisisMatch | None, degraded: bool, handoff: dict) -> web.Response:
    crisis = load_crisis_help()
    if match is not None and match.category == CHECK and _says_crisis_help(replies):
        match = None  # Rasa heard a crisis where the check was unsure: its help stands, and comes first
    if match is not None:
        # The help first. Rasa may have given help too (action_crisis_help): show it once. Words of risk
        # never get "I did not understand", "I cannot help with that" or goodbye.
        kept = [r for r in replies if not crisis.is_help(r.get("text")) and not brush_offs([r.get("text")])]
        replies = [crisis.for_category(match.category).reply()] + kept
    return web.json_response({"messages": replies, "degraded": degraded, "handoff": handoff})


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
    return web.json_response(await request.app[relay_key].updates(session, int(after), seen))


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
    settings = request.app[settings_key]
    try:
        async with request.app[client_key].get(f"{settings.rasa_url}/webhooks/rest/",
                                               timeout=aiohttp.ClientTimeout(total=3)) as response:
            rasa_ok = response.status == 200
    except (aiohttp.ClientError, TimeoutError):
        rasa_ok = False
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
        app[client_key] = client
        yield


async def _stores(app: web.Application):
    # Every store of the app database, made once on one engine (bot/services.py).
    services = await asyncio.to_thread(build, app[settings_key])
    app[store_key], app[ticket_store_key], app[feedback_key] = services.referrals, services.tickets, services.feedback
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
    settings = app[settings_key]
    app[relay_key] = Relay(app[ticket_store_key], app[ticket_changes_key], app[client_key], settings.rasa_url,
                           settings.rasa_token, shown_messages)
    yield


def create_app(settings: Settings, partners: dict[str, Partner] | None = None) -> web.Application:
    """partners defaults to partners.yml, loaded now: a partner with unreadable colours stops the start."""
    app = web.Application(client_max_size=64 * 1024, middlewares=[only_allowed_origins, limit_each_address,
                                                                  unreadable_bodies_are_refused])
    app[limits_key] = GatewayLimits.from_environment()
    app[settings_key] = settings
    app[partners_key] = load_partners() if partners is None else partners
    app[widget_js_key] = build_widget_js()
    app.cleanup_ctx.append(_rasa_client)
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
