"""Starts `rasa run` with its HTTP API token read from a private file, never from the command line.

`python -m rasa_addons.serve TOKEN_FILE run --model ...`. A process's command line is readable by every user
of the machine (/proc/PID/cmdline), so `--auth-token=...` there would give anyone the whole of every chat
through Rasa's API. The file's path is on the command line; the token is added to Rasa's own arguments inside
this process, which does not change what /proc shows. Rasa 3.6 has no other way to take the token.
"""
from __future__ import annotations

import stat
import sys
from pathlib import Path


def token_from(path: Path) -> str:
    """The token in path, which only its owner may read or write."""
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        raise SystemExit(f"{path} holds Rasa's API token: make it private to its owner (chmod 600)")
    token = path.read_text().strip()
    if not token:
        raise SystemExit(f"{path} holds no token")
    return token


def main(arguments: list[str]) -> None:
    token_file, *rasa_arguments = arguments
    sys.argv = ["rasa", *rasa_arguments, f"--auth-token={token_from(Path(token_file))}"]  # "=": it may start with "-"
    from rasa.__main__ import main as rasa_main  # after sys.argv is set: Rasa reads it as it starts

    rasa_main()


if __name__ == "__main__":
    main(sys.argv[1:])
