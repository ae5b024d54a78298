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
    asked = person.say("yes")
    assert "What is your postcode?" in asked["messages"][-1]["text"]
    assert asked["expects"] == "postal-code"  # the widget's box offers the browser's saved postcode
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


def test_a_referral_reaches_the_providers_webhook_signed(stack, new_chat):
    """The sample provider Northbank takes referrals by webhook at 127.0.0.1:8701 (providers.yml)."""
    import os
    import threading
    import time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from bot.delivery import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify_signature

    received = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.headers[TIMESTAMP_HEADER], self.headers[SIGNATURE_HEADER], body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):  # keep the test output quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 8701), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        person = new_chat()
        person.texts("I want to sign up")
        person.texts("yes")
        assert "Northbank Work Support (sample)" in person.texts("WC1A 1AA")
        person.texts('/inform{"provider":"northbank_sample"}')
        person.texts("call me Sam")
        person.texts("by phone")
        person.texts("07700 900463")
        person.texts('/inform{"access_need":"none"}')
        person.texts('/inform{"work_status":"in_work"}')
        person.texts('/inform{"help_wanted":"confidence"}')
        assert "Name: Sam." in person.texts("skip")
        sent = person.texts("send")
        reference = sent.split("Your reference is ")[1].split(".")[0]
        deadline = time.monotonic() + 60
        while not received and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        server.shutdown()
        server.server_close()
    assert len(received) == 1, "the referral did not reach the webhook once"
    timestamp, signature, body = received[0]
    assert verify_signature(os.environ["NORTHBANK_SAMPLE_WEBHOOK_SECRET"], timestamp, body, signature)
    delivered = json.loads(body)
    assert reference in json.dumps(delivered) and "07700900463" in json.dumps(delivered)
