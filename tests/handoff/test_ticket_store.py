"""The ticket store on SQLite and on PostgreSQL: one ticket per chat, the queue, the rules of claim, reply,
transfer and close, the relay's messages, encryption at rest and one partner's tickets kept from another's."""
from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select, text

from bot.config import ROOT
from bot.handoff import ACCESS_NEEDS, REASONS, SPECIALISTS, choose_specialist, load_handoff_words
from bot.handoff.labels import NEED_LABELS, REASON_LABELS, SPECIALIST_LABELS, STATUS_LABELS
from bot.handoff.models import STATUSES, TicketRow
from bot.web.handoff_relay import handoff_state

MINUTE = dt.timedelta(minutes=1)


def raw_rows(store, table: str) -> list[tuple]:
    with store.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(f"SELECT * FROM {table}"))]


def test_a_chat_handed_over_twice_is_one_ticket(tickets, open_chat, now):
    ticket = open_chat(conversation="chat-1")
    assert (ticket.status, ticket.kind, ticket.specialist_kind, ticket.urgent) == (
        "waiting", "live", "benefits_adviser", False)
    assert len(ticket.id) == 9 and ticket.created_at == now
    assert open_chat(conversation="chat-1", minutes=5).id == ticket.id
    assert open_chat(conversation="chat-2").id != ticket.id
    assert tickets.open_ticket_for("chat-1") == ticket
    assert tickets.current_ticket_for("chat-1") == ticket
    assert tickets.open_ticket_for("nobody") is None and tickets.current_ticket_for("nobody") is None
    assert [(e.event, e.actor, e.detail) for e in tickets.audit_events(ticket.id)] == [
        ("ticket_opened", "person", "benefits_adviser")]


def test_the_read_before_each_message_survives_a_dropped_connection(tickets, open_chat, engine):
    """That read skips the ping that other reads make, so a connection the server dropped fails it once,
    and it reads again on a new connection."""
    ticket = open_chat(conversation="chat-1")
    assert tickets.current_ticket_for("chat-1") == ticket  # its pool now holds a connection
    if engine.dialect.name != "postgresql":
        pytest.skip("only a server drops connections")
    with engine.connect() as connection:  # as a restart would: end every other connection of this database
        dropped = connection.execute(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = ''")).scalar()
    assert dropped >= 1
    assert tickets.current_ticket_for("chat-1") == ticket


def test_a_chat_handed_over_twice_at_the_same_moment_is_one_ticket(tickets, open_chat):
    with ThreadPoolExecutor(6) as pool:
        opened = list(pool.map(lambda _: open_chat(conversation="racing"), range(6)))
    assert len({t.id for t in opened}) == 1
    assert len(raw_rows(tickets, "tickets")) == 1


def test_a_route_outside_the_fixed_sets_is_refused(tickets):
    from bot.handoff import Route

    with pytest.raises(ValueError):
        tickets.open_ticket("c", "demo", Route("wizard", "asked"), "", [], {})
    with pytest.raises(ValueError):
        tickets.open_ticket("x" * 65, "demo", choose_specialist("asked"), "", [], {})


def test_the_queue_is_urgent_first_then_the_longest_waiting(tickets, open_chat, make_specialist):
    first = open_chat(minutes=0)
    second = open_chat(minutes=1)
    crisis = open_chat(reason="crisis", minutes=2)
    other_partner = open_chat(partner="other", minutes=-10)
    assert crisis.urgent and crisis.specialist_kind == "team_on_duty"
    assert [tickets.queue_position(t.id) for t in (crisis, first, second)] == [1, 2, 3]
    assert tickets.queue_position(other_partner.id) == 1  # each partner has its own queue

    tickets.make_urgent(second.id)  # crisis words while waiting
    assert [tickets.queue_position(t.id) for t in (second, crisis, first)] == [1, 2, 3]
    sam = make_specialist()
    assert [t.id for t in tickets.queue(sam)] == [second.id, crisis.id, first.id]

    tickets.claim(sam, second.id)
    assert tickets.queue_position(second.id) is None  # live: not waiting any more
    assert [tickets.queue_position(t.id) for t in (crisis, first)] == [1, 2]
    assert tickets.queue_position("ZZZZ-ZZZZ") is None


def test_a_ticket_claimed_between_the_two_reads_of_its_place_has_none(tickets, open_chat, monkeypatch):
    """The line is read after the ticket: a specialist may claim it in between (a 500 in the widget's poll)."""
    waiting = open_chat()
    monkeypatch.setattr(tickets, "_waiting", lambda partner_id: select(TicketRow).where(TicketRow.id == "none"))
    assert tickets.queue_position(waiting.id) is None
    assert handoff_state(tickets, waiting) == {"state": "waiting"}  # no place it cannot give, and no error


def test_claim_reply_and_close_follow_the_rules(tickets, open_chat, make_specialist, now):
    ticket = open_chat(conversation="chat")
    sam, alex = make_specialist(username="sam"), make_specialist(username="alex")
    assert tickets.reply(sam, ticket.id, "Hello", now=now) is None  # not claimed yet
    assert tickets.close(sam, ticket.id, now=now) is None  # a waiting chat cannot be closed

    live = tickets.claim(sam, ticket.id, now=now + MINUTE)
    assert (live.status, live.claimed_by) == ("live", sam.id)
    assert tickets.claim(alex, ticket.id, now=now) is None  # someone was quicker
    assert tickets.reply(alex, ticket.id, "Me too", now=now) is None  # only the one who claimed it
    assert tickets.close(alex, ticket.id, now=now) is None
    assert tickets.open_ticket_for("chat").status == "live"

    person = tickets.add_message(ticket.id, "person", "Hello?", now=now + 2 * MINUTE)
    said = tickets.reply(sam, ticket.id, "Hello, I am Sam.", now=now + 3 * MINUTE)
    assert said > person
    assert [(m.sender, m.text) for m in tickets.messages_after(ticket.id, 0)] == [("specialist", "Hello, I am Sam.")]

    closed = tickets.close(sam, ticket.id, now=now + 4 * MINUTE)
    assert closed.status == "closed"
    assert tickets.reply(sam, ticket.id, "Still there?", now=now) is None  # closed: no more replies
    assert tickets.open_ticket_for("chat") is None and tickets.current_ticket_for("chat") == closed
    assert [e.event for e in tickets.audit_events(ticket.id)] == ["ticket_opened", "ticket_claimed", "ticket_closed"]


def test_two_specialists_claiming_at_once_one_wins(tickets, open_chat, make_specialist):
    ticket = open_chat()
    team = [make_specialist(username=f"person{i}") for i in range(4)]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda s: tickets.claim(s, ticket.id), team))
    assert sum(r is not None for r in results) == 1


