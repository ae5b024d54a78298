"""The widget on a partner's own website, embedded with the one tag, against the real gateway and Rasa:
it leaves the page's styles alone and is not changed by them, takes the partner's settings across origins,
keeps the chat through a reload, clears it when asked, reads aloud, and is never silent when the gateway
cannot be reached."""
from __future__ import annotations

import contextlib
import json
import os
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from bot.knowledge.partners import PARTNERS_FILE

pytestmark = pytest.mark.stack

# A partner page whose own styles would wreck a widget that did not keep to its Shadow DOM.
HOST_PAGE = """<!doctype html><html lang="en-GB"><head><title>A DDPO</title><style>
  html { font-size: 10px; }
  * { font-family: "Comic Sans MS", cursive !important; color: #8b0000 !important; line-height: 1 !important; }
  button { all: unset; background: hotpink !important; }
  .launcher, .panel, .log, .msg { display: none !important; }
</style></head><body><h1>Our organisation</h1><p>Welcome.</p>
<script src="GATEWAY/widget.js" data-partner="demo" defer></script></body></html>"""


@pytest.fixture
def partner_site(stack, tmp_path, monkeypatch, free_port):
    """A partner's website: a real web server of its own on a loopback port, so a different origin from the
    gateway. The gateway restarts with a partners file that lists it in the demo partner's allowed_origins.
    (Chromium will not let a page on a made-up public name reach a loopback address, so the site cannot be
    faked with a routed name.)"""
    page = HOST_PAGE.replace("GATEWAY", stack.settings.gateway_url).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    running = os.environ.get("PARTNERS_FILE", str(PARTNERS_FILE))  # the stack's own, for tests that follow
    partners = yaml.safe_load(Path(running).read_text())
    demo = next(p for p in partners["partners"] if p["id"] == "demo")
    demo["allowed_origins"] = [*demo.get("allowed_origins", []), origin]
    (tmp_path / "partners.yml").write_text(yaml.safe_dump(partners))
    monkeypatch.setenv("PARTNERS_FILE", str(tmp_path / "partners.yml"))
    restart_gateway(stack)
    try:
        # The same server by another name is another origin, and that one is not listed.
        yield {"listed": origin, "not_listed": origin.replace("127.0.0.1", "localhost")}
    finally:
        server.shutdown()
        monkeypatch.setenv("PARTNERS_FILE", running)
        restart_gateway(stack)


def restart_gateway(stack):
    stack.stop("gateway")
    stack.start("gateway")
    stack.wait_healthy("gateway")


def open_chat(page, reply_timeout):
    page.locator(".launcher").click()
    expect(page.locator(".log")).to_contain_text("I am a computer", timeout=reply_timeout)


def test_embedded_on_a_partner_site_with_one_tag(new_page, partner_site, reply_timeout, screenshot):
    page = new_page(partner_site["listed"])
    launcher = page.locator(".launcher")

    # The page's styles do not reach in...
    style = launcher.evaluate("e => { const s = getComputedStyle(e); return [s.fontFamily, s.fontSize, s.display]; }")
    assert style == ["Arial, Helvetica, sans-serif", "16px", "flex"]
    # ...and the widget adds nothing to the page but its own element.
    assert page.evaluate("document.querySelectorAll('style, link').length") == 1
    assert page.evaluate("[...document.body.children].map(e => e.tagName).join(' ')") == "H1 P SCRIPT DIV"
    assert page.locator("h1").evaluate("e => getComputedStyle(e).fontFamily") == '"Comic Sans MS", cursive'

    # The partner's settings and the chat both come from the gateway's origin, allowed by CORS.
    host = page.locator("[data-work-support-chat]")
    expect(host).to_have_attribute("style", "--wsa-background: #ffffff; --wsa-text: #0b0c0c; "
                                            "--wsa-button: #1d4f91; --wsa-button-text: #ffffff;")
    open_chat(page, reply_timeout)
    screenshot(page, "partner-site-open")

    # The chat survives a reload, still open, until the person clears it.
    page.get_by_label("Your message").fill("what does ESA mean")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".log")).to_contain_text("Employment and Support Allowance", timeout=reply_timeout)
    page.reload()
    expect(page.locator(".log")).to_contain_text("Employment and Support Allowance")
    expect(page.locator(".panel")).to_be_visible()

    page.get_by_role("button", name="Clear my chat").click()
    expect(page.get_by_text("Do you want to clear your chat?")).to_be_visible()
    page.get_by_role("button", name="Yes, clear it").click()
    expect(page.locator(".status")).to_have_text("Your chat is clear now.")
    expect(page.locator(".log")).to_contain_text("I am a computer", timeout=reply_timeout)
    expect(page.locator(".log")).not_to_contain_text("Employment and Support Allowance")
    page.reload()
    expect(page.locator(".log")).not_to_contain_text("Employment and Support Allowance")


