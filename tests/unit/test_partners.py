"""Partner settings: a partner whose colours are hard to read, or whose settings are malformed, is refused."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from bot.config import ROOT
from bot.knowledge.partners import PartnerConfigError, contrast_ratio, load_partners


def write_partner(tmp_path, extra: str):
    path = tmp_path / "partners.yml"
    path.write_text(textwrap.dedent("""\
        partners:
          - id: pale-ddpo
            name: the Pale team
            contact: {phone: "020 7946 0001", email: help@example.org, hours: every day}
        """) + textwrap.indent(textwrap.dedent(extra), "    "))
    return path


def test_the_demo_partner_loads_with_its_widget_settings():
    demo = load_partners()["demo"]
    assert demo.phone == "020 7946 0000"
    assert "http://localhost:8080" in demo.allowed_origins
    assert demo.office_hours["monday"] == ("09:00", "17:00") and "sunday" not in demo.office_hours
    config = demo.widget_config()
    assert config["colours"] == {"background": "#ffffff", "text": "#0b0c0c", "button": "#1d4f91",
                                 "button_text": "#ffffff"}
    assert config["default_area"] == "London"


def test_contrast_ratio_follows_wcag():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the lightest grey that passes


def test_text_too_pale_for_its_background_is_refused_naming_partner_colours_and_ratio(tmp_path):
    path = write_partner(tmp_path, """\
        colours: {background: "#FFFFFF", text: "#777777", button: "#1d4f91", button_text: "#ffffff"}
        """)
    with pytest.raises(PartnerConfigError) as refused:
        load_partners(path)
    message = str(refused.value)
    assert "pale-ddpo" in message
    assert "#777777" in message and "#ffffff" in message
    assert "4.47:1" in message and "4.5:1" in message


def test_button_words_too_pale_for_the_button_are_refused(tmp_path):
    path = write_partner(tmp_path, """\
        colours: {button: "#ffdd00", button_text: "#ffffff"}
        """)
    with pytest.raises(PartnerConfigError, match=r"button_text colour #ffffff on its button colour #ffdd00"):
        load_partners(path)


@pytest.mark.parametrize("extra, problem", [
    ('colours: {text: "black"}', "#rrggbb"),
    ('colours: {link: "#000000"}', "unknown colour names"),
    ("allowed_origins: [https://www.example.org/chat]", "no path"),
    ("allowed_origins: [www.example.org]", "must be like"),
    ('office_hours: {funday: {open: "09:00", close: "17:00"}}', "office hours"),
    ('office_hours: {monday: {open: "17:00", close: "09:00"}}', "office hours"),
])
def test_malformed_settings_are_refused_with_the_reason(tmp_path, extra, problem):
    with pytest.raises(PartnerConfigError, match=problem):
        load_partners(write_partner(tmp_path, extra))


def test_the_gateway_will_not_start_with_a_refused_partner(tmp_path, free_port):
    """Start-up itself: the gateway process stops with the reason, not a traceback."""
    path = write_partner(tmp_path, 'colours: {background: "#000000", text: "#333333"}')
    env = {"PATH": "/usr/bin:/bin", "PARTNERS_FILE": str(path), "VAR_DIR": str(tmp_path / "var"),
           "GATEWAY_PORT": str(free_port())}
    result = subprocess.run([sys.executable, "-m", "bot.web"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2
    assert "The gateway did not start. Partner pale-ddpo is refused" in result.stderr
    assert "#333333" in result.stderr and "#000000" in result.stderr
    assert "Traceback" not in result.stderr
