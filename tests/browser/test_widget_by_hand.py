"""What automated engines cannot see in the widget, checked in Debian's Chromium against the real stack, as a
person with a keyboard, a dark partner page, forced colours or 400% zoom meets it: where focus goes, whether
it shows, whether the panel hides the partner's page, Esc, where the chat is after a reload, how much room
the conversation has, and where the rating is. Screenshots go to var/screenshots/."""
from __future__ import annotations

import base64
import uuid

import pytest
from playwright.sync_api import expect

from bot.accounts.store import AccountStore

pytestmark = pytest.mark.stack

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
TALL = {"viewport": {"width": 1280, "height": 1024}}  # room above the open panel, and a log that fits at first
PASSWORD = "a long password for tests"

# How many pixels of two screenshots of the same place differ by a contrast ratio of at least `ratio`
# (WCAG's formula). Decoded by the browser, in a blank page of its own.
CHANGED_PIXELS_JS = """async ([first, second, ratio]) => {
  async function pixels(png) {
    const bitmap = await createImageBitmap(await (await fetch('data:image/png;base64,' + png)).blob());
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height), context = canvas.getContext('2d');
    context.drawImage(bitmap, 0, 0);
    return context.getImageData(0, 0, bitmap.width, bitmap.height).data;
  }
  const linear = c => (c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  const luminance = (d, i) => 0.2126 * linear(d[i]) + 0.7152 * linear(d[i + 1]) + 0.0722 * linear(d[i + 2]);
  const [a, b] = [await pixels(first), await pixels(second)];
  let changed = 0;
  for (let i = 0; i < a.length; i += 4) {
    const [x, y] = [luminance(a, i), luminance(b, i)];
    if ((Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05) >= ratio) changed++;
  }
  return changed;
}"""

# The focused element of the partner's page is not hidden in full behind the open panel (WCAG 2.4.11).
NOT_HIDDEN_JS = """() => {
  const panel = document.querySelector('[data-work-support-chat]').shadowRoot.querySelector('.panel');
  if (panel.hidden) return true;
  const p = panel.getBoundingClientRect(), r = document.activeElement.getBoundingClientRect();
  return !(r.left >= p.left && r.right <= p.right && r.top >= p.top && r.bottom <= p.bottom);
}"""

# How much of the open panel shows the conversation, and where the message box is, in CSS pixels.
ROOM_JS = """() => {
  const root = document.querySelector('[data-work-support-chat]').shadowRoot;
  const p = root.querySelector('.panel').getBoundingClientRect();
  const l = root.querySelector('.log').getBoundingClientRect();
  const input = root.querySelector('#input').getBoundingClientRect();
  return {panel: p.height, conversation: Math.max(0, Math.min(p.bottom, l.bottom) - Math.max(p.top, l.top)),
          inputShown: input.top >= p.top && input.top < p.bottom};
}"""

# Where the latest message is, against the part of the log and of the panel that shows.
LATEST_JS = """() => {
  const root = document.querySelector('[data-work-support-chat]').shadowRoot;
  const last = [...root.querySelectorAll('.msg')].pop().getBoundingClientRect();
  const within = box => { const b = box.getBoundingClientRect(); return last.top >= b.top - 1 && last.top < b.bottom; };
  return {inLog: within(root.querySelector('.log')), inPanel: within(root.querySelector('.panel')),
          onScreen: last.top >= 0 && last.top < innerHeight};
}"""


@pytest.fixture
def host_page(new_page, gateway):
    """The demo page with a partner's own styles added to its style sheet, and its own content before the
    widget's tag."""
    def open_page(css: str = "", html: str = "", **context_options):
        page = new_page(**context_options)

        def styles(route):
            response = route.fetch()
            route.fulfill(response=response, body=response.text() + css)

        def content(route):
            response = route.fetch()
            route.fulfill(response=response, body=response.text().replace("<script src=", html + "<script src=", 1))

        page.route(f"{gateway}/static/demo.css", styles)
        page.route(f"{gateway}/", content)
        page.goto(f"{gateway}/")
        page.locator(".launcher").wait_for(state="visible")
        return page

    return open_page


