"""Starts the assistant's three processes, waits until each is healthy, and stops them cleanly.

Used by `make run` and by the tests that need the real servers, so both start them the same way.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from bot.config import Settings
from bot.knowledge.providers import load_providers
from bot.training import rasa_bin

START_TIMEOUT_SECONDS = 180
LOG_MAX_BYTES = 10 * 1024 * 1024  # each process's log, then it moves to NAME.log.1 and so on
LOG_BACKUPS = 3


class RotatingLog:
    """A log file with a size cap: when the next line would take it past max_bytes, NAME.log becomes
    NAME.log.1 (and .1 becomes .2, up to `backups`; the oldest goes), so a flood can fill at most
    (backups + 1) * max_bytes. Lines longer than max_bytes are cut. Files are private to the service's user."""

    def __init__(self, path: Path, max_bytes: int = LOG_MAX_BYTES, backups: int = LOG_BACKUPS):
        self.path, self.max_bytes, self.backups = path, max_bytes, backups
        self._file = self._open()

    def _open(self):
        return os.fdopen(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "ab", buffering=0)

    def write(self, line: bytes) -> None:
        line = line[:self.max_bytes]
        if self._file.tell() + len(line) > self.max_bytes:
            self._file.close()
            for n in range(self.backups - 1, 0, -1):
                older = self.path.with_name(f"{self.path.name}.{n}")
                if older.exists():
                    older.replace(self.path.with_name(f"{self.path.name}.{n + 1}"))
            if self.backups:
                self.path.replace(self.path.with_name(f"{self.path.name}.1"))
            else:
                self.path.unlink()
            self._file = self._open()
        self._file.write(line)

    def copy_until_closed(self, stream) -> None:
        """Writes each line from stream (a process's output) until the process and its workers close it."""
        with stream, self._file:
            for line in iter(stream.readline, b""):
                self.write(line)


class StartError(RuntimeError):
    pass


class Stack:
    def __init__(self, settings: Settings, model: Path):
        self.settings = settings
        self.model = model
        self.log_dir = settings.var_dir / "log"
        self.log_dir.mkdir(parents=True, exist_ok=True)
        make_private(settings.var_dir)
        # Named in providers.yml: only the gateway, which delivers, is given them.
        self.webhook_secrets = {p.delivery.secret_env for p in load_providers().providers.values()
                                if p.delivery.secret_env}
        self.processes: dict[str, subprocess.Popen] = {}
        self._log_copies: dict[str, threading.Thread] = {}

    def _commands(self) -> dict[str, tuple[list[str], dict[str, str], str]]:
        """Each process's command line, environment and health check. No secret is on a command line (every
        user can read those); each environment holds only the secrets that process uses."""
        s, webhook_secrets = self.settings, self.webhook_secrets
        rasa_server_env = {name: value for name, value in s.rasa_server_env().items() if name not in webhook_secrets}
        return {
            "rasa": (
                # Rasa reads its API token from a private file (rasa_addons/serve.py).
                [str(rasa_bin(s).with_name("python")), "-m", "rasa_addons.serve", str(s.rasa_token_file),
                 "run", "--model", str(self.model), "--enable-api",
                 "--interface", "127.0.0.1", "--port", str(s.rasa_port),
                 "--endpoints", s.rasa_endpoints, "--credentials", "credentials.yml"],
                rasa_server_env,
                f"http://127.0.0.1:{s.rasa_port}/webhooks/rest/",
            ),
            "actions": (  # the app database only: no call to Rasa's API, no delivery
                [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(s.action_port)],
                dict(s.app_env(unused_secrets={"RASA_TOKEN", "SMTP_PASSWORD", "SPECIALIST_PASSWORD", *webhook_secrets}),
                     SANIC_HOST="127.0.0.1"),
                f"http://127.0.0.1:{s.action_port}/health",
            ),
            "gateway": (  # Rasa's API, delivery by webhook and email
                [sys.executable, "-m", "bot.web"],
                dict(s.app_env(unused_secrets={"SPECIALIST_PASSWORD"}), RASA_TOKEN=s.rasa_token),
                f"{s.gateway_url}/healthz",
            ),
        }

    def start(self, name: str) -> None:
        command, env, _ = self._commands()[name]
        # A session of its own, so Ctrl-C reaches only the supervisor, which then stops each child in turn.
        # Its output comes here, into a log with a size cap, so no flood can fill the disk.
        process = self.processes[name] = subprocess.Popen(
            command, cwd=self.settings.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
            umask=0o077,  # what it writes under var/ (databases, their journals, secrets) is its user's alone
        )
        log = RotatingLog(self.log_dir / f"{name}.log")
        copy = self._log_copies[name] = threading.Thread(target=log.copy_until_closed, args=(process.stdout,),
                                                          name=f"{name}-log", daemon=True)
        copy.start()

    def wait_healthy(self, name: str, timeout: float = START_TIMEOUT_SECONDS) -> None:
        _, _, url = self._commands()[name]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            process = self.processes.get(name)
            if process is not None and process.poll() is not None:
                raise StartError(f"The {name} process stopped while starting. See {self.log_dir / (name + '.log')}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.5)
        raise StartError(f"The {name} process did not become healthy within {timeout:.0f} seconds ({url}).")

    def start_all(self, report=print) -> None:
        self._refuse_ports_in_use()
        for name in ("actions", "rasa", "gateway"):
            report(f"Starting {name}...")
            self.start(name)
        for name in ("actions", "rasa", "gateway"):
            self.wait_healthy(name)
            report(f"  {name} is ready")

    def _refuse_ports_in_use(self) -> None:
        """Another program on one of the ports would answer the health check in place of the process that
        cannot start there (an assistant left running, say): say so plainly instead."""
        s = self.settings
        for name, host, port, variable in (("actions", "127.0.0.1", s.action_port, "ACTION_PORT"),
                                           ("rasa", "127.0.0.1", s.rasa_port, "RASA_PORT"),
                                           ("gateway", s.gateway_host, s.gateway_port, "GATEWAY_PORT")):
            if not _port_is_free(host, port):
                raise StartError(f"Port {port} is in use by another program, so the {name} process cannot start. "
                                 f"Stop that program, or choose another port with {variable}.")

    def stop(self, name: str, timeout: float = 15) -> None:
        process = self.processes.pop(name, None)
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
        _kill_group(process)  # a worker still starting when its parent stopped would be left behind
        self._finish_log(name)

    def kill(self, name: str) -> None:
        """Kills a process and its workers without warning, as a crash would."""
        _kill_group(self.processes.pop(name))
        self._finish_log(name)

    def _finish_log(self, name: str) -> None:
        """Waits for the last lines of a stopped process to reach its log."""
        copy = self._log_copies.pop(name, None)
        if copy is not None:
            copy.join(5)

    def stop_all(self) -> None:
        for name in ("gateway", "rasa", "actions"):
            self.stop(name)


def make_private(folder: Path) -> None:
    """folder and everything under it for the service's user alone (folders 0700, files 0600), whatever the
    umask was when they were made: chat ids, chats and secrets are kept there."""
    folder.chmod(0o700)
    for path in folder.rglob("*"):
        if not path.is_symlink():
            path.chmod(0o700 if path.is_dir() else 0o600)


def _port_is_free(host: str, port: int) -> bool:
    family, kind, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    with socket.socket(family, kind) as probe:
        # As the servers bind, so connections closed a moment ago do not count.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError:
            return False
    return True


def _kill_group(process: subprocess.Popen) -> None:
    """Kills the process and any workers it started: it has a session of its own (start()), so its group."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:  # the whole group has ended already
        pass
    process.wait()
