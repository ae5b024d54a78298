"""The specialist accounts command line: add and disable, the password from the environment or asked twice."""
from __future__ import annotations

import getpass
import os
import subprocess
import sys

from bot.config import ROOT
from bot.handoff.cli import main
from bot.accounts.store import AccountStore
from bot.storage.db import make_engine

PASSWORD = "a long enough password"
ADD = ["add-specialist", "--partner", "demo", "--username", "sam", "--display-name", "Sam Okafor"]


def test_add_with_the_password_from_the_environment(accounts, monkeypatch, capsys):
    monkeypatch.setenv("SPECIALIST_PASSWORD", PASSWORD)
    assert main(ADD, accounts) == 0
    assert "Added Sam Okafor (sam) to the Demo Partner team" in capsys.readouterr().out
    assert accounts.sign_in("sam", PASSWORD) is not None


def test_add_asks_for_the_password_twice(accounts, monkeypatch, capsys):
    monkeypatch.delenv("SPECIALIST_PASSWORD", raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    typed = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr(getpass, "getpass", lambda prompt: next(typed))
    assert main(ADD, accounts) == 0
    assert accounts.sign_in("sam", PASSWORD) is not None

    typed = iter([PASSWORD, PASSWORD + "?"])
    assert main(ADD[:-3] + ["alex", "--display-name", "Alex"], accounts) == 1
    assert "not the same" in capsys.readouterr().err
    assert accounts.sign_in("alex", PASSWORD) is None


def test_an_unknown_partner_a_short_password_or_a_taken_name_is_refused(accounts, monkeypatch, capsys):
    monkeypatch.setenv("SPECIALIST_PASSWORD", PASSWORD)
    assert main(["add-specialist", "--partner", "nobody", "--username", "x1", "--display-name", "X"], accounts) == 1
    assert "no partner 'nobody'" in capsys.readouterr().err
    monkeypatch.setenv("SPECIALIST_PASSWORD", "too short")
    assert main(ADD, accounts) == 1
    assert "at least 12 characters" in capsys.readouterr().err
    monkeypatch.setenv("SPECIALIST_PASSWORD", PASSWORD)
    assert main(ADD, accounts) == 0 and main(ADD, accounts) == 1
    assert "taken" in capsys.readouterr().err


def test_disable(accounts, monkeypatch, capsys):
    monkeypatch.setenv("SPECIALIST_PASSWORD", PASSWORD)
    main(ADD, accounts)
    token, _ = accounts.sign_in("sam", PASSWORD)
    assert main(["disable-specialist", "--username", "sam"], accounts) == 0
    assert accounts.specialist_for_session(token) is None and accounts.sign_in("sam", PASSWORD) is None
    assert main(["disable-specialist", "--username", "sam"], accounts) == 1


def test_the_module_runs_on_its_own(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "APP_ENCRYPTION_KEY")}
    result = subprocess.run([sys.executable, "-m", "bot.handoff.cli", *ADD], cwd=ROOT, capture_output=True,
                            text=True, env={**env, "VAR_DIR": str(tmp_path), "SPECIALIST_PASSWORD": PASSWORD})
    assert result.returncode == 0, result.stderr
    store = AccountStore(make_engine(f"sqlite:///{tmp_path / 'app.db'}"))
    assert store.sign_in("sam", PASSWORD) is not None


def test_no_terminal_for_the_password_is_a_plain_message_not_a_traceback(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "APP_ENCRYPTION_KEY", "SPECIALIST_PASSWORD")}
    result = subprocess.run([sys.executable, "-m", "bot.handoff.cli", *ADD], cwd=ROOT, capture_output=True,
                            text=True, stdin=subprocess.DEVNULL, env={**env, "VAR_DIR": str(tmp_path)},
                            start_new_session=True)  # no terminal to fall back on, as under cron or CI
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Warning" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "There is no terminal to type the password in. Set SPECIALIST_PASSWORD and run it again. Nothing was changed."]
    again = subprocess.run([sys.executable, "-m", "bot.handoff.cli", *ADD], cwd=ROOT, capture_output=True, text=True,
                           env={**env, "VAR_DIR": str(tmp_path), "SPECIALIST_PASSWORD": PASSWORD})
    assert again.returncode == 0, again.stderr  # the name was not taken by the run that failed


def test_the_password_prompt_ended_early_is_a_plain_message(accounts, monkeypatch, capsys):
    monkeypatch.delenv("SPECIALIST_PASSWORD", raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)  # as if typed at a terminal, then Ctrl-D

    def ended(prompt):
        raise EOFError

    monkeypatch.setattr(getpass, "getpass", ended)
    assert main(ADD, accounts) == 1
    assert capsys.readouterr().err.strip() == "No password was typed. Nothing was changed."
    assert accounts.sign_in("sam", PASSWORD) is None