def test_a_transfer_waits_again_for_another_kind_and_tells_the_person(tickets, open_chat, make_specialist, now):
    ticket = open_chat()
    sam, alex = make_specialist(username="sam"), make_specialist(username="alex")
    tickets.claim(sam, ticket.id, now=now)
    assert tickets.transfer(alex, ticket.id, "employment_specialist", now=now) is None  # not alex's chat
    moved = tickets.transfer(sam, ticket.id, "employment_specialist", now=now + MINUTE)
    assert (moved.status, moved.specialist_kind, moved.claimed_by) == ("waiting", "employment_specialist", None)
    assert moved.created_at == ticket.created_at  # keeps its place in the queue
    [told] = tickets.messages_after(ticket.id, 0)
    assert told.sender == "assistant" and told.text == load_handoff_words().specialist("employment_specialist").easy
    assert tickets.transfer(alex, ticket.id, "peer_supporter", now=now).specialist_kind == "peer_supporter"  # waiting
    with pytest.raises(ValueError):
        tickets.transfer(sam, ticket.id, "wizard")
    assert [e.detail for e in tickets.audit_events(ticket.id) if e.event == "ticket_transferred"] == [
        "employment_specialist", "peer_supporter"]


def test_the_relay_reads_new_messages_after_the_last_it_saw(tickets, open_chat, make_specialist, now):
    ticket = open_chat()
    sam = make_specialist()
    tickets.claim(sam, ticket.id, now=now)
    first = tickets.reply(sam, ticket.id, "One", now=now)
    tickets.add_message(ticket.id, "person", "Two", now=now)
    tickets.add_message(ticket.id, "assistant", "Three", now=now)
    assert [m.text for m in tickets.messages_after(ticket.id, first)] == ["Three"]
    assert [m.text for m in tickets.messages_after(ticket.id, 0, senders=("person",))] == ["Two"]
    everything = tickets.messages_after(ticket.id, 0, senders=("person", "specialist", "assistant"))
    assert [m.text for m in everything] == ["One", "Two", "Three"] and everything[0].at == now
    with pytest.raises(ValueError):
        tickets.add_message(ticket.id, "robot", "Hi")
    with pytest.raises(ValueError):
        tickets.add_message(ticket.id, "person", "   ")
    with pytest.raises(LookupError):
        tickets.add_message("ZZZZ-ZZZZ", "person", "Hi")


