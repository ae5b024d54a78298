"""The referral admin command line: export, erase, provider keys, retention, overdue."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest

from bot.config import ROOT
from bot.handoff.tickets import TicketStore
from bot.privacy import PersonalData
from bot.referrals.cli import main


@pytest.fixture
def held(store, tracker):
    """The stores the command line works on."""
    return PersonalData(store, TicketStore(store.engine, store.cipher), tracker)


def test_export_prints_everything_held_as_json(store, held, make_referral, now, capsys):
    ref = store.submit(make_referral(), "k", now=now).reference
    assert main(["export", ref.lower()], held) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["reference"] == ref and data["person"]["name"] == "Robin Quillfeather"


def test_erase_then_export_shows_nothing_personal(store, held, make_referral, now, capsys):
    ref = store.submit(make_referral(), "k", now=now).reference
    assert main(["erase", ref], held) == 0
    assert f"Erased the answers of {ref}" in capsys.readouterr().out
    main(["export", ref], held)
    data = json.loads(capsys.readouterr().out)
    assert data["person"] is None and data["erased"] is True


def test_erase_after_delivery_says_to_ask_the_provider_too(outbox, store, held, make_referral, now, capsys):
    ref = store.submit(make_referral("riverside_sample", contact_methods=("email",), phone=None,
                                     email="r@example.org"), "k", now=now).reference
    outbox.mark_delivered(outbox.claim_due(now=now)[0], now=now)
    main(["erase", ref], held)
    assert "Riverside Work and Health (sample) (riverside@example.org, 020 7946 0102)" in capsys.readouterr().out


def test_unknown_or_malformed_references(store, held, capsys):
    assert main(["export", "ZZZZ-ZZZZ"], held) == 1
    assert main(["erase", "hello"], held) == 2
    assert "not a reference" in capsys.readouterr().err


def test_create_and_revoke_a_provider_key(store, held, capsys):
    assert main(["create-provider-key", "westway_sample"], held) == 0
    key = capsys.readouterr().out.strip()
    assert store.provider_for_key(key) == "westway_sample"
    assert main(["revoke-provider-key", key.split(".")[0]], held) == 0
    assert store.provider_for_key(key) is None
    assert main(["create-provider-key", "nobody"], held) == 1


def test_retention_and_overdue(store, held, make_referral, now, capsys):
    old = now - dt.timedelta(days=100)
    ref = store.submit(make_referral(), "k", now=old).reference
    assert main(["overdue"], held) == 0
    assert f"LATE   {ref}  westway_sample" in capsys.readouterr().out
    store.set_status("westway_sample", ref, "acknowledged", now=old)
    assert main(["retention", "--days", "30"], held) == 0
    assert "erased: the answers of 1 referral(s), 0 ticket(s) and 0 chat(s)." in capsys.readouterr().out
    assert store.payload(ref)["person"] is None


def test_the_module_runs_on_its_own(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "APP_ENCRYPTION_KEY")}
    result = subprocess.run([sys.executable, "-m", "bot.referrals.cli", "create-provider-key", "westway_sample"],
                            cwd=ROOT, env={**env, "VAR_DIR": str(tmp_path)}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "." in result.stdout and (tmp_path / "app.db").exists()
