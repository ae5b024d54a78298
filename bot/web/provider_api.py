"""The provider API on the gateway (docs/provider-api.md, docs/openapi-provider.yaml).

    GET  /api/provider/referrals?status=new         this provider's referrals (new: not yet acknowledged)
    GET  /api/provider/referrals/{reference}         one referral
    POST /api/provider/referrals/{reference}/ack     "we have it"
    POST /api/provider/referrals/{reference}/status  {"status": "contacted" | "started" | "closed", ...}

Each request carries "Authorization: Bearer <key>"; a key belongs to one provider, made with
`python -m bot.referrals.cli create-provider-key PROVIDER_ID`. A provider sees only its own referrals:
another provider's reference answers 404, exactly as one that does not exist.

add_provider_api() also runs the delivery outbox in the background while the gateway runs.
"""
from __future__ import annotations

import asyncio
import contextlib

from aiohttp import web

from bot.config import outbox_interval_seconds
from bot.delivery import run_outbox
from bot.referrals.store import ReferralStore, StatusCannotGoBack, StatusChangeRefused

store_key = web.AppKey("referral_store", ReferralStore)
NO_STORE = {"Cache-Control": "no-store"}  # health data: no copies in caches on the way


def _json(data, status: int = 200) -> web.Response:
    return web.json_response(data, status=status, headers=NO_STORE)


def _error(status: int, message: str) -> web.Response:
    return _json({"error": message}, status)


async def _provider_id(request: web.Request) -> str | None:
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        return None
    return await asyncio.to_thread(request.app[store_key].provider_for_key, key.strip())


def _unauthorised() -> web.Response:
    response = _error(401, "A valid provider API key is needed: Authorization: Bearer <key>.")
    response.headers["WWW-Authenticate"] = 'Bearer realm="provider-api"'
    return response


async def list_referrals(request: web.Request) -> web.Response:
    provider_id = await _provider_id(request)
    if provider_id is None:
        return _unauthorised()
    try:
        referrals = await asyncio.to_thread(request.app[store_key].list_for_provider, provider_id,
                                            request.query.get("status"))
    except StatusChangeRefused as error:
        return _error(400, str(error))
    return _json({"referrals": referrals})


async def get_referral(request: web.Request) -> web.Response:
    provider_id = await _provider_id(request)
    if provider_id is None:
        return _unauthorised()
    referral = await asyncio.to_thread(request.app[store_key].get_for_provider, provider_id,
                                       request.match_info["reference"])
    return _json(referral) if referral else _error(404, "No referral with that reference.")


async def _change(request: web.Request, provider_id: str, status: str, closed_reason: str | None) -> web.Response:
    store, reference = request.app[store_key], request.match_info["reference"]
    try:
        if status == "acknowledged" and closed_reason is None:
            result = await asyncio.to_thread(store.acknowledge, provider_id, reference)
        else:
            result = await asyncio.to_thread(store.set_status, provider_id, reference, status, closed_reason)
    except StatusChangeRefused as error:
        return _error(409 if isinstance(error, StatusCannotGoBack) else 400, str(error))
    return _json(result) if result else _error(404, "No referral with that reference.")


async def acknowledge(request: web.Request) -> web.Response:
    provider_id = await _provider_id(request)
    if provider_id is None:
        return _unauthorised()
    return await _change(request, provider_id, "acknowledged", None)


async def change_status(request: web.Request) -> web.Response:
    provider_id = await _provider_id(request)
    if provider_id is None:
        return _unauthorised()
    try:
        body = await request.json()
    except (ValueError, RecursionError):  # RecursionError: JSON nested deeper than the parser goes
        return _error(400, "The request body must be JSON.")
    if not isinstance(body, dict) or not isinstance(body.get("status"), str):
        return _error(400, 'The body needs "status": acknowledged, contacted, started or closed.')
    if not set(body) <= {"status", "closed_reason"}:
        return _error(400, 'The body may hold only "status" and "closed_reason".')
    reason = body.get("closed_reason")
    if reason is not None and not isinstance(reason, str):
        return _error(400, '"closed_reason" must be text.')
    return await _change(request, provider_id, body["status"], reason)


def add_provider_api(app: web.Application, *, store: ReferralStore | None = None,
                     outbox_interval: float | None = None) -> None:
    """Add the provider API routes, and run the outbox while the app runs. The referral store is the one
    given, else the gateway's, under store_key by the time the app starts (create_app makes it)."""
    interval = outbox_interval or outbox_interval_seconds()

    async def store_and_outbox(app: web.Application):
        if store is not None:
            app[store_key] = store
        task = asyncio.create_task(run_outbox(app[store_key], interval=interval))
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    app.cleanup_ctx.append(store_and_outbox)
    app.router.add_get("/api/provider/referrals", list_referrals)
    app.router.add_get("/api/provider/referrals/{reference}", get_referral)
    app.router.add_post("/api/provider/referrals/{reference}/ack", acknowledge)
    app.router.add_post("/api/provider/referrals/{reference}/status", change_status)