def test_going_back_to_the_assistant_cancels_and_a_new_handover_is_a_new_ticket(tickets, open_chat, now):
    ticket = open_chat(conversation="chat")
    cancelled = tickets.cancel(ticket.id, now=now + MINUTE)
    assert cancelled.status == "cancelled"
    assert tickets.cancel(ticket.id, now=now) is None  # once only
    assert tickets.open_ticket_for("chat") is None
    again = open_chat(conversation="chat", minutes=2)
    assert again.id != ticket.id and tickets.current_ticket_for("chat") == again

    assert tickets.current_ticket_for("chat").id == again.id


def test_only_one_caller_resumes_the_assistant_and_a_failed_resume_is_tried_again(tickets, open_chat, now):
    ticket = open_chat(conversation="chat")
    tickets.cancel(ticket.id, now=now + MINUTE)
    assert tickets.mark_resumed(ticket.id, now=now + MINUTE) is True
    assert tickets.mark_resumed(ticket.id, now=now + 5 * MINUTE) is False  # another gateway got there first
    assert tickets.current_ticket_for("chat").resumed_at == now + MINUTE
    tickets.undo_resumed(ticket.id)  # Rasa could not be reached
    assert tickets.current_ticket_for("chat").resumed_at is None
    assert tickets.mark_resumed(ticket.id, now=now + 6 * MINUTE) is True


def test_a_chat_nobody_claims_in_time_is_unanswered(tickets, open_chat, make_specialist, now):
    ticket = open_chat(conversation="chat")
    assert tickets.mark_unanswered(ticket.id, now=now).status == "unanswered"
    assert tickets.open_ticket_for("chat") is None
    live = open_chat(conversation="chat", minutes=1)
    tickets.claim(make_specialist(), live.id, now=now)
    assert tickets.mark_unanswered(live.id, now=now) is None  # someone has it


def test_a_callback_request_is_one_ticket_with_one_email_waiting(tickets, make_specialist, now, handoff_data):
    route = choose_specialist("needs_bsl_phone_or_face_to_face", ["phone"], topic="work")
    at = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.timezone.utc)
    ticket = tickets.request_callback("chat", "demo", route, "summary", [], handoff_data["phone"], at, now=now)
    assert (ticket.kind, ticket.status, ticket.callback_at) == ("callback", "callback_requested", at)
    again = tickets.request_callback("chat", "demo", route, "summary", [], handoff_data["phone"], at, now=now)
    assert again.id == ticket.id
    other = tickets.request_callback("another-chat", "demo", route, "summary", [], handoff_data["phone"], at,
                                     now=now)
    assert other.id != ticket.id
    outbox = raw_rows(tickets, "delivery_outbox")
    assert len(outbox) == 2 and all(row[1] is None for row in outbox)  # no referral reference
    assert tickets.open_ticket_for("chat") is None  # not a live chat

    sam = make_specialist()
    assert {t.id for t in tickets.queue(sam)} == {ticket.id, other.id}
    assert tickets.detail(ticket.id).contact == {"phone": handoff_data["phone"]}
    assert tickets.close(sam, ticket.id, now=now).status == "closed"  # anyone in the team, once called
    with pytest.raises(ValueError):
        tickets.request_callback("chat", "demo", route, "", [], handoff_data["phone"], dt.datetime(2026, 11, 24, 9))
    assert [e.event for e in tickets.audit_events(ticket.id)] == ["callback_requested", "ticket_closed"]


def test_asking_again_within_a_day_joins_the_open_call_back_instead_of_making_another(tickets, make_specialist,
                                                                                     now, handoff_data):
    # One chat asking over and over, at different times, was a ticket and an email to the team each.
    route = choose_specialist("asked")
    at = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.timezone.utc)
    first = tickets.request_callback("chat", "demo", route, "summary", [], handoff_data["phone"], at, now=now)
    repeats = [tickets.request_callback("chat", "demo", route, "summary", [], handoff_data["phone"],
                                        at + MINUTE * 30 * n, now=now + MINUTE * n) for n in range(1, 40)]
    assert {t.id for t in repeats} == {first.id} and repeats[-1].callback_at == at, "the time first asked for stands"
    assert len(raw_rows(tickets, "delivery_outbox")) == 1, "one email to the team"
    next_day = tickets.request_callback("chat", "demo", route, "summary", [], handoff_data["phone"],
                                        at + dt.timedelta(days=1), now=now + dt.timedelta(days=1, minutes=1))
    assert next_day.id != first.id
    tickets.close(make_specialist(), next_day.id, now=now + dt.timedelta(days=1, minutes=2))
    after_closing = tickets.request_callback("chat", "demo", route, "summary", [], handoff_data["phone"],
                                             at + dt.timedelta(days=2), now=now + dt.timedelta(days=1, minutes=3))
    assert after_closing.id not in (first.id, next_day.id), "once called, a new request is a new ticket"


