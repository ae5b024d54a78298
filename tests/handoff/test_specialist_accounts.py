"""Specialists' accounts: passwords kept only as scrypt hashes, sign-in, sessions that end, disabled accounts."""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import time

import pytest
from sqlalchemy import text

from bot.handoff.tickets import _NO_SUCH_USER, SCRYPT_N, SESSION_LIFETIME, hash_password, verify_password


def raw(tickets, sql: str) -> list[tuple]:
    with tickets.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


def test_the_password_is_kept_only_as_a_salted_scrypt_hash(tickets, make_specialist, handoff_data):
    make_specialist(username="sam")
    make_specialist(username="alex")
    [(sam_hash,), (alex_hash,)] = raw(tickets, "SELECT password_hash FROM specialists ORDER BY id")
    assert handoff_data["password"] not in sam_hash
    assert sam_hash.startswith(f"scrypt${SCRYPT_N}$8$1$") and SCRYPT_N >= 2**14
    assert sam_hash != alex_hash  # the same password, each with its own salt
    assert verify_password(handoff_data["password"], sam_hash)
    assert not verify_password(handoff_data["password"] + "!", sam_hash)
    assert not verify_password("anything", "not a hash") and not verify_password("x", "md5$1$2$3$4$5")


def test_a_hash_made_with_other_settings_still_verifies():
    # The hash names its own cost, so raising SCRYPT_N later does not lock anyone out.
    salt = bytes(range(16))
    digest = hashlib.scrypt(b"a long enough password", salt=salt, n=2**14, r=8, p=1, dklen=32)
    made_then = f"scrypt$16384$8$1${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"
    assert verify_password("a long enough password", made_then)
    assert not verify_password("another long password", made_then)


def test_accounts_need_a_long_password_and_their_own_username(tickets, make_specialist):
    with pytest.raises(ValueError, match="12 characters"):
        tickets.add_specialist("demo", "sam", "short pass", "Sam")
    make_specialist(username="sam")
    with pytest.raises(ValueError, match="taken"):
        make_specialist(username="SAM ")  # usernames ignore case and spaces around them
    with pytest.raises(ValueError):
        tickets.add_specialist("demo", "no spaces please", "a long enough password", "Sam")


def test_sign_in_needs_the_right_password_of_an_active_account(tickets, make_specialist, now, handoff_data):
    sam = make_specialist(username="sam")
    assert tickets.sign_in("sam", handoff_data["password"] + "x", now=now) is None
    assert tickets.sign_in("nobody", handoff_data["password"], now=now) is None
    assert tickets.sign_in("", "", now=now) is None
    token, csrf = tickets.sign_in(" Sam ", handoff_data["password"], now=now)
    assert len(token) >= 40 and len(csrf) >= 40 and token != csrf
    assert tickets.specialist_for_session(token, now=now) == (sam, csrf)
    assert tickets.specialist_for_session("not a token", now=now) is None
    assert tickets.specialist_for_session("", now=now) is None
    events = [(e.event, e.actor) for e in tickets.audit_events() if e.event.startswith("sign")]
    assert events == [("sign_in_failed", f"specialist:{sam.id}"), ("sign_in_failed", "unknown"),
                      ("sign_in_failed", "unknown"), ("signed_in", f"specialist:{sam.id}")]
    assert "nobody" not in repr(raw(tickets, "SELECT * FROM audit_events"))  # what was typed is not kept


def test_the_session_token_is_kept_only_as_its_sha256(tickets, make_specialist, now, handoff_data):
    make_specialist()
    token, csrf = tickets.sign_in("sam", handoff_data["password"], now=now)
    [(token_hash, stored_csrf)] = raw(tickets, "SELECT token_hash, csrf_token FROM specialist_sessions")
    assert token_hash == hashlib.sha256(token.encode()).hexdigest() and stored_csrf == csrf
    assert token not in repr(raw(tickets, "SELECT * FROM specialist_sessions"))


def test_a_session_ends_after_eight_hours_or_on_sign_out(tickets, make_specialist, now, handoff_data):
    sam = make_specialist()
    token, _ = tickets.sign_in("sam", handoff_data["password"], now=now)
    assert SESSION_LIFETIME == dt.timedelta(hours=8)
    assert tickets.specialist_for_session(token, now=now + dt.timedelta(hours=7, minutes=59))[0] == sam
    assert tickets.specialist_for_session(token, now=now + dt.timedelta(hours=8)) is None
    assert tickets.specialist_for_session(token, now=now) is None  # ended for good
    token, _ = tickets.sign_in("sam", handoff_data["password"], now=now)
    tickets.sign_out(token)
    assert tickets.specialist_for_session(token, now=now) is None


def test_a_disabled_account_cannot_sign_in_and_its_sessions_end(tickets, make_specialist, now, handoff_data):
    make_specialist()
    token, _ = tickets.sign_in("sam", handoff_data["password"], now=now)
    assert tickets.disable_specialist("sam", now=now)
    assert not tickets.disable_specialist("sam", now=now)  # already
    assert tickets.specialist_for_session(token, now=now) is None
    assert tickets.sign_in("sam", handoff_data["password"], now=now) is None


def test_an_unknown_username_costs_the_same_time_as_a_wrong_password(tickets, make_specialist, handoff_data):
    # So the time an answer takes does not tell which usernames exist.
    assert _NO_SUCH_USER.split("$")[1:4] == hash_password("x" * 12).split("$")[1:4]
    assert not verify_password("", _NO_SUCH_USER)
    make_specialist()

    def fastest(username: str) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            tickets.sign_in(username, "a wrong password")
            times.append(time.perf_counter() - start)
        return min(times)

    known, unknown = fastest("sam"), fastest("nobody")
    assert unknown > known / 2, (known, unknown)
