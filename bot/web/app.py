"""aiohttp application for the gateway.

The person's messages go to Rasa's REST channel on 127.0.0.1. When Rasa cannot answer (it is down, slow,
or an action failed and nothing came back), the person gets a plain message that says what to do next,
never silence.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

import aiohttp
import yaml
from aiohttp import web

from bot.config import ROOT, Settings
from bot.knowledge.partners import partner_for

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
MESSAGES = yaml.safe_load((ROOT / "data" / "knowledge" / "messages.yml").read_text())
MAX_MESSAGE_CHARS = 1000
SESSION_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
RASA_TIMEOUT = aiohttp.ClientTimeout(total=30)
RECOVERY_BUTTONS = [
    {"title": "Start again", "payload": "/start_again"},
    {"title": "Talk to a person", "payload": "/talk_to_person"},
]

settings_key = web.AppKey("settings", Settings)
client_key = web.AppKey("rasa_client", aiohttp.ClientSession)


def _message(name: str, **slots: str) -> str:
    return MESSAGES[name]["easy"].format(**slots)


def _bad_request(name: str) -> web.Response:
    return web.json_response({"error": _message(name)}, status=400)


def _keep_shown_fields(rasa_message: dict) -> dict:
    """Only what the widget shows; the recipient id and anything else stay on the server."""
    shown = {key: rasa_message[key] for key in ("text", "buttons", "image") if key in rasa_message}
    if "buttons" in shown:
        shown["buttons"] = [{"title": b.get("title", ""), "payload": b.get("payload", "")} for b in shown["buttons"]]
    return shown


async def chat(request: web.Request) -> web.Response:
    try:
        body = await request.json()
    except ValueError:
        return web.json_response({"error": "The request body must be JSON."}, status=400)
    if not isinstance(body, dict):
        return web.json_response({"error": "The request body must be a JSON object."}, status=400)
    session, message, partner_id = body.get("session"), body.get("message"), body.get("partner")
    if not isinstance(session, str) or not SESSION_ID.match(session):
        return web.json_response({"error": "The session id is missing or not valid."}, status=400)
    if not isinstance(message, str) or not message.strip():
        return _bad_request("empty_message")
    if len(message) > MAX_MESSAGE_CHARS:
        return _bad_request("message_too_long")
    settings = request.app[settings_key]
    partner = partner_for(partner_id if isinstance(partner_id, str) else None, settings.default_partner)

    payload = {"sender": session, "message": message, "metadata": {"partner": partner.id}}
    try:
        async with request.app[client_key].post(
            f"{settings.rasa_url}/webhooks/rest/webhook", json=payload, timeout=RASA_TIMEOUT
        ) as response:
            response.raise_for_status()
            replies = [_keep_shown_fields(m) for m in await response.json()]
    except (aiohttp.ClientError, TimeoutError, ValueError) as error:
        # The type of error only: message text is personal data and never goes in a log.
        log.warning("Rasa did not answer: %s", type(error).__name__)
        replies = []
    if not replies:
        replies = [{
            "text": _message("something_went_wrong", partner_name=partner.name, partner_phone=partner.phone),
            "buttons": RECOVERY_BUTTONS,
        }]
        return web.json_response({"messages": replies, "degraded": True})
    return web.json_response({"messages": replies, "degraded": False})


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


async def _rasa_client(app: web.Application):
    async with aiohttp.ClientSession() as client:
        app[client_key] = client
        yield


def create_app(settings: Settings) -> web.Application:
    app = web.Application(client_max_size=64 * 1024)
    app[settings_key] = settings
    app.cleanup_ctx.append(_rasa_client)
    app.router.add_get("/", index)
    app.router.add_get("/healthz", healthz)
    app.router.add_post("/api/chat", chat)
    app.router.add_static("/static/", STATIC_DIR)
    return app