def test_one_phone_number_has_at_most_three_open_call_backs_a_day_and_more_join_one(tickets, make_specialist,
                                                                                    now, handoff_data):
    # A call-back for any number could be asked for from chat after new chat: a ticket and an email to the
    # team each, and the number's owner phoned again and again.
    route = choose_specialist("asked")
    at = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.timezone.utc)
    same_number = ["07700 900461", "+44 7700 900461", "07700900461", "0044 (0)7700-900461"]

    def ask(chat: str, minutes: int, phone: str = same_number[0], partner: str = "demo", hours: int = 0):
        return tickets.request_callback(chat, partner, route, "summary", [], phone,
                                        at + dt.timedelta(hours=hours), now=now + MINUTE * minutes)

    first = [ask(f"chat-{n}", n, same_number[n], hours=n) for n in range(3)]
    assert len({t.id for t in first}) == 3
    flood = [ask(f"flood-{n}", 3 + n, same_number[n % 4], hours=n % 5) for n in range(40)]
    assert {t.id for t in flood} == {first[-1].id}, "each is told of the call back already on its way"
    assert flood[0].callback_at == at + dt.timedelta(hours=2), "at the time that request asked for"
    assert ask("on-another-partners-page", 50, partner="other").id == first[-1].id, "one number, whatever page"
    assert len(raw_rows(tickets, "tickets")) == 3 and len(raw_rows(tickets, "delivery_outbox")) == 3
    assert ask("someone-else", 51, "07700 900999").id not in {t.id for t in first}, "another number is not held"

    tickets.close(make_specialist(), first[0].id, now=now + MINUTE * 60)  # called: one fewer open
    after_a_call = ask("chat-after-a-call", 61, hours=5)
    assert after_a_call.id not in {t.id for t in first}
    assert ask("flood-again", 62).id == after_a_call.id, "three open again"
    assert ask("the-next-day", 24 * 60 + 62, hours=30).id not in {t.id for t in first + [after_a_call]}

    everything = repr(raw_rows(tickets, "tickets"))
    assert "07700900461" not in everything and "07700 900461" not in everything
    with tickets.engine.connect() as connection:
        hashes = connection.execute(text("SELECT phone_hash FROM tickets WHERE id IN (:a, :b, :c)"),
                                    dict(zip("abc", (t.id for t in first)))).scalars().all()
    assert len(set(hashes)) == 1 and len(hashes[0]) == 64, "one number, however it was written"
    assert hashes[0] != hashlib.sha256(b"07700900461").hexdigest(), "a keyed hash: not found by trying numbers"


def test_open_call_backs_kept_before_the_phone_limit_count_once_migrated(tmp_path, cipher, now):
    from alembic import command

    from bot.handoff.tickets import TicketStore
    from bot.storage.db import alembic_config, make_engine, upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    upgrade(engine, cipher=cipher)
    store, route = TicketStore(engine, cipher), choose_specialist("asked")
    at = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.timezone.utc)
    kept = [store.request_callback(f"chat-{n}", "demo", route, "", [], "07700 900461", at, now=now + MINUTE * n)
            for n in range(3)]
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes.update(connection=connection, cipher=cipher)
        command.downgrade(config, "0005_feedback_encrypted")
    upgrade(engine, cipher=cipher)
    assert store.request_callback("chat-3", "demo", route, "", [], "07700900461", at,
                                  now=now + MINUTE * 3).id == kept[-1].id
    engine.dispose()


