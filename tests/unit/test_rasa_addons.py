"""Code that runs inside the Rasa server (rasa_addons/), run in the Rasa environment as Rasa runs it."""
import subprocess
import textwrap

from bot.config import ROOT

RASA_PYTHON = ROOT / ".venvs" / "rasa" / "bin" / "python"


def run_in_rasa(script: str, *args: str) -> str:
    result = subprocess.run([str(RASA_PYTHON), "-c", textwrap.dedent(script), *args], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


# Each process takes the chat's lock 25 times and, holding it, adds 1 to a number in a file, slowly.
# Without a lock the processes share, they read the same number and some of the additions are lost.
WORKERS = """
    import asyncio, multiprocessing, sys, time
    from pathlib import Path
    from rasa.utils.endpoints import EndpointConfig
    from rasa_addons.sqlite_lock_store import SQLiteLockStore

    folder = Path(sys.argv[1])
    counter = folder / "counter"

    async def add_ones(store):
        for _ in range(25):
            async with store.lock("chat-1", wait_time_in_seconds=0.005):
                number = int(counter.read_text())
                time.sleep(0.002)
                counter.write_text(str(number + 1))

    def worker():
        asyncio.run(add_ones(SQLiteLockStore(EndpointConfig(db=str(folder / "locks.db")))))

    if __name__ == "__main__":
        counter.write_text("0")
        processes = [multiprocessing.Process(target=worker) for _ in range(3)]
        for p in processes:
            p.start()
        for p in processes:
            p.join(60)
        store = SQLiteLockStore(EndpointConfig(db=str(folder / "locks.db")))
        print(counter.read_text(), [p.exitcode for p in processes], store.get_lock("chat-1"))
"""


def test_rasa_workers_in_separate_processes_never_hold_one_chat_at_once(tmp_path):
    # Every addition counted, every process ended well, and no lock left behind once all were done.
    assert run_in_rasa(WORKERS, str(tmp_path)).split() == ["75", "[0,", "0,", "0]", "None"]


REPLIES = """
    import rasa_addons
    from jsonschema import ValidationError
    from rasa.core.actions.action import RemoteAction

    action = RemoteAction("action_x", None)
    print(action._validate_action_result({"events": [{"event": "slot", "name": "a", "value": 1}],
                                          "responses": [{"text": "Hello"}]}))
    try:
        action._validate_action_result({"events": [{"event": "slot", "name": 3}], "responses": "Hello"})
    except ValidationError as error:
        print("refused:", error.message)
"""


def test_action_server_replies_are_still_checked_against_rasas_schema():
    accepted, refused = run_in_rasa(REPLIES).splitlines()[-2:]
    assert accepted == "True"
    assert refused.startswith("refused: 'Hello' is not of type 'array'. Failed to validate Action server response")


# The chat store as a Rasa worker uses it: a chat read, added to and saved, saved again with nothing new,
# a chat put together elsewhere (so its stored events must be counted) saved with one more event, and an
# empty chat started in place of one that could not be read, which must not be written over it.
CHATS = """
    import asyncio, json, os, sqlite3, sys
    from cryptography.fernet import Fernet
    os.environ["APP_ENCRYPTION_KEY"] = Fernet.generate_key().decode()
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa_addons.encrypted_tracker_store import EncryptedSQLTrackerStore

    domain = Domain.from_yaml('''
    version: "3.1"
    intents: [greet]
    slots:
      name: {type: text, mappings: [{type: custom}]}
    responses:
      utter_hi: [{text: Hello}]
    ''')

    async def main(db):
        store = EncryptedSQLTrackerStore(domain, dialect="sqlite", db=db)
        chat = await store.get_or_create_tracker("chat-1")
        chat.update(UserUttered("hello", {"name": "greet", "confidence": 1.0}))
        chat.update(ActionExecuted("utter_hi"))
        await store.save(chat)
        chat = await store.retrieve("chat-1")
        chat.update(SlotSet("name", "Robin"))
        await store.save(chat)
        await store.save(chat)
        stored = await store.retrieve("chat-1")
        elsewhere = DialogueStateTracker.from_events("chat-1", [*stored.events, ActionExecuted("action_listen")],
                                                     domain.slots)
        await store.save(elsewhere)
        # What Rasa does when the database could not be read: an empty chat in its place, saved twice.
        empty = await store.create_tracker("chat-1")
        empty.update(UserUttered("send", {"name": "greet", "confidence": 1.0}))
        await store.save(empty)
        chat = await store.retrieve("chat-1")
        print(json.dumps([event.as_dict()["event"] for event in chat.events]), chat.get_slot("name"))
        rows = sqlite3.connect(db).execute("SELECT data, intent_name FROM events ORDER BY id").fetchall()
        print(len(rows), all(data.startswith("gAAAA") for data, _ in rows),
              sum(intent is not None for _, intent in rows))

    asyncio.run(main(sys.argv[1]))
"""


def test_the_chat_store_saves_each_event_once_and_encrypted(tmp_path):
    events, rows = run_in_rasa(CHATS, str(tmp_path / "chats.db")).splitlines()[-2:]
    assert events == '["action", "user", "action", "slot", "action"] Robin'
    assert rows == "5 True 1"  # five rows, every one encrypted, the intent kept with the person's message


def test_sentence_vectors_are_those_sentence_transformers_gives():
    # tests/unit/data/minilm_reference.json: the same sentences through sentence-transformers and PyTorch.
    out = run_in_rasa("""
        import json, numpy as np
        from rasa_addons.sentence_vectors import sentence_vectors
        reference = json.load(open("tests/unit/data/minilm_reference.json"))
        vectors = sentence_vectors(reference["texts"])
        print(float(np.abs(vectors - np.array(reference["vectors"])).max()), vectors.shape[0])
    """)
    largest_difference, count = out.split()
    assert float(largest_difference) < 1e-5 and int(count) == 4


def test_rasas_token_is_read_only_from_a_file_private_to_its_owner(tmp_path):
    path = tmp_path / "rasa-token"
    path.write_text("s3cret-token\n")
    script = """
        import sys
        from pathlib import Path
        from rasa_addons.serve import token_from
        try:
            token_from(Path(sys.argv[1]))
        except SystemExit as refused:
            print(refused)
        else:
            print(token_from(Path(sys.argv[1])))
    """
    path.chmod(0o644)
    assert "make it private to its owner (chmod 600)" in run_in_rasa(script, str(path))
    path.chmod(0o600)
    assert run_in_rasa(script, str(path)).strip() == "s3cret-token"
