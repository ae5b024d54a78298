"""The referral store on SQLite and on PostgreSQL: one referral per submission, encrypted at rest,
status for the person, chasing, export, erase and retention."""
from __future__ import annotations

import datetime as dt
import sqlite3
from concurrent.futures import ThreadPoolExecutor

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from bot.storage.db import Base
from bot.delivery import retry_delay
from bot.referrals.store import InvalidReferral, StatusCannotGoBack, StatusChangeRefused

NAME, PHONE = "Robin Quillfeather", "07700900461"


def raw_rows(store, table: str) -> list[tuple]:
    with store.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(f"SELECT * FROM {table}"))]


def test_the_migrations_make_exactly_the_tables_of_the_models(engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_upgrading_again_changes_nothing(engine):
    from bot.storage.db import upgrade

    upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0006_callback_phone_hash"


def test_a_referral_is_saved_with_consent_and_a_reference_to_read_out(store, make_referral, now):
    done = store.submit(make_referral(), "conversation-1:form-1", now=now)
    assert done.created and len(done.reference) == 9
    assert done.reference in done.text.easy and "Wednesday 25 November" in done.text.easy  # 2 working days
    saved = store.payload(done.reference)
    assert saved["person"]["name"] == NAME and saved["person"]["phone"] == PHONE
    assert saved["status"] == "new" and saved["council_id"] == "westminster"
    assert saved["consent"]["wording"].startswith("I agree that you can send my answers to Westway")
    assert [e.event for e in store.audit_events(done.reference)] == ["referral_created"]


def test_double_submit_gives_one_referral(store, make_referral, now):
    first = store.submit(make_referral(), "same-key", now=now)
    again = store.submit(make_referral(name="Changed my mind"), "same-key", now=now)
    assert (again.reference, again.created) == (first.reference, False)
    assert len(raw_rows(store, "referrals")) == 1 and len(raw_rows(store, "consent_records")) == 1


def test_double_submit_at_the_same_moment_gives_one_referral(store, make_referral, now):
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: store.submit(make_referral(), "racing-key", now=now), range(8)))
    assert len({r.reference for r in results}) == 1
    assert sum(r.created for r in results) == 1
    assert len(raw_rows(store, "referrals")) == 1


def test_an_invalid_referral_is_refused_with_every_problem(store, make_referral, now):
    with pytest.raises(InvalidReferral) as refused:
        store.submit(make_referral(consent=None, phone="123"), "k", now=now)
    assert {p.code for p in refused.value.problems} == {"consent_missing", "phone_not_valid"}
    assert raw_rows(store, "referrals") == []


def test_personal_answers_cannot_be_read_in_the_database_without_the_key(store, make_referral, now):
    done = store.submit(make_referral(email="robin.q@example.org", contact_methods=("phone", "email")), "k", now=now)
    everything = repr([raw_rows(store, t) for t in ("referrals", "consent_records", "delivery_outbox",
                                                    "audit_events")])
    for secret in (NAME, "Quillfeather", PHONE, "07700 900461", "robin.q", "Long covid"):
        assert secret not in everything
    assert done.reference in everything  # the test reads the right tables


def test_the_sqlite_file_itself_holds_no_readable_personal_data(tmp_path, make_referral, now):
    # The raw table through the sqlite3 module, and every byte of the file and its journal.
    from cryptography.fernet import Fernet

    from bot.storage.db import make_engine, upgrade
    from bot.storage.crypto import Cipher
    from bot.referrals.store import ReferralStore

    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    upgrade(engine)
    store = ReferralStore(engine, Cipher([Fernet.generate_key().decode()]))
    store.submit(make_referral(), "k", now=now)
    with sqlite3.connect(tmp_path / "app.db") as raw:
        rows = raw.execute("SELECT * FROM referrals").fetchall()
    assert len(rows) == 1 and NAME not in repr(rows) and PHONE not in repr(rows)
    engine.dispose()
    for file in tmp_path.glob("app.db*"):
        data = file.read_bytes()
        assert NAME.encode() not in data and PHONE.encode() not in data, file.name
    assert (tmp_path / "app.db").stat().st_mode & 0o077 == 0  # only the app's own user may open it