def test_what_the_person_said_cannot_be_read_in_the_database(tickets, open_chat, make_specialist, now,
                                                            handoff_data):
    ticket = open_chat(needs=["bsl"], language="Polish")
    sam = make_specialist()
    tickets.claim(sam, ticket.id, now=now)
    tickets.add_message(ticket.id, "person", "My landlord is Mr Haverford-Smythe", now=now)
    tickets.reply(sam, ticket.id, "Tell me about Mr Haverford-Smythe", now=now)
    tickets.add_note(sam, ticket.id, "Knows Mr Haverford-Smythe from the hostel", now=now)
    tickets.request_callback("chat", "demo", choose_specialist("asked"), handoff_data["summary"], [],
                             "07700 900999", now + MINUTE * 90, now=now)
    everything = repr([raw_rows(tickets, t) for t in ("tickets", "ticket_messages", "ticket_notes",
                                                      "delivery_outbox", "audit_events", "specialists")])
    for secret in (handoff_data["name"], handoff_data["phone"], "07700 900999", "PIP money", "Haverford",
                   "Polish", handoff_data["password"]):
        assert secret not in everything
    assert ticket.id in everything  # the test reads the right tables

    detail = tickets.ticket_for(sam, ticket.id)  # and the store reads it all back
    assert detail.summary == handoff_data["summary"] and detail.contact["name"] == handoff_data["name"]
    assert detail.access_needs == ("bsl", "interpreter") and detail.language == "Polish"
    assert detail.transcript[0]["text"] == handoff_data["first_words"]
    assert [m.sender for m in detail.messages] == ["person", "specialist"]
    assert [(n.author, n.text) for n in detail.notes] == [("Sam", "Knows Mr Haverford-Smythe from the hostel")]
    assert detail.claimed_by_name == "Sam"


def test_a_specialist_never_reaches_another_partners_ticket(tickets, open_chat, make_specialist, now):
    theirs = open_chat(partner="other")
    outsider, insider = make_specialist("demo", "sam"), make_specialist("other", "kim")
    assert tickets.ticket_for(outsider, theirs.id) is None
    assert tickets.claim(outsider, theirs.id, now=now) is None
    assert tickets.transfer(outsider, theirs.id, "peer_supporter", now=now) is None
    assert tickets.add_note(outsider, theirs.id, "Hello", now=now) is False
    assert tickets.queue(outsider) == []

    tickets.claim(insider, theirs.id, now=now)
    assert tickets.reply(outsider, theirs.id, "Hello", now=now) is None
    assert tickets.close(outsider, theirs.id, now=now) is None
    assert tickets.ticket_for(insider, theirs.id).ticket.status == "live"
    assert tickets.ticket_for(insider, theirs.id).notes == []


def test_someone_is_on_duty_while_signed_in_and_active(accounts, make_specialist, now, handoff_data):
    assert not accounts.anyone_on_duty("demo", now=now)
    make_specialist("demo", "sam")
    token, _ = accounts.sign_in("sam", handoff_data["password"], now=now)
    assert accounts.anyone_on_duty("demo", now=now + 10 * MINUTE)
    assert not accounts.anyone_on_duty("other", now=now)
    assert not accounts.anyone_on_duty("demo", now=now + 16 * MINUTE)  # signed in but not seen lately
    accounts.specialist_for_session(token, now=now + 16 * MINUTE)  # uses the inbox again
    assert accounts.anyone_on_duty("demo", now=now + 20 * MINUTE)
    accounts.sign_out(token)
    assert not accounts.anyone_on_duty("demo", now=now + 20 * MINUTE)


def test_every_code_has_words_for_the_specialists():
    assert set(SPECIALIST_LABELS) == set(SPECIALISTS) and set(REASON_LABELS) == set(REASONS)
    assert set(NEED_LABELS) == set(ACCESS_NEEDS) and set(STATUS_LABELS) == set(STATUSES)


def test_the_handoff_migration_goes_down_and_up_again(engine, tickets, open_chat):
    from alembic import command
    from sqlalchemy import inspect

    from bot.storage.db import alembic_config, upgrade

    ticket = open_chat()
    tickets.request_callback("chat", "demo", choose_specialist("asked"), "", [], "07700 900461",
                             dt.datetime(2026, 11, 24, 9, tzinfo=dt.timezone.utc))
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001_referrals")
    tables = set(inspect(engine).get_table_names())
    assert "tickets" not in tables and "specialists" not in tables and "delivery_outbox" in tables
    assert "ticket_id" not in {c["name"] for c in inspect(engine).get_columns("delivery_outbox")}
    upgrade(engine)
    assert tickets.open_ticket_for(ticket.conversation_id) is None  # an empty table again