@pytest.fixture
def specialist(stack):
    """Someone of the always-open partner signed in, so a person asking for the team joins the line."""
    store = AccountStore.open(stack.settings)
    name = f"kim-{uuid.uuid4().hex[:8]}"
    store.add_specialist("always-open", name, PASSWORD, "Kim")
    store.sign_in(name, PASSWORD)
    yield store
    store.engine.dispose()


def open_chat(page, reply_timeout):
    page.locator(".launcher").click()
    expect(page.locator(".log")).to_contain_text("I am a computer", timeout=reply_timeout)


def ask(page, text: str, answer: str, reply_timeout):
    page.get_by_label("Your message").fill(text)
    page.keyboard.press("Enter")
    expect(page.locator(".log")).to_contain_text(answer, timeout=reply_timeout)


def tab_to(page, focused, name: str, limit: int = 30) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page)["text"] == name:
            return focused(page)
    raise AssertionError(f"{name!r} was not reached with {limit} presses of Tab")


def assert_no_violations(page, axe_violations):
    violations = axe_violations(page)
    assert violations == [], axe_violations.describe(violations)


# ---------------------------------------------------------------- serious


def test_focus_stays_in_the_chat_when_talk_to_a_person_goes(page_for_partner, specialist, focused, reply_timeout):
    page = page_for_partner("always-open")
    open_chat(page, reply_timeout)
    tab_to(page, focused, "Talk to a person")
    page.keyboard.press("Enter")
    expect(page.locator(".status")).to_contain_text("in the line for a person", timeout=reply_timeout)
    expect(page.locator(".person")).to_be_hidden()
    # The pressed button has gone: focus goes to the message box, to write to the team (WCAG 2.4.3).
    now = focused(page)
    assert now["inWidget"] and now["id"] == "input", now

    tab_to(page, focused, "Go back to the assistant")
    page.keyboard.press("Enter")
    expect(page.locator(".log")).to_contain_text("You are back with the assistant now", timeout=reply_timeout)
    assert focused(page)["id"] == "input"


@pytest.mark.parametrize("page_colour", ["#0b0c0c", "#ffffff"])  # the partner's own text and background colours
def test_the_launchers_focus_ring_shows_on_a_dark_and_a_light_page(host_page, page_colour, focused, screenshot):
    page = host_page(css=f"body {{ background: {page_colour}; color: #767676; }}", **DESKTOP)
    box = page.locator(".launcher").bounding_box()
    around = {"x": box["x"] - 12, "y": box["y"] - 12, "width": box["width"] + 24, "height": box["height"] + 24}
    before = page.screenshot(clip=around)
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Chat about work"
    after = page.screenshot(clip=around)
    blank = page.context.new_page()
    shots = [base64.b64encode(shot).decode() for shot in (before, after)]
    changed = blank.evaluate(CHANGED_PIXELS_JS, [*shots, 3])
    # At least a 2 px line all round the button changes by 3:1 or more (the measure of WCAG 2.4.13).
    needed = 2 * 2 * (box["width"] + box["height"])
    assert changed >= needed, f"only {changed} pixels change by 3:1 on a {page_colour} page; {needed:.0f} needed"
    if page_colour == "#0b0c0c":
        screenshot(page, "launcher-focus-dark-page")


SIDE_LINKS = "".join(f'<a href="#page-{n}">Page {n}</a>' for n in range(1, 16))


