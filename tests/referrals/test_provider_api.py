"""The provider API through a real aiohttp app: keys, one provider's referrals only, ack and status."""
from __future__ import annotations

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.referrals.store import ReferralStore
from bot.web.app import create_app
from bot.web.provider_api import add_provider_api

BASE = "/api/provider/referrals"


@pytest.fixture
async def api(store, isolated_settings):
    app = web.Application()
    add_provider_api(app, store=store, outbox_interval=3600)
    async with TestClient(TestServer(app)) as client:
        yield client


def auth(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def two_providers(store, make_referral, now):
    """Westway (A) and Northbank (B), each with a key and a referral."""
    a = store.submit(make_referral("westway_sample"), "ka", now=now).reference
    b = store.submit(make_referral("northbank_sample", council_id="camden"), "kb", now=now).reference
    return (store.create_provider_key("westway_sample"), a), (store.create_provider_key("northbank_sample"), b)


async def test_provider_a_cannot_read_or_change_provider_bs_referrals(api, two_providers, store):
    (key_a, ref_a), (key_b, ref_b) = two_providers
    listed = await (await api.get(BASE, params={"status": "new"}, headers=auth(key_a))).json()
    assert [r["reference"] for r in listed["referrals"]] == [ref_a]
    assert listed["referrals"][0]["person"]["name"] == "Robin Quillfeather"

    for method, path in (("GET", f"{BASE}/{ref_b}"), ("POST", f"{BASE}/{ref_b}/ack")):
        response = await api.request(method, path, headers=auth(key_a))
        assert response.status == 404  # the same as a reference that does not exist
    response = await api.post(f"{BASE}/{ref_b}/status", json={"status": "closed"}, headers=auth(key_a))
    assert response.status == 404
    assert store.payload(ref_b)["status"] == "new"

    own = await (await api.get(f"{BASE}/{ref_b}", headers=auth(key_b))).json()
    assert own["reference"] == ref_b


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer"}, {"Authorization": "Bearer nonsense"},
                                     {"Authorization": "Basic dXNlcjpwYXNz"}])
async def test_no_valid_key_no_referrals(api, two_providers, headers):
    response = await api.get(BASE, headers=headers)
    assert response.status == 401 and "Bearer" in response.headers["WWW-Authenticate"]
    assert "referrals" not in await response.json()


async def test_changes_need_a_key_before_anything_else(api, two_providers, store):
    (_, ref), _ = two_providers
    assert (await api.post(f"{BASE}/{ref}/ack")).status == 401
    assert (await api.post(f"{BASE}/{ref}/status", data="{")).status == 401
    assert (await api.get(f"{BASE}/{ref}")).status == 401
    assert store.payload(ref)["status"] == "new"


async def test_ack_then_status_changes(api, two_providers, store, now):
    (key, ref), _ = two_providers
    response = await api.post(f"{BASE}/{ref}/ack", headers=auth(key))
    assert response.status == 200 and (await response.json())["status"] == "acknowledged"
    assert response.headers["Cache-Control"] == "no-store"
    assert (await api.post(f"{BASE}/{ref}/ack", headers=auth(key))).status == 200  # again: fine
    assert (await (await api.get(BASE, params={"status": "new"}, headers=auth(key))).json())["referrals"] == []

    response = await api.post(f"{BASE}/{ref}/status", json={"status": "contacted"}, headers=auth(key))
    assert (await response.json())["status"] == "contacted"
    response = await api.post(f"{BASE}/{ref}/status", json={"status": "closed", "closed_reason": "finished"},
                              headers=auth(key))
    assert await response.json() == {"reference": ref, "status": "closed", "closed_reason": "finished"}
    assert (await api.post(f"{BASE}/{ref}/ack", headers=auth(key))).status == 200  # ack after close: no change
    assert "come to an end" in store.status_for(ref, now=now).easy
    events = [(e.event, e.actor, e.detail) for e in store.audit_events(ref)]
    assert ("status_changed", "provider:westway_sample", "closed") in events


