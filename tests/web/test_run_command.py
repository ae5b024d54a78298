"""The README's run command: starts everything without training again, serves the demo page, and stops
every process on Ctrl-C."""
import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from bot.config import ROOT
from bot.training import train_if_needed

pytestmark = pytest.mark.stack


def test_run_starts_without_training_and_stops_cleanly_on_ctrl_c(isolated_settings, tmp_path, free_port):
    train_if_needed(isolated_settings)  # as the first run does; the run under test must then not train
    env = dict(os.environ, VAR_DIR=str(tmp_path), RASA_PORT=str(free_port()), ACTION_PORT=str(free_port()),
               GATEWAY_PORT=str(free_port()))
    env.pop("RASA_URL", None)
    run = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=ROOT, env=env, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines = []
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            line = run.stdout.readline()
            lines.append(line)
            if "Open the demo page:" in line or not line:
                break
        output = "".join(lines)
        assert "The model is up to date" in output and "Training" not in output, output
        address = output.split("Open the demo page: ")[1].split()[0]
        with urllib.request.urlopen(address) as page:
            assert 'src="/widget.js"' in page.read().decode()
    finally:
        run.send_signal(signal.SIGINT)
        rest, _ = run.communicate(timeout=60)
    assert run.returncode == 0
    assert "Stopped." in rest
    children = subprocess.run(["pgrep", "-f", f"--port {env['RASA_PORT']}|--port {env['ACTION_PORT']}"],
                              capture_output=True, text=True)
    assert children.stdout == "", "a process was left running"
