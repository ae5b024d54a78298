"""Specialists' accounts: passwords kept only as scrypt hashes, sign-in, sessions that end, disabled accounts."""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import time

import pytest
from sqlalchemy import text

from bot.accounts.passwords import NO_SUCH_USER, SCRYPT_N, hash_password, verify_password
from bot.accounts.store import SESSION_LIFETIME


def raw(accounts, sql: str) -> list[tuple]:
    with accounts.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


def test_the_password_is_kept_only_as_a_salted_scrypt_hash(accounts, make_specialist, handoff_data):
    make_specialist(username="sam")
    make_specialist(username="alex")
    [(sam_hash,), (alex_hash,)] = raw(accounts, "SELECT password_hash FROM specialists ORDER BY id")
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


def test_accounts_need_a_long_password_and_their_own_username(accounts, make_specialist):
    with pytest.raises(ValueError, match="12 characters"):
        accounts.add_specialist("demo", "sam", "short pass", "Sam")
    make_specialist(username="sam")
    with pytest.raises(ValueError, match="taken"):
        make_specialist(username="SAM ")  # usernames ignore case and spaces around them
    with pytest.raises(ValueError):
        accounts.add_specialist("demo", "no spaces please", "a long enough password", "Sam")


def test_sign_in_needs_the_right_password_of_an_active_account(accounts, tickets, make_specialist, now,
                                                                handoff_data):
    sam = make_specialist(username="sam")
    assert accounts.sign_in("sam", handoff_data["password"] + "x", now=now) is None
    assert accounts.sign_in("nobody", handoff_data["password"], now=now) is None
    assert accounts.sign_in("", "", now=now) is None
    token, csrf = accounts.sign_in(" Sam ", handoff_data["password"], now=now)
    assert len(token) >= 40 and len(csrf) >= 40 and token != csrf
    assert accounts.specialist_for_session(token, now=now) == (sam, csrf)
    assert accounts.specialist_for_session("not a token", now=now) is None
    assert accounts.specialist_for_session("", now=now) is None
    events = [(e.event, e.actor) for e in tickets.audit_events() if e.event.startswith("sign")]
    assert events == [("sign_in_failed", f"specialist:{sam.id}"), ("sign_in_failed", "unknown"),
                      ("sign_in_failed", "unknown"), ("signed_in", f"specialist:{sam.id}")]
    assert "nobody" not in repr(raw(accounts, "SELECT * FROM audit_events"))  # what was typed is not kept


def test_the_session_token_is_kept_only_as_its_sha256(accounts, make_specialist, now, handoff_data):
    make_specialist()
    token, csrf = accounts.sign_in("sam", handoff_data["password"], now=now)
    [(token_hash, stored_csrf)] = raw(accounts, "SELECT token_hash, csrf_token FROM specialist_sessions")
    assert token_hash == hashlib.sha256(token.encode()).hexdigest() and stored_csrf == csrf
    assert token not in repr(raw(accounts, "SELECT * FROM specialist_sessions"))


def test_a_session_ends_after_eight_hours_or_on_sign_out(accounts, make_specialist, now, handoff_data):
    sam = make_specialist()
    token, _ = accounts.sign_in("sam", handoff_data["password"], now=now)
    assert SESSION_LIFETIME == dt.timedelta(hours=8)
    assert accounts.specialist_for_session(token, now=now + dt.timedelta(hours=7, minutes=59))[0] == sam
    assert accounts.specialist_for_session(token, now=now + dt.timedelta(hours=8)) is None
    assert accounts.specialist_for_session(token, now=now) is None  # ended for good
    token, _ = accounts.sign_in("sam", handoff_data["password"], now=now)
    accounts.sign_out(token)
    assert accounts.specialist_for_session(token, now=now) is None


def test_a_disabled_account_cannot_sign_in_and_its_sessions_end(accounts, make_specialist, now, handoff_data):
    make_specialist()
    token, _ = accounts.sign_in("sam", handoff_data["password"], now=now)
    assert accounts.disable_specialist("sam", now=now)
    assert not accounts.disable_specialist("sam", now=now)  # already
    assert accounts.specialist_for_session(token, now=now) is None
    assert accounts.sign_in("sam", handoff_data["password"], now=now) is None


def test_an_unknown_username_costs_the_same_time_as_a_wrong_password(accounts, make_specialist, handoff_data):
    # So the time an answer takes does not tell which usernames exist.
    assert NO_SUCH_USER.split("$")[1:4] == hash_password("x" * 12).split("$")[1:4]
    assert not verify_password("", NO_SUCH_USER)
    make_specialist()

    def fastest(username: str) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            accounts.sign_in(username, "a wrong password")
            times.append(time.perf_counter() - start)
        return min(times)

    known, unknown = fastest("sam"), fastest("nobody")
    assert unknown > known / 2, (known, unknown)