@pytest.mark.parametrize("body, status", [
    ({"status": "contacted", "closed_reason": "finished"}, 400),
    ({"status": "lost"}, 400),
    ({"nothing": 1}, 400),
    ("not json", 400),
])
async def test_bad_status_requests_are_explained(api, two_providers, body, status):
    (key, ref), _ = two_providers
    if body == "not json":
        response = await api.post(f"{BASE}/{ref}/status", data="{", headers=auth(key))
    else:
        response = await api.post(f"{BASE}/{ref}/status", json=body, headers=auth(key))
    assert response.status == status and (await response.json())["error"]


async def test_status_cannot_go_back(api, two_providers):
    (key, ref), _ = two_providers
    await api.post(f"{BASE}/{ref}/status", json={"status": "started"}, headers=auth(key))
    response = await api.post(f"{BASE}/{ref}/status", json={"status": "contacted"}, headers=auth(key))
    assert response.status == 409


async def test_an_unknown_status_filter_is_refused(api, two_providers):
    (key, _), _ = two_providers
    assert (await api.get(BASE, params={"status": "everything"}, headers=auth(key))).status == 400


async def test_an_erased_referral_shows_as_erased_without_answers(api, two_providers, store):
    (key, ref), _ = two_providers
    store.erase(ref)
    body = await (await api.get(f"{BASE}/{ref}", headers=auth(key))).json()
    assert body["erased"] is True and body["person"] is None


async def test_the_gateway_app_serves_the_provider_api(isolated_settings, make_referral, monkeypatch, now):
    # The real gateway app, its own SQLite file under var/ and a key made on first run.
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("APP_ENCRYPTION_KEY", raising=False)
    app = create_app(isolated_settings)
    async with TestClient(TestServer(app)) as client:
        store = ReferralStore.open(isolated_settings)  # the schema is there already: the gateway made it
        ref = store.submit(make_referral(), "k", now=now).reference
        key = store.create_provider_key("westway_sample")
        body = await (await client.get(BASE, params={"status": "new"}, headers=auth(key))).json()
    assert [r["reference"] for r in body["referrals"]] == [ref]
    assert (isolated_settings.var_dir / "app.db").exists()


# ---------------------------------------------------------------- the documents say what the code does


def test_the_openapi_description_matches_the_routes_and_the_referral():
    import dataclasses

    import yaml

    from bot.config import ROOT
    from bot.knowledge.programmes import NEEDS
    from bot.referrals import validation
    from bot.referrals.models import CLOSED_REASONS, STATUSES

    spec = yaml.safe_load((ROOT / "docs" / "openapi-provider.yaml").read_text())
    app = web.Application()
    add_provider_api(app, store=object())
    routes = {(r.method.lower(), r.resource.canonical) for r in app.router.routes() if r.method != "HEAD"}
    documented = {(method, path) for path, item in spec["paths"].items() for method in item if method != "parameters"}
    assert documented == routes

    schemas = spec["components"]["schemas"]
    person = schemas["Person"]["properties"]
    fields = {f.name for f in dataclasses.fields(validation.Referral)} - {"provider_id", "programme_id",
                                                                          "council_id", "consent"}
    assert set(person) == fields
    assert set(schemas["Status"]["enum"]) == set(STATUSES)
    assert set(schemas["ClosedReason"]["enum"]) == set(CLOSED_REASONS)
    assert set(person["help_wanted"]["items"]["enum"]) == set(NEEDS)
    assert set(person["contact_methods"]["items"]["enum"]) == set(validation.CONTACT_METHODS)
    assert set(person["access_needs"]["items"]["enum"]) == set(validation.ACCESS_NEEDS)
    assert set(person["worries_first"]["items"]["enum"]) == set(validation.WORRIES)
    assert set(person["urgent_issues"]["items"]["enum"]) == set(validation.URGENT_ISSUES)


def test_the_signature_example_in_the_docs_accepts_our_signatures():
    import re
    import time

    from bot.config import ROOT
    from bot.delivery import sign

    doc = (ROOT / "docs" / "provider-api.md").read_text()
    example = re.search(r"```python\n(.*?)```", doc, re.S).group(1)
    namespace: dict = {}
    exec(example, namespace)
    body, timestamp = b'{"reference":"K7PA-4QXM"}', str(int(time.time()))
    assert namespace["is_genuine"]("s", timestamp, body, sign("s", timestamp, body))
    assert not namespace["is_genuine"]("s", timestamp, body + b"x", sign("s", timestamp, body))