def test_a_focused_link_of_the_page_is_never_hidden_behind_the_panel(host_page, focused, reply_timeout):
    # A partner page with a column of links down its right-hand side, where the open panel is.
    page = host_page(css=".side { position: absolute; top: 0; right: 2rem; width: 12rem; }"
                         ".side a { display: block; margin-bottom: 6rem; }",
                     html=f'<nav class="side" aria-label="More pages">{SIDE_LINKS}</nav>', **TALL)
    open_chat(page, reply_timeout)
    page.locator("h1").click()  # Tab goes on from here, through the page's links
    open_at = []
    for _ in range(20):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["inWidget"]:
            break
        page.wait_for_function(NOT_HIDDEN_JS, timeout=3000)  # fails if it stays hidden
        open_at.append(page.locator(".panel").is_visible())
    assert len(open_at) == 15, "every link of the page was focused"
    # The page scrolls the link out from behind the panel; the chat closes only where the page cannot scroll.
    assert all(open_at[:5]), open_at


def test_esc_on_the_page_closes_the_chat_and_esc_on_a_question_closes_only_the_question(new_page, gateway, focused,
                                                                                           reply_timeout):
    page = new_page(f"{gateway}/", **DESKTOP)
    open_chat(page, reply_timeout)
    page.locator("h1").click()
    page.keyboard.press("Escape")
    expect(page.locator(".panel")).to_be_hidden()
    assert page.locator(".launcher").get_attribute("aria-expanded") == "false"
    assert not focused(page)["inWidget"], "focus stays on the page, where the person was"

    page.locator(".launcher").click()
    page.get_by_role("button", name="Clear my chat").click()
    expect(page.get_by_text("Do you want to clear your chat?")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_text("Do you want to clear your chat?")).to_be_hidden()
    expect(page.locator(".panel")).to_be_visible()
    assert focused(page)["text"] == "Clear my chat"


# ---------------------------------------------------------------- moderate


def test_the_latest_message_is_in_view_after_a_reload_and_on_another_page(new_page, gateway, reply_timeout):
    page = new_page(f"{gateway}/", **DESKTOP)
    open_chat(page, reply_timeout)
    page.get_by_role("button", name="Work and my benefits").click()
    expect(page.locator(".log")).to_contain_text("Which benefit do you get?", timeout=reply_timeout)
    ask(page, "what does ESA mean", "Employment and Support Allowance", reply_timeout)
    assert page.locator(".log").evaluate("e => e.scrollHeight > e.clientHeight"), "the log should scroll"
    for move in (page.reload, lambda: page.goto(f"{gateway}/?another=page")):
        move()
        page.locator(".launcher").wait_for(state="visible")
        expect(page.locator(".log")).to_contain_text("Employment and Support Allowance")
        assert page.evaluate(LATEST_JS) == {"inLog": True, "inPanel": True, "onScreen": True}


LOOK_JS = "e => { const s = getComputedStyle(e); return {background: s.backgroundColor, outline: s.outlineStyle}; }"


def test_in_forced_colours_a_chosen_setting_does_not_look_focused(new_page, gateway, focused, reply_timeout):
    page = new_page(f"{gateway}/", forced_colors="active", **DESKTOP)
    open_chat(page, reply_timeout)
    chosen, other = page.get_by_role("button", name="Easy Read"), page.get_by_role("button", name="More detail")
    assert chosen.get_attribute("aria-pressed") == "true" and other.get_attribute("aria-pressed") == "false"
    tab_to(page, focused, "Send")  # focus far from both
    chosen_look, plain_look = chosen.evaluate(LOOK_JS), other.evaluate(LOOK_JS)
    other.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # by keyboard, so :focus-visible applies
    focused_look = other.evaluate(LOOK_JS)
    # Focus is an outline; chosen is a filled button with no outline. Neither looks like the other.
    assert focused_look["outline"] != "none" and focused_look["background"] == plain_look["background"]
    assert chosen_look["outline"] == "none", chosen_look
    assert chosen_look["background"] != plain_look["background"], (chosen_look, plain_look)