def test_the_key_is_made_once_and_kept_private(tmp_path, monkeypatch):
    from bot.storage.crypto import load_cipher

    monkeypatch.delenv("APP_ENCRYPTION_KEY", raising=False)
    token = load_cipher(tmp_path).encrypt({"a": 1})
    assert load_cipher(tmp_path).decrypt(token) == {"a": 1}  # the same key the second time
    key_file = tmp_path / "secrets" / "app-encryption-key"
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_a_key_from_the_environment_and_rotation(tmp_path, monkeypatch):
    from cryptography.fernet import Fernet

    from bot.storage.crypto import load_cipher

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv("APP_ENCRYPTION_KEY", old)
    token = load_cipher(tmp_path).encrypt({"a": 1})
    monkeypatch.setenv("APP_ENCRYPTION_KEY", f"{new},{old}")
    assert load_cipher(tmp_path).decrypt(token) == {"a": 1}  # old data still readable
    assert not (tmp_path / "secrets").exists()
    monkeypatch.setenv("APP_ENCRYPTION_KEY", "not-a-key")
    with pytest.raises(ValueError, match="Fernet"):
        load_cipher(tmp_path)


# ---------------------------------------------------------------- status for the person


def test_status_words_follow_the_referral(store, make_referral, now):
    ref = store.submit(make_referral(), "k", now=now).reference
    assert "has your request" in store.status_for(ref, now=now).easy  # pull provider: it is in their list
    store.set_status("westway_sample", ref, "acknowledged", now=now)
    assert "has read your request" in store.status_for(ref, now=now).easy
    store.set_status("westway_sample", ref, "contacted", now=now)
    assert "020 7946 0103" in store.status_for(ref, now=now).easy
    store.set_status("westway_sample", ref, "closed", "could_not_reach", now=now)
    words = store.status_for(ref.lower().replace("-", ""), now=now).easy
    assert "closed" in words and "could not reach you" in words


def test_a_referral_waiting_in_the_outbox_says_so(store, make_referral, now):
    ref = store.submit(make_referral("riverside_sample", contact_methods=("email",), phone=None,
                                     email="r@example.org"), "k", now=now).reference
    assert "We are sending it" in store.status_for(ref, now=now).easy


def test_unknown_reference(store):
    assert "cannot find that reference" in store.status_for("ZZZZ-ZZZZ").easy
    assert "cannot find that reference" in store.status_for("not a reference").easy


def test_late_first_contact_is_flagged_for_a_person_to_chase(store, make_referral, now):
    late = store.submit(make_referral(), "k1", now=now).reference  # due Wednesday 17:00
    contacted = store.submit(make_referral(), "k2", now=now).reference
    store.set_status("westway_sample", contacted, "contacted", now=now)
    thursday = now + dt.timedelta(days=3)
    assert store.overdue_referrals(now=now + dt.timedelta(days=1)) == []
    flagged = store.overdue_referrals(now=thursday)
    assert [f.reference for f in flagged] == [late]
    assert flagged[0].status == "new" and flagged[0].provider_id == "westway_sample"
    words = store.status_for(late, now=thursday).easy
    assert "have not done this yet" in words and "020 7946 0103" in words


def test_working_days_skip_the_weekend(store, make_referral, now):
    friday = now + dt.timedelta(days=4)
    done = store.submit(make_referral("northbank_sample", council_id="camden"), "k", now=friday)
    assert done.contact_due_at.date() == dt.date(2026, 12, 2)  # Friday + 3 working days = Wednesday


# ---------------------------------------------------------------- provider side in the store


def test_a_provider_sees_only_its_own_referrals(store, make_referral, now):
    mine = store.submit(make_referral("westway_sample"), "k1", now=now).reference
    theirs = store.submit(make_referral("northbank_sample", council_id="camden"), "k2", now=now).reference
    assert [r["reference"] for r in store.list_for_provider("westway_sample", "new")] == [mine]
    assert store.get_for_provider("westway_sample", theirs) is None
    assert store.set_status("westway_sample", theirs, "contacted") is None
    assert store.payload(theirs)["status"] == "new"


def test_status_moves_forward_only(store, make_referral, now):
    ref = store.submit(make_referral(), "k", now=now).reference
    assert store.set_status("westway_sample", ref, "started", now=now)["status"] == "started"
    assert store.set_status("westway_sample", ref, "started", now=now)["status"] == "started"  # again: no change
    with pytest.raises(StatusCannotGoBack):
        store.set_status("westway_sample", ref, "contacted", now=now)
    with pytest.raises(StatusChangeRefused):
        store.set_status("westway_sample", ref, "lost", now=now)
    with pytest.raises(StatusChangeRefused):
        store.set_status("westway_sample", ref, "contacted", "finished", now=now)


def test_api_keys_are_kept_only_as_salted_hashes(store):
    key = store.create_provider_key("westway_sample")
    other = store.create_provider_key("westway_sample")
    assert store.provider_for_key(key) == "westway_sample" and key != other
    rows = raw_rows(store, "provider_api_keys")
    assert key.split(".")[1] not in repr(rows) and len({r[2] for r in rows}) == 2  # a salt each
    for wrong in ("", "nonsense", key.split(".")[0] + ".wrong", key + "x", "." + key.split(".")[1]):
        assert store.provider_for_key(wrong) is None
    assert store.revoke_provider_key(key.split(".")[0])
    assert store.provider_for_key(key) is None and store.provider_for_key(other) == "westway_sample"
    with pytest.raises(LookupError):
        store.create_provider_key("nobody")


