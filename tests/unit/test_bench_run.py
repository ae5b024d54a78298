"""The bench's own reliability: reading memory while processes come and go, and keeping each part's results."""
from __future__ import annotations

import os
import subprocess
import sys
import time

from bench.load import Timings
from bench.run import OURS_DIRECT, PACED_LEVELS, Measured, checks, memory_mib, report


def test_memory_is_read_tolerantly_of_a_process_that_has_exited():
    # An exited child that is not yet reaped is still listed by pgrep, but reading its memory gives
    # ProcessLookupError: as when a worker ended between being listed and being read.
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        while not open(f"/proc/{child.pid}/stat").read().split(") ")[1].startswith("Z"):
            time.sleep(0.05)
        assert memory_mib(child.pid) == 0
        assert memory_mib(os.getpid()) > 0  # this process, with the exited child among its children
    finally:
        child.wait()
    assert memory_mib(child.pid) == 0  # reaped: its /proc entry is gone (FileNotFoundError)


def test_the_results_page_is_written_from_whatever_parts_are_measured_so_far():
    nothing = report(Measured(), seconds=10, workers="2")
    assert nothing.count("Not measured: the run stopped before this part") == 5  # latency, capacity,
    # referrals, memory, training; the scale part says why it is missing in its own words
    timings = Timings(latencies=[0.1, 0.2], seconds=1.0)
    latency = {(name, level): [timings] for name in ("gateway", OURS_DIRECT) for level in PACED_LEVELS}
    trained = Measured(train_seconds=(120.0, 60.0), latency=latency)
    page = report(trained, seconds=10, workers="2")
    assert "| this assistant | 120 |" in page and "| 50 | gateway | 2 |" in page
    assert page.count("Not measured: the run stopped before this part") == 3
    assert ("No message to this assistant failed in the latency runs", True) in checks(trained)
