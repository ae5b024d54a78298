"""A whole self-referral through the gateway, the real Rasa server and the action server, then the
provider collects it through the provider API on the same gateway."""
import json
import urllib.request

import pytest

from bot.referrals.store import ReferralStore

pytestmark = pytest.mark.stack


def test_a_referral_from_consent_to_the_provider_api(stack, new_chat):
    person = new_chat()
    assert "Is that OK?" in person.texts("I want to sign up")
    assert "What is your postcode?" in person.texts("yes")
    assert "does not look like a postcode" in person.texts("12345")
    services = person.texts("SW1A 1AA")
    assert "Westway Work Project (sample)" in services and "Which service would you like?" in services
    assert "What would you like the service to call you?" in person.texts('/inform{"provider":"westway_sample"}')
    assert "How would you like the service to contact you?" in person.texts("call me Robin")
    assert "What is your phone number?" in person.texts("by phone")
    assert "does not look like a phone number" in person.texts("12")
    assert "help to take part" in person.texts("07700 900461")
    assert "Are you in work" in person.texts('/inform{"access_need":"bsl"}')
    assert "What help would you like most?" in person.texts('/inform{"work_status":"out_of_work"}')
    assert "your health in your own words" in person.texts('/inform{"help_wanted":"cv"}')
    summary = person.texts("skip")
    assert "Name: Robin." in summary and "07700900461" in summary
    assert "I agree that you can send my answers to Westway Work Project (sample)." in summary

    assert "What is your phone number?" in person.texts("change my phone number")  # asks how, then the number
    summary = person.texts("07700 900462")
    assert "07700900462" in summary and "Name: Robin." in summary

    sent = person.texts("send")
    assert "Westway Work Project (sample) will contact you by" in sent
    reference = sent.split("Your reference is ")[1].split(".")[0]
    assert "Westway Work Project (sample) has your request." in person.texts(f"check my referral {reference}")

    store = ReferralStore.open(stack.settings)  # the same VAR_DIR, so the gateway's own store
    key = store.create_provider_key("westway_sample")
    request = urllib.request.Request(f"{stack.settings.gateway_url}/api/provider/referrals",
                                     headers={"Authorization": f"Bearer {key}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        listed = json.loads(response.read())["referrals"]
    mine = [r for r in listed if r["reference"] == reference]
    assert len(mine) == 1
    assert mine[0]["person"]["name"] == "Robin" and mine[0]["person"]["phone"] == "07700900462"
    assert mine[0]["person"]["access_needs"] == ["bsl"]