# ---------------------------------------------------------------- data rights


def test_export_gives_everything_held_for_one_referral(store, make_referral, now):
    ref = store.submit(make_referral(), "k", now=now).reference
    data = store.export(ref.lower())
    assert data["person"]["name"] == NAME and data["reference"] == ref
    assert data["consent"]["wording_version"] and [h["event"] for h in data["history"]] == ["referral_created"]
    assert store.export("ZZZZ-ZZZZ") is None
    assert "exported" in [e.event for e in store.audit_events(ref)]


def test_erase_deletes_the_answers_and_cancels_a_delivery_not_yet_made(outbox, store, make_referral, now):
    ref = store.submit(make_referral("riverside_sample", contact_methods=("email",), phone=None,
                                     email="r@example.org"), "k", now=now).reference
    kept = store.submit(make_referral(), "k2", now=now).reference
    assert store.erase(ref, now=now)
    data = store.export(ref)
    assert data["person"] is None and data["erased"] and data["deliveries"] == []
    assert outbox.claim_due(now=now + dt.timedelta(days=1)) == []
    assert "deleted your answers" in store.status_for(ref, now=now).easy
    assert store.payload(kept)["person"]["name"] == NAME  # nobody else's data is touched
    assert not store.erase("ZZZZ-ZZZZ")


def test_retention_erases_only_delivered_referrals_older_than_the_period(outbox, store, make_referral, now):
    old = now - dt.timedelta(days=400)
    email = dict(contact_methods=("email",), phone=None, email="r@example.org")
    delivered = store.submit(make_referral("riverside_sample", **email), "k1", now=old).reference
    outbox.mark_delivered(outbox.claim_due(now=old)[0], now=old)
    waiting = store.submit(make_referral("riverside_sample", **email), "k2", now=old).reference
    acknowledged = store.submit(make_referral(), "k3", now=old).reference
    store.set_status("westway_sample", acknowledged, "acknowledged", now=old)
    never_collected = store.submit(make_referral(), "k4", now=old).reference
    recent = store.submit(make_referral(), "k5", now=now).reference
    store.set_status("westway_sample", recent, "acknowledged", now=now)

    erased = store.apply_retention(365, now=now)
    assert sorted(erased) == sorted([delivered, acknowledged])
    for ref in (waiting, never_collected, recent):
        assert store.payload(ref)["person"] is not None
    assert store.payload(delivered)["person"] is None
    assert store.apply_retention(365, now=now) == []  # nothing twice
    with pytest.raises(ValueError):
        store.apply_retention(0)


# ---------------------------------------------------------------- the outbox


def test_a_due_delivery_is_claimed_by_one_worker_only(outbox, store, make_referral, now):
    store.submit(make_referral("riverside_sample", contact_methods=("email",), phone=None,
                               email="r@example.org"), "k", now=now)
    with ThreadPoolExecutor(4) as pool:
        claims = [c for batch in pool.map(lambda _: outbox.claim_due(now=now), range(4)) for c in batch]
    assert len(claims) == 1
    assert outbox.claim_due(now=now + dt.timedelta(minutes=1)) == []  # leased
    assert len(outbox.claim_due(now=now + dt.timedelta(minutes=3))) == 1  # the worker died: free again


def test_a_failed_delivery_waits_longer_each_time(outbox, store, make_referral, now):
    store.submit(make_referral("riverside_sample", contact_methods=("email",), phone=None,
                               email="r@example.org"), "k", now=now)
    claim = outbox.claim_due(now=now)[0]
    next_at = outbox.mark_failed(claim, "ConnectionRefusedError", now=now)
    assert next_at == now + dt.timedelta(minutes=1)
    with store.engine.connect() as connection:
        row = connection.execute(text("SELECT attempts, last_error FROM delivery_outbox")).one()
    assert tuple(row) == (1, "ConnectionRefusedError")
    assert [retry_delay(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert retry_delay(30) == dt.timedelta(hours=6)


def test_stuck_deliveries_are_listed(outbox, store, make_referral, now):
    ref = store.submit(make_referral("riverside_sample", contact_methods=("email",), phone=None,
                                     email="r@example.org"), "k", now=now).reference
    outbox.mark_failed(outbox.claim_due(now=now)[0], "SMTPConnectError", now=now)
    assert store.stuck_deliveries(now=now) == []
    stuck = store.stuck_deliveries(now=now + dt.timedelta(hours=2))
    assert [(s.reference, s.last_error) for s in stuck] == [(ref, "SMTPConnectError")]

