"""The README's run command: starts everything without training again, serves the demo page, stops every
process on Ctrl-C, even pressed twice, and says plainly when a port it needs is taken."""
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from bot.config import ROOT
from bot.training import train_if_needed

pytestmark = pytest.mark.stack
RUN = [sys.executable, "-m", "bot.cli", "run"]


def run_environment(tmp_path, rasa_port: int, action_port: int, gateway_port: int) -> dict[str, str]:
    env = dict(os.environ, VAR_DIR=str(tmp_path), RASA_PORT=str(rasa_port), ACTION_PORT=str(action_port),
               GATEWAY_PORT=str(gateway_port))
    env.pop("RASA_URL", None)
    return env


def read_until(run: subprocess.Popen, text: str, seconds: float) -> str:
    """What the command printed, up to the line holding `text` (or its end, or `seconds`)."""
    lines, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = run.stdout.readline()
        lines.append(line)
        if text in line or not line:
            break
    return "".join(lines)


def left_running(env: dict[str, str]) -> str:
    return subprocess.run(["pgrep", "-af", f"--port {env['RASA_PORT']}|--port {env['ACTION_PORT']}"],
                          capture_output=True, text=True).stdout


def test_run_starts_without_training_and_stops_cleanly_on_ctrl_c_even_pressed_twice(isolated_settings, tmp_path,
                                                                                     free_port):
    train_if_needed(isolated_settings)  # as the first run does; the run under test must then not train
    env = run_environment(tmp_path, free_port(), free_port(), free_port())
    run = subprocess.Popen(RUN, cwd=ROOT, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        output = read_until(run, "Open the demo page:", 240)
        assert "The model is up to date" in output and "Training" not in output, output
        address = output.split("Open the demo page: ")[1].split()[0]
        with urllib.request.urlopen(address) as page:
            assert 'src="/widget.js"' in page.read().decode()
    finally:
        run.send_signal(signal.SIGINT)
        stopping = read_until(run, "Stopping...", 30)
        run.send_signal(signal.SIGINT)  # pressed again while stopping, as someone in a hurry does
        rest, _ = run.communicate(timeout=90)
    assert "Stopping..." in stopping, stopping
    assert run.returncode == 0, rest
    assert "Stopped." in rest
    assert left_running(env) == "", "a process was left running"


def test_run_says_plainly_when_a_port_is_taken_and_starts_nothing(isolated_settings, tmp_path, free_port):
    train_if_needed(isolated_settings)
    with socket.socket() as other_program:
        other_program.bind(("127.0.0.1", 0))
        other_program.listen()
        taken = other_program.getsockname()[1]
        env = run_environment(tmp_path, taken, free_port(), free_port())
        result = subprocess.run(RUN, cwd=ROOT, env=env, text=True, capture_output=True, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert (f"Port {taken} is in use by another program, so the rasa process cannot start. "
            "Stop that program, or choose another port with RASA_PORT.") in result.stderr
    assert "Starting" not in result.stdout
    assert left_running(env) == ""