def test_the_conversation_has_most_of_a_320_by_256_screen(new_page, gateway, axe_violations, screenshot,
                                                           reply_timeout):
    # 1280 x 1024 at 400% zoom.
    page = new_page(f"{gateway}/", viewport={"width": 320, "height": 256})
    open_chat(page, reply_timeout)
    settings = page.get_by_role("button", name="Settings")
    expect(settings).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("button", name="Text size: Normal")).to_be_hidden()
    assert_no_violations(page, axe_violations)
    page.locator(".panel").evaluate("e => e.scrollTop = 0")
    screenshot(page, "settings-collapsed-320x256")

    page.locator(".panel").evaluate("e => e.scrollTop = e.scrollHeight")
    ask(page, "what does ESA mean", "Employment and Support Allowance", reply_timeout)
    page.keyboard.type("and")  # writing the next message: the box and the conversation above it
    room = page.evaluate(ROOM_JS)
    assert room["inputShown"], room
    assert room["conversation"] >= room["panel"] / 2, room

    settings.click()
    expect(settings).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("button", name="Text size: Normal")).to_be_visible()
    assert_no_violations(page, axe_violations)
    screenshot(page, "settings-open-320x256")


def test_the_rating_comes_only_after_answers_and_apart_from_the_conversation(new_page, gateway, axe_violations,
                                                                             screenshot, reply_timeout):
    page = new_page(f"{gateway}/", **DESKTOP)
    open_chat(page, reply_timeout)
    rating = page.locator(".rate")
    expect(rating).to_be_hidden()  # the greeting asks what the person wants to do

    ask(page, "what does ESA mean", "Employment and Support Allowance", reply_timeout)
    expect(rating).to_be_visible()
    expect(page.get_by_role("group", name="Was the last answer easy to understand?")).to_be_visible()
    # Below the message box, outside the conversation, and with words no choice of the assistant uses.
    send = page.locator(".send").bounding_box()
    assert rating.bounding_box()["y"] >= send["y"] + send["height"]
    assert page.locator(".log .rate").count() == 0
    assert rating.get_by_role("button").all_inner_texts() == ["It was easy", "It was not easy"]
    assert_no_violations(page, axe_violations)
    screenshot(page, "rating-after-an-answer")

    # A question with choices: not the moment to ask about an answer.
    page.get_by_role("button", name="Start again").click()
    expect(page.locator(".log")).to_contain_text("We will start again", timeout=reply_timeout)
    expect(rating).to_be_hidden()
    page.get_by_role("button", name="Work and my benefits").click()
    expect(page.locator(".log")).to_contain_text("Which benefit do you get?", timeout=reply_timeout)
    expect(rating).to_be_hidden()


# ---------------------------------------------------------------- minor


def test_small_things_a_keyboard_and_a_screen_reader_meet(new_page, gateway, focused, axe_violations, reply_timeout):
    page = new_page(f"{gateway}/", **TALL)
    # The demo page names the chat button, not only where it is.
    assert "Chat about work" in page.locator("main").inner_text()
    open_chat(page, reply_timeout)
    log = page.locator(".log")

    # The log is a tab stop only while it scrolls: here when the window gets shorter.
    assert log.evaluate("e => e.scrollHeight <= e.clientHeight") and log.get_attribute("tabindex") is None
    page.set_viewport_size(DESKTOP["viewport"])
    assert log.evaluate("e => e.scrollHeight > e.clientHeight")
    expect(log).to_have_attribute("tabindex", "0")
    # The credit link says that it opens a new tab.
    expect(page.get_by_role("link", name="Pictures from OpenMoji (opens in a new tab)")).to_be_visible()

    # An empty message: the error is next to the box, tied to it, and the box is marked.
    page.get_by_role("button", name="Send").click()
    error = page.locator(".send .error")
    expect(error).to_have_text("Please type a message first.")
    box = page.get_by_label("Your message")
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_have_attribute("aria-describedby", "input-error")
    assert focused(page)["id"] == "input"
    assert_no_violations(page, axe_violations)
    ask(page, "what does ESA mean", "Employment and Support Allowance", reply_timeout)
    expect(error).to_be_hidden()
    assert box.get_attribute("aria-invalid") is None
