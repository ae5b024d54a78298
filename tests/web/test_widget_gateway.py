"""What the gateway does for the embedded widget, without Rasa: partner settings, CORS limited to each
partner's web pages, no framing, pictures, and the widget's size budget."""
from __future__ import annotations

import gzip

import pytest
import yaml
from aiohttp.test_utils import TestClient, TestServer

from bot.config import ROOT
from bot.knowledge.partners import Partner, load_partners
from bot.web.app import STATIC_DIR, create_app
from bot.web.chat_turn import picture_for

SIZE_BUDGET_BYTES = 25 * 1024  # widget.js and widget.css together, gzipped
PARTNER_SITE = "https://www.partner.example"


@pytest.fixture
async def client(isolated_settings, free_port, monkeypatch):
    monkeypatch.setenv("RASA_URL", f"http://127.0.0.1:{free_port()}")  # Rasa is down: the gateway still answers
    partners = dict(load_partners())
    partners["other"] = Partner("other", "the Other team", "020 7946 0002", "other@example.org", "weekdays",
                                allowed_origins=(PARTNER_SITE,))
    async with TestClient(TestServer(create_app(isolated_settings, partners))) as test_client:
        yield test_client


async def test_partner_settings_are_served_for_the_widget(client):
    response = await client.get("/api/partners/other")
    assert response.status == 200
    body = await response.json()
    assert body["name"] == "the Other team" and body["contact"]["phone"] == "020 7946 0002"
    assert set(body["colours"]) == {"background", "text", "button", "button_text"}
    assert (await client.get("/api/partners/nobody")).status == 404


async def test_a_partners_own_site_may_call_the_chat_and_settings(client):
    preflight = await client.options("/api/chat?partner=other", headers={
        "Origin": PARTNER_SITE, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == PARTNER_SITE
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]

    chat = await client.post("/api/chat?partner=other", headers={"Origin": PARTNER_SITE},
                             json={"session": "session-1234", "message": "hello", "partner": "other"})
    assert chat.status == 200 and chat.headers["Access-Control-Allow-Origin"] == PARTNER_SITE
    assert "the Other team on 020 7946 0002" in (await chat.json())["messages"][0]["text"]

    settings = await client.get("/api/partners/other", headers={"Origin": PARTNER_SITE})
    assert settings.headers["Access-Control-Allow-Origin"] == PARTNER_SITE


@pytest.mark.parametrize("origin, partner", [
    ("https://evil.example", "other"),
    (PARTNER_SITE, "demo"),  # a partner's site cannot speak as another partner
    ("http://www.partner.example", "other"),  # the scheme is part of the origin
])
async def test_other_sites_are_refused(client, origin, partner):
    preflight = await client.options(f"/api/chat?partner={partner}", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST"})
    assert preflight.status == 403 and "Access-Control-Allow-Origin" not in preflight.headers
    chat = await client.post(f"/api/chat?partner={partner}", headers={"Origin": origin},
                             json={"session": "session-1234", "message": "hello", "partner": partner})
    assert chat.status == 403 and "Access-Control-Allow-Origin" not in chat.headers
    settings = await client.get(f"/api/partners/{partner}", headers={"Origin": origin})
    assert settings.status == 403


async def test_the_partner_in_the_address_wins_over_the_body(client):
    chat = await client.post("/api/chat?partner=other", headers={"Origin": PARTNER_SITE},
                             json={"session": "session-1234", "message": "hello", "partner": "demo"})
    assert "the Other team" in (await chat.json())["messages"][0]["text"]


async def test_the_gateways_own_pages_need_no_listing(client):
    origin = f"http://{client.host}:{client.port}"
    chat = await client.post("/api/chat?partner=demo", headers={"Origin": origin},
                             json={"session": "session-1234", "message": "hello"})
    assert chat.status == 200


async def test_no_page_may_be_framed_and_the_demo_page_loads_only_the_gateways_own_files(client):
    page = await client.get("/")
    policy = page.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert page.headers["X-Frame-Options"] == "DENY"
    for path in ("/widget.js", "/api/partners/demo", "/static/symbols/robot.svg"):
        assert "frame-ancestors 'none'" in (await client.get(path)).headers["Content-Security-Policy"]


async def test_the_gateways_own_message_has_a_picture(client):
    body = await (await client.post("/api/chat", json={"session": "session-1234", "message": "hi"})).json()
    assert body["degraded"] is True and body["messages"][0]["picture"] == "plug"
    assert (await client.get("/static/symbols/plug.svg")).content_type == "image/svg+xml"


def test_pictures_go_with_the_right_messages():
    assert picture_for("Hello. I am a computer, not a person.") == "robot"
    assert picture_for("You can contact the Demo team. Phone 020 7946 0000.") == "phone"
    assert picture_for("Thank you for talking to me. Goodbye.") == "wave"
    assert picture_for("You are welcome.") is None


def test_every_picture_is_copied_with_its_licence():
    pictures = yaml.safe_load((ROOT / "data" / "knowledge" / "widget.yml").read_text())["pictures"]
    symbols = STATIC_DIR / "symbols"
    assert {p["name"] + ".svg" for p in pictures} == {f.name for f in symbols.glob("*.svg")}
    assert "Attribution-ShareAlike 4.0" in (symbols / "LICENSE.txt").read_text()
    assert "OpenMoji" in (symbols / "ATTRIBUTION.md").read_text()


async def test_widget_js_and_css_fit_the_size_budget_gzipped(client):
    served = [await (await client.get(path)).read() for path in ("/widget.js", "/widget.css")]
    assert all(served)
    gzipped = sum(len(gzip.compress(body, compresslevel=9)) for body in served)
    assert gzipped <= SIZE_BUDGET_BYTES, f"widget is {gzipped} bytes gzipped; the budget is {SIZE_BUDGET_BYTES}"


async def test_widget_assets_are_sent_compressed(client):
    response = await client.get("/widget.js", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"

