"""Each process's log (bot/stack.py) has a size cap, so a flood of log lines cannot fill the disk."""
from __future__ import annotations

import subprocess
import sys
import threading

from bot.stack import RotatingLog

FLOOD = "import sys\nfor n in range(5000): sys.stdout.write(f'line {n:05} ' + 'x' * 88 + chr(10))\nprint('x' * 200_000)"


def test_log_files_rotate_with_a_size_cap(tmp_path):
    path = tmp_path / "gateway.log"
    process = subprocess.Popen([sys.executable, "-c", FLOOD], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    copy = threading.Thread(target=RotatingLog(path, max_bytes=50_000, backups=2).copy_until_closed,
                            args=(process.stdout,))
    copy.start()
    process.wait()
    copy.join(10)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gateway.log", "gateway.log.1", "gateway.log.2"]
    assert all(p.stat().st_size <= 50_000 for p in tmp_path.iterdir()), "about 700 KB came; at most 150 KB is kept"
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in tmp_path.iterdir())
    assert (tmp_path / "gateway.log").read_bytes() == b"x" * 50_000, "a line longer than the cap is cut"
    assert (tmp_path / "gateway.log.1").read_text().endswith("line 04999 " + "x" * 88 + "\n")
