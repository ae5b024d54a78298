"""axe-core finds no WCAG 2.2 A or AA violations on the demo page with the widget in each state a person
meets, and the widget reflows at 320 px wide and at 200% zoom and text size. Each state is saved as a
screenshot in var/screenshots/ for a person to look at."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.stack

DESKTOP = {"viewport": {"width": 1280, "height": 800}}

# Sizes of the open panel and how far anything in it runs past its edges (0 or less: nothing does).
LAYOUT_JS = """() => {
  const root = document.querySelector('[data-work-support-chat]').shadowRoot;
  const panel = root.querySelector('.panel'), log = root.querySelector('.log');
  const box = panel.getBoundingClientRect();
  return {left: box.left, right: box.right, top: box.top, pageWidth: document.documentElement.scrollWidth,
          panelOverflow: panel.scrollWidth - panel.clientWidth, logOverflow: log.scrollWidth - log.clientWidth,
          fontSize: parseFloat(getComputedStyle(root.querySelector('.wsa')).fontSize)};
}"""


def open_chat(page, reply_timeout):
    page.locator(".launcher").click()
    expect(page.locator(".log")).to_contain_text("I am a computer", timeout=reply_timeout)


def converse(page, reply_timeout):
    """A few turns, so there are the person's messages, pictures and quick replies on screen."""
    if page.locator(".panel").is_hidden():
        open_chat(page, reply_timeout)
    page.get_by_role("button", name="Work and my benefits").click()
    expect(page.locator(".log")).to_contain_text("Which benefit do you get?", timeout=reply_timeout)
    page.get_by_role("button", name="Universal Credit").click()
    expect(page.locator(".log")).to_contain_text("This is a guide, not advice.", timeout=reply_timeout)


def assert_no_violations(page, axe_violations):
    violations = axe_violations(page)
    assert violations == [], axe_violations.describe(violations)


def assert_reflows(page, width: int):
    layout = page.evaluate(LAYOUT_JS)
    assert layout["left"] >= 0 and layout["right"] <= width and layout["top"] >= 0, layout
    assert layout["pageWidth"] <= width, f"the page scrolls sideways: {layout}"
    assert layout["panelOverflow"] <= 0 and layout["logOverflow"] <= 0, f"something is cut off: {layout}"
    return layout


def test_closed(new_page, gateway, axe_violations, screenshot):
    page = new_page(f"{gateway}/", **DESKTOP)
    launcher = page.get_by_role("button", name="Chat about work")
    assert launcher.get_attribute("aria-expanded") == "false"
    box = launcher.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    assert_no_violations(page, axe_violations)
    screenshot(page, "closed")


def test_open(new_page, gateway, axe_violations, screenshot, reply_timeout):
    page = new_page(f"{gateway}/", **DESKTOP)
    open_chat(page, reply_timeout)
    assert page.locator(".wsa").get_attribute("lang") == "en-GB"
    assert page.get_by_label("Your message").is_visible()
    assert_no_violations(page, axe_violations)
    screenshot(page, "open")


def test_mid_conversation(new_page, gateway, axe_violations, screenshot, reply_timeout):
    page = new_page(f"{gateway}/", **DESKTOP)
    open_chat(page, reply_timeout)
    always = page.locator(".always button")

    def places():  # to the nearest pixel: the panel may still be sliding in
        return [{k: round(v) for k, v in b.bounding_box().items()} for b in always.all()]

    before = places()
    converse(page, reply_timeout)
    # Start again, Talk to a person and Clear my chat stay where they were (WCAG 3.2.6 Consistent Help).
    assert always.all_inner_texts() == ["Start again", "Talk to a person", "Clear my chat"]
    after = places()
    # Within 2 px: the panel may still be settling from its opening slide when first measured.
    assert all(abs(a[k] - b[k]) <= 2 for a, b in zip(after, before) for k in a) and len(after) == len(before)
    # Quick replies: real buttons, at least 44 by 44 px.
    for choice in page.locator(".choices button").all():
        box = choice.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, choice.text_content()
    assert page.locator(".msg img").count() >= 2  # pictures beside key messages
    assert page.locator(".msg img").first.get_attribute("alt") == ""  # decorative: the words say the same
    assert_no_violations(page, axe_violations)
    screenshot(page, "mid-conversation")


def test_320_px_wide(new_page, gateway, axe_violations, screenshot, reply_timeout):
    page = new_page(f"{gateway}/", viewport={"width": 320, "height": 640})
    converse(page, reply_timeout)
    assert_reflows(page, 320)
    assert_no_violations(page, axe_violations)
    screenshot(page, "narrow-320px")


def test_200_percent_zoom(new_page, gateway, axe_violations, screenshot, reply_timeout):
    # A 1280 x 800 window at 200% zoom is 640 x 400 CSS pixels, each drawn twice as big.
    page = new_page(f"{gateway}/", viewport={"width": 640, "height": 400}, device_scale_factor=2)
    converse(page, reply_timeout)
    assert_reflows(page, 640)
    assert_no_violations(page, axe_violations)
    screenshot(page, "zoom-200")


def test_200_percent_text_size(new_page, gateway, axe_violations, screenshot, reply_timeout):
    # The browser's own text size setting doubled (Chromium's default is 16 px); zoom stays at 100%.
    page = new_page(**DESKTOP)
    page.context.new_cdp_session(page).send("Page.setFontSizes", {"fontSizes": {"standard": 32}})
    page.goto(f"{gateway}/")
    converse(page, reply_timeout)
    layout = assert_reflows(page, 1280)
    assert layout["fontSize"] == 32  # the widget follows the person's own text size
    assert_no_violations(page, axe_violations)
    screenshot(page, "text-size-200")


def test_biggest_text_from_the_widgets_own_control_at_320_px(new_page, gateway, axe_violations, screenshot,
                                                             reply_timeout):
    page = new_page(f"{gateway}/", viewport={"width": 320, "height": 640})
    converse(page, reply_timeout)
    page.get_by_role("button", name="Settings").click()  # on a small screen the settings wait behind it
    page.get_by_role("button", name="Text size: Normal").click()
    page.get_by_role("button", name="Text size: Big").click()
    expect(page.get_by_role("button", name="Text size: Biggest")).to_be_visible()
    assert assert_reflows(page, 320)["fontSize"] == 24
    assert_no_violations(page, axe_violations)
    screenshot(page, "narrow-320px-biggest-text")


def test_forced_colours_and_reduced_motion(new_page, gateway, axe_violations, screenshot, reply_timeout):
    page = new_page(f"{gateway}/", forced_colors="active", reduced_motion="reduce", **DESKTOP)
    converse(page, reply_timeout)
    panel_animation = page.locator(".panel").evaluate("e => getComputedStyle(e).animationName")
    assert panel_animation == "none"
    # Without the partner's colours, the chosen level still shows: filled in the system's highlight colour,
    # and a tick (test_widget_by_hand.py checks that it does not look like focus).
    look = "e => getComputedStyle(e).backgroundColor"
    assert page.get_by_role("button", name="Easy Read").evaluate(look) != page.get_by_role(
        "button", name="More detail").evaluate(look)
    assert_no_violations(page, axe_violations)
    screenshot(page, "forced-colours")


def test_the_opening_movement_is_kept_for_people_who_do_not_ask_for_less(new_page, gateway, reply_timeout):
    page = new_page(f"{gateway}/", reduced_motion="no-preference", **DESKTOP)
    open_chat(page, reply_timeout)
    assert page.locator(".panel").evaluate("e => getComputedStyle(e).animationName") == "wsa-open"
