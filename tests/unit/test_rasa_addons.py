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