def test_a_site_not_in_allowed_origins_is_refused_and_the_person_is_not_left_in_silence(
        new_page, gateway, partner_site):
    request = urllib.request.Request(f"{gateway}/api/partners/demo", headers={"Origin": partner_site["not_listed"]})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    assert refused.value.code == 403

    new_page.allow("blocked by CORS policy")
    new_page.allow("net::ERR_FAILED")
    page = new_page(partner_site["not_listed"])
    page.locator(".launcher").click()
    expect(page.locator(".status")).to_contain_text("We cannot reach the chat right now.")
    expect(page.get_by_role("button", name="Try again")).to_be_visible()


def test_reconnecting_when_the_gateway_cannot_be_reached(new_page, gateway, stack, reply_timeout, screenshot,
                                                         axe_violations):
    page = new_page(f"{gateway}/", viewport={"width": 1280, "height": 800})
    open_chat(page, reply_timeout)
    stack.stop("gateway")
    try:
        page.get_by_label("Your message").fill("what does ESA mean")
        page.get_by_role("button", name="Send").click()
        status = page.locator(".status")
        expect(status).to_contain_text("We cannot reach the chat right now. You have not lost anything.")
        expect(status).to_contain_text("You can also phone the Demo Partner team on 020 7946 0000.")
        retry = page.get_by_role("button", name="Try again")
        expect(retry).to_be_visible()
        screenshot(page, "reconnecting")
        violations = axe_violations(page)
        assert violations == [], axe_violations.describe(violations)
    finally:
        stack.start("gateway")
        stack.wait_healthy("gateway")
    # The widget also tries again by itself, so it may be through before the button is pressed.
    if retry.is_visible():
        with contextlib.suppress(PlaywrightTimeoutError):
            retry.click(timeout=2000)
    expect(page.locator(".log")).to_contain_text("Employment and Support Allowance", timeout=reply_timeout)
    expect(retry).to_be_hidden()
    expect(status).to_have_text("")


def test_text_size_detail_and_read_aloud(new_page, gateway, reply_timeout):
    page = new_page()
    # Record what would be spoken: headless Chromium has no sound to listen to.
    page.add_init_script("window.spoken = []; speechSynthesis.speak = u => window.spoken.push([u.text, u.lang]);")
    page.goto(f"{gateway}/")
    open_chat(page, reply_timeout)

    wsa = page.locator(".wsa")
    assert wsa.evaluate("e => getComputedStyle(e).fontSize") == "16px"
    page.get_by_role("button", name="Text size: Normal").click()
    assert wsa.evaluate("e => getComputedStyle(e).fontSize") == "20px"

    read_aloud = page.get_by_role("button", name="Read aloud")
    read_aloud.click()
    assert read_aloud.get_attribute("aria-pressed") == "true"
    spoken = page.evaluate("window.spoken")
    assert spoken and "I am a computer" in spoken[-1][0] and spoken[-1][1] == "en-GB"

    page.get_by_role("button", name="Find out about help to work").click()
    expect(page.locator(".log")).to_contain_text("Where do you live?", timeout=reply_timeout)
    short = page.locator(".msg.bot").last.inner_text()
    page.get_by_role("button", name="More detail").click()
    expect(page.locator(".log")).to_contain_text("voluntary", timeout=reply_timeout)
    assert len(page.locator(".msg.bot").last.inner_text()) > len(short)
    assert "voluntary" in page.evaluate("window.spoken")[-1][0]  # new messages are read aloud

    # The settings survive a reload with the chat.
    page.reload()
    expect(page.get_by_role("button", name="Text size: Big")).to_be_visible()
    assert page.get_by_role("button", name="More detail").get_attribute("aria-pressed") == "true"
    stored = json.loads(page.evaluate("sessionStorage.getItem(Object.keys(sessionStorage)[0])"))
    assert stored["size"] == 1 and stored["more"] is True and stored["speak"] is True
