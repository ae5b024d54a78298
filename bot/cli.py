"""Command line for the assistant: `python -m bot.cli run | train | validate | test-stories | nlu-report`."""
from __future__ import annotations

import argparse
import signal
import sys
import time

from bot.config import load_settings
from bot.stack import Stack, StartError
from bot.training import nlu_report, test_stories, train_if_needed, validate


def _ignore_interrupts() -> None:
    # Once stopping has begun, a second Ctrl-C would break it off and leave processes running, holding
    # their ports. Stopping is bounded: each process has 15 seconds, then it is killed.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _interrupt(*_) -> None:
    _ignore_interrupts()
    raise KeyboardInterrupt


def run() -> None:
    settings = load_settings()
    model = train_if_needed(settings)
    stack = Stack(settings, model)
    # Stop cleanly on Ctrl-C and on SIGTERM alike; SIGINT is set too, because a shell starting this
    # in the background would otherwise leave it ignored.
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    exit_code = 1
    try:
        started = time.monotonic()
        stack.start_all()
        print(f"\nThe assistant is ready after {time.monotonic() - started:.0f} seconds.")
        print(f"Open the demo page: {settings.gateway_url}/")
        print(f"Logs are in {stack.log_dir}. Press Ctrl-C to stop.\n", flush=True)
        while all(p.poll() is None for p in stack.processes.values()):
            time.sleep(1)
        stopped = [name for name, p in stack.processes.items() if p.poll() is not None]
        print(f"The {', '.join(stopped)} process stopped. See its log in {stack.log_dir}. Stopping the rest.")
    except StartError as error:
        print(error, file=sys.stderr)
    except KeyboardInterrupt:
        print("\nStopping...", flush=True)
        exit_code = 0
    finally:
        _ignore_interrupts()
        stack.stop_all()
        print("Stopped.")
    sys.exit(exit_code)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.cli")
    parser.add_argument("command", choices=["run", "train", "validate", "test-stories", "nlu-report"])
    command = parser.parse_args().command
    settings = load_settings()
    if command == "run":
        run()
    elif command == "train":
        train_if_needed(settings)
    elif command == "validate":
        validate(settings)
    elif command == "test-stories":
        test_stories(settings)
    elif command == "nlu-report":
        nlu_report(settings)


if __name__ == "__main__":
    main()
