"""The gateway's crisis check on every message, timed beside the check as it was before it learned the kinds
of crisis (BASELINE), in the same run, on the same messages, written to bench/crisis-check.md.

`.venvs/app/bin/python -m bench.crisis_check` (about a minute; `make bench` runs it too). The baseline's
bot/ is taken from git into a temporary folder. Each side runs in a process of its own that first warms up
(patterns built, classifier learned), then times every message; the sides take turns, ROUNDS times, and
the timings are pooled. Messages: every example in data/nlu and data/safety, ordinary and crisis alike.
The check meets when the current p95 is at most LIMIT times the baseline's.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bot.config import ROOT
from bot.safety.classifier import training_examples

BASELINE = "278c36a"  # main before crisis help by kind (issue 23)
ROUNDS = 3
LIMIT = 1.5
RESULTS = ROOT / "bench" / "crisis-check.md"
TIMER = """
import json, sys, time
from bot.safety import detect_crisis
messages = json.load(sys.stdin)
for message in messages:
    detect_crisis(message)
times = []
for message in messages:
    start = time.perf_counter()
    detect_crisis(message)
    times.append(time.perf_counter() - start)
print(json.dumps(times))
"""


def baseline_tree(folder: Path) -> Path:
    """The baseline's bot/ and data/knowledge/ from git, in `folder`."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", BASELINE, "bot", "data/knowledge"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def timings(tree: Path, messages: list[str]) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run([sys.executable, "-c", TIMER], input=json.dumps(messages), capture_output=True,
                          text=True, check=True, env=env, cwd=tree)
    return json.loads(done.stdout)


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100)[round(share * 100) - 1]


def main() -> int:
    messages = [text for text, _ in training_examples()]
    pooled: dict[str, list[float]] = {"baseline": [], "current": []}
    with tempfile.TemporaryDirectory() as folder:
        trees = {"baseline": baseline_tree(Path(folder)), "current": ROOT}
        for round_number in range(ROUNDS):
            for side, tree in trees.items():
                print(f"round {round_number + 1} of {ROUNDS}: {side}", file=sys.stderr)
                pooled[side] += timings(tree, messages)
    p = {side: (percentile(t, 0.50), percentile(t, 0.95)) for side, t in pooled.items()}
    ratio = p["current"][1] / p["baseline"][1]
    meets = ratio <= LIMIT
    lines = [
        "# The crisis check on every message",
        "",
        f"Made by `python -m bench.crisis_check`: {len(messages)} messages (data/nlu and data/safety), "
        f"{ROUNDS} rounds each side, taking turns. Baseline: the check at {BASELINE}.",
        "",
        "| check | p50 | p95 |",
        "|---|---:|---:|",
        *(f"| {side} | {p50 * 1000:.2f} ms | {p95 * 1000:.2f} ms |" for side, (p50, p95) in p.items()),
        "",
        f"p95 now over the baseline's: **{ratio:.2f}** (at most {LIMIT}): {'meets' if meets else 'DOES NOT MEET'}.",
        "",
    ]
    RESULTS.write_text("\n".join(lines))
    print("\n".join(lines))
    return 0 if meets else 1


if __name__ == "__main__":
    sys.exit(main())
