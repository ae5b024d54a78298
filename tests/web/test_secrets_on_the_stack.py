"""The whole stack as `make run` starts it (the `stack` fixture uses bot/stack.py, as `make run` does): files
under var/ are private, no command line holds a secret, and no process holds a secret it does not use."""
from __future__ import annotations

import os
import stat
from pathlib import Path

from bot.config import encryption_keys


def _processes_of(stack) -> dict[str, list[int]]:
    """Each started process with every worker it started: they share its session (bot/stack.py)."""
    found: dict[str, list[int]] = {name: [] for name in stack.processes}
    sessions = {p.pid: name for name, p in stack.processes.items()}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                session = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[3])  # state, ppid, group, session
            except (FileNotFoundError, ProcessLookupError, IndexError):
                continue
            if session in sessions:
                found[sessions[session]].append(int(entry.name))
    return found


def _environment(pid: int) -> dict[str, str]:
    pairs = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(pair.decode(errors="replace").split("=", 1) for pair in pairs if b"=" in pair)


def test_var_is_private_and_no_command_line_or_unneeded_environment_holds_a_secret(stack, new_chat):
    new_chat().say("hello")  # so Rasa's tracker and lock files and the app database exist
    var = stack.settings.var_dir
    assert stat.S_IMODE(var.stat().st_mode) == 0o700
    for path in var.rglob("*"):
        mode = stat.S_IMODE(path.lstat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), f"{path} is {oct(mode)}"

    token, key = stack.settings.rasa_token, encryption_keys(var)
    webhook_secret = os.environ["NORTHBANK_SAMPLE_WEBHOOK_SECRET"]
    processes = _processes_of(stack)
    assert all(processes.values()), processes
    for name, pids in processes.items():
        for pid in pids:
            command_line = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
            assert token not in command_line and key not in command_line, f"a secret on {name}'s command line"
            environment = "\0".join(f"{k}={v}" for k, v in _environment(pid).items())
            assert webhook_secret in environment if name == "gateway" else webhook_secret not in environment, name
            assert (token in environment) == (name == "gateway"), f"only the gateway calls Rasa's API ({name})"