def test_the_sqlite_file_itself_holds_nothing_the_person_said(tmp_path, cipher, handoff_data, now):
    # Every byte of the file and its journal, not only what SQL gives back.
    from bot.storage.db import make_engine, upgrade
    from bot.handoff.tickets import TicketStore

    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    upgrade(engine)
    store = TicketStore(engine, cipher)
    ticket = store.open_ticket("chat", "demo", choose_specialist("asked"), handoff_data["summary"], [],
                               {"name": handoff_data["name"], "phone": handoff_data["phone"]}, now=now)
    store.add_message(ticket.id, "person", "Haverford-Smythe", now=now)
    engine.dispose()
    for file in tmp_path.glob("app.db*"):
        data = file.read_bytes()
        for secret in (handoff_data["name"], handoff_data["phone"], "PIP money", "Haverford"):
            assert secret.encode() not in data, (file.name, secret)


def test_erasing_a_chat_deletes_what_its_tickets_hold_and_stops_its_call_back(tickets, open_chat, make_specialist,
                                                                             now, handoff_data):
    live = open_chat(conversation="chat-to-erase")
    sam = make_specialist()
    tickets.claim(sam, live.id, now=now)
    tickets.add_message(live.id, "person", "My landlord is Mr Haverford-Smythe", now=now)
    tickets.add_note(sam, live.id, "Knows Mr Haverford-Smythe", now=now)
    callback = tickets.request_callback("chat-to-erase", "demo", choose_specialist("asked"), "summary", [],
                                        "07700 900999", now + MINUTE * 90, now=now)
    other = open_chat(conversation="another-chat")
    [exported_live, exported_callback] = tickets.export_conversation("chat-to-erase")
    assert exported_live["contact"] == {"name": handoff_data["name"], "phone": handoff_data["phone"]}
    assert [m["text"] for m in exported_live["messages"]] == ["My landlord is Mr Haverford-Smythe"]
    assert [n["text"] for n in exported_live["notes"]] == ["Knows Mr Haverford-Smythe"]
    assert exported_callback["contact"] == {"phone": "07700 900999"}

    assert sorted(tickets.erase_conversation("chat-to-erase", now=now)) == sorted([live.id, callback.id])
    for held in tickets.export_conversation("chat-to-erase"):
        assert (held["summary"], held["transcript"], held["contact"], held["messages"], held["notes"]) == \
               ("", [], {}, [], []) and held["status"] == "closed"
    assert raw_rows(tickets, "delivery_outbox") == [], "the call back is not sent"
    assert tickets.open_ticket_for("chat-to-erase") is None
    assert tickets.detail(other.id).contact["name"] == handoff_data["name"], "another chat is untouched"
    assert tickets.erase_conversation("chat-to-erase", now=now) == [], "nothing left to erase"
    assert [e.event for e in tickets.audit_events(live.id)][-1] == "erased"


def test_retention_erases_finished_tickets_and_keeps_those_in_the_queue(tickets, open_chat, make_specialist, now):
    sam = make_specialist()
    finished = open_chat(conversation="old-and-finished")
    tickets.claim(sam, finished.id, now=now)
    tickets.close(sam, finished.id, now=now)
    waiting = open_chat(conversation="old-and-waiting")
    assert tickets.apply_retention(30, now=now + dt.timedelta(days=29)) == []
    assert tickets.apply_retention(30, now=now + dt.timedelta(days=31)) == [finished.id]
    assert tickets.detail(finished.id).summary == "" and tickets.detail(waiting.id).summary != ""
    with pytest.raises(ValueError):
        tickets.apply_retention(0)


def test_a_process_with_only_the_handoff_loaded_can_save_a_call_back(tmp_path):
    # The outbox row points at the referrals' table too; handoff never imports referrals, so upgrade()
    # must make every table known.
    script = """
import datetime as dt, sys
from cryptography.fernet import Fernet
from bot.handoff import choose_specialist
from bot.handoff.tickets import TicketStore
from bot.storage.crypto import Cipher
from bot.storage.db import make_engine, upgrade
assert "bot.referrals.models" not in sys.modules
engine = make_engine(sys.argv[1])
upgrade(engine)
ticket = TicketStore(engine, Cipher([Fernet.generate_key().decode()])).request_callback(
    "chat", "demo", choose_specialist("asked"), "", [], "07700 900461",
    dt.datetime(2030, 1, 2, 10, tzinfo=dt.timezone.utc))
print(ticket.status)
"""
    done = subprocess.run([sys.executable, "-c", script, f"sqlite:///{tmp_path / 'app.db'}"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.stdout.strip() == "callback_requested", done.stderr
