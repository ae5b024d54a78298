"""Benchmarks of the assistant against baselines measured in the same run, written to bench/results.md.

`make bench` (or `.venvs/app/bin/python -m bench.run`). It trains this assistant and the stock `rasa init`
assistant, starts both on 127.0.0.1, and measures:
- reply latency (p50, p95) at 1, 10 and 50 conversations at once, each reading for 2 seconds after every
  reply: through the gateway, at this assistant's Rasa REST channel directly, and at the stock assistant;
- the most messages a second each answers before p95 passes 1 second (closed loop, no pause);
- referrals sent a second, through the gateway and at Rasa directly;
- memory of each process, training time, and the widget's bytes beside the Rasa webchat widget's;
- the same latency again in the scale configuration (PostgreSQL, Redis, one Rasa worker a core).
All traffic stays on 127.0.0.1, and every step stops by itself after a set count or time.
"""
from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import gzip
import os
import platform
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from bench.load import Target, Timings, closed_loop, conversations_completed, gateway, paced, rasa_rest
from bot.config import ROOT, Settings
from bot.storage.db import make_engine
from bot.stack import Stack
from bot.training import TRAINING_DATA, rasa_bin

RESULTS = ROOT / "bench" / "results.md"
PARTNER = "demo"
OURS_DIRECT = "this assistant's Rasa, directly"
PACED_LEVELS = (1, 10, 50)
# How many times each level runs on each target, the targets taking turns, then pooled, so p95 rests on
# 128 replies at one conversation, 480 at ten and 2400 at fifty. Fewer, and a few slow replies from anything
# else on the machine could decide it: at fifty, one round's p95 can be three or four times another's.
PACED_ROUNDS = {1: 16, 10: 6, 50: 6}
READING_SECONDS = 2.0  # the pause after every reply, like a person reading
WARM_UP_CONVERSATIONS = 16
CLOSED_LOOP_LEVELS = (1, 2, 4, 8, 16, 32)
P95_LIMIT = 1.0  # seconds
GATEWAY_OVERHEAD_LIMIT = 1.2  # the gateway may add at most 20% to p95 over Rasa hit directly
WEBCHAT_BASELINE = "rasa-webchat@1.0.1"  # the chat widget most Rasa sites embed; its bundle is lib/index.js
# The scale configuration (docs/deploy.md) on the same machine: the real PostgreSQL and Redis servers.
SCALE_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SCALE_REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")

# What a person finding out asks this assistant: programmes, benefits (which starts a question the next
# message leaves), a word, more detail. No handoff, and no referral: that has its own measure below.
OURS_SCRIPT = ["hello", "what is Access to Work", "is it voluntary", "tell me more", "what does PIP mean",
               "can I work and keep my benefits", "what is Connect to Work", "thanks"]
STOCK_SCRIPT = ["hello", "I am feeling very sad", "yes", "are you a bot?", "great", "bye"]
# A whole self-referral, from asking to sending (as in tests/scale/test_multi_instance.py).
REFERRAL_SCRIPT = ["I want to sign up", "yes", "SW1A 1AA", '/inform{"provider":"westway_sample"}', "call me Robin",
                   "by phone", "07700 900461", '/inform{"access_need":"bsl"}', '/inform{"work_status":"out_of_work"}',
                   '/inform{"help_wanted":"cv"}', "skip", "send"]


Rounds = dict[tuple[str, int], list[Timings]]  # (target, conversations at once) -> one Timings a round


def progress(text: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {text}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed(command: list[str], cwd: Path, env: dict[str, str], log: Path) -> float:
    started = time.perf_counter()
    with log.open("wb") as out:
        result = subprocess.run(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command[:2])} failed; see {log}")
    return time.perf_counter() - started


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"A server stopped while starting ({url})")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"{url} did not answer within {timeout:.0f} seconds")


def memory_mib(pid: int) -> float:
    """Proportional set size of a process and all its children, so pages they share count once. A process
    that ends between being listed and being read holds no memory: it counts 0 (an exited process that is
    not yet reaped gives ProcessLookupError, a reaped one FileNotFoundError)."""
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    kib = 0
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except (ProcessLookupError, FileNotFoundError):
        rollup = ""
    for line in rollup.splitlines():
        if line.startswith("Pss:"):
            kib = int(line.split()[1])
    return kib / 1024 + sum(memory_mib(int(child)) for child in children)


def webchat_bytes(folder: Path) -> bytes:
    subprocess.run(["npm", "pack", WEBCHAT_BASELINE, "--silent", "--pack-destination", str(folder)],
                   check=True, capture_output=True)
    with tarfile.open(next(folder.glob("rasa-webchat-*.tgz"))) as archive:
        return archive.extractfile("package/lib/index.js").read()


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.machine())
    mem_kib = int(Path("/proc/meminfo").read_text().split()[1])
    return (f"{os.cpu_count()} cores ({cpu}), {mem_kib / 1024 ** 2:.0f} GiB memory, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def most_per_second(target: Target, script: list[str], seconds: float) -> tuple[float, int, list[str]]:
    """Raises the number of clients until p95 passes the limit: the best rate with p95 within it."""
    best, best_level, rows = 0.0, 0, []
    for level in CLOSED_LOOP_LEVELS:
        t = asyncio.run(closed_loop(target, script, level, seconds))
        rows.append(f"| {target.name} | {level} | {t.per_second:.1f} | {ms(t.percentile(95))} | {t.describe_errors()} |")
        progress(f"  {target.name}, {level} clients: {t.per_second:.1f} messages/s, p95 {ms(t.percentile(95))} ms")
        if t.percentile(95) > P95_LIMIT:
            break
        if t.per_second > best:
            best, best_level = t.per_second, level
    return best, best_level, rows


@dataclass
class Measured:
    """What has been measured so far: each part is filled in as it is done, and the report written again, so a
    run that fails late still leaves every part it finished."""

    train_seconds: tuple[float, float] | None = None  # this assistant, stock
    latency: Rounds = field(default_factory=dict)  # (target, conversations at once) -> the timings of each round
    capacity: dict[str, tuple[float, int, list[str]]] = field(default_factory=dict)  # target -> best, clients, rows
    referrals: dict[str, tuple[int, float]] = field(default_factory=dict)  # target -> referrals sent, seconds
    memory: dict[str, float] = field(default_factory=dict)  # process -> MiB
    widget: bytes | None = None  # widget.js and widget.css as served
    at_scale: Rounds | None = None  # as latency, in the scale configuration
    scale_memory: dict[str, float] | None = None
    webchat: bytes | None = None  # the baseline widget's bundle


def train(work: Path, settings: Settings) -> tuple[float, float]:
    """Trains both assistants from nothing cached, into work/: the seconds each took."""
    rasa, env = str(rasa_bin(settings)), settings.rasa_env()
    progress("Training this assistant...")
    ours = timed([rasa, "train", "--force", "--config", "config.yml", "--domain", "domain", "--data", *TRAINING_DATA,
                  "--out", str(work / "models"), "--fixed-model-name", "ours"], ROOT, env, work / "train-ours.log")
    progress("Training the stock `rasa init` assistant...")
    # What `rasa init` copies, trained the same way as ours (init itself would train it once more).
    shutil.copytree(rasa_bin(settings).parents[1] / "lib" / "python3.10" / "site-packages" / "rasa" / "cli"
                    / "initial_project", work / "stock", ignore=shutil.ignore_patterns("__pycache__"))
    stock = timed([rasa, "train", "--force", "--out", "models", "--fixed-model-name", "stock"], work / "stock", env,
                  work / "train-stock.log")
    return ours, stock


def measure(work: Path, settings: Settings, seconds: float, measured: Measured, save) -> None:
    """Serves both trained assistants and puts each load on them in turn, saving each part as it is done."""
    stack = Stack(settings, work / "models" / "ours.tar.gz")
    stock_port = free_port()
    # Served as this assistant is: the same workers, sharing chat locks in a SQLite file.
    (work / "stock" / "endpoints.yml").write_text(
        f"lock_store:\n  type: rasa_addons.sqlite_lock_store.SQLiteLockStore\n  db: {work / 'stock-locks.db'}\n")
    with (work / "stock.log").open("wb") as stock_log:
        stock = subprocess.Popen([str(rasa_bin(settings)), "run", "--model", "models/stock.tar.gz", "--interface",
                                  "127.0.0.1", "--port", str(stock_port), "--credentials", "credentials.yml",
                                  "--endpoints", "endpoints.yml"],
                                 cwd=work / "stock", env=settings.rasa_server_env(), stdout=stock_log,
                                 stderr=subprocess.STDOUT)
    try:
        progress("Starting this assistant and the stock one...")
        stack.start_all(report=progress)
        stock_url = f"http://127.0.0.1:{stock_port}"
        wait_until_up(stock_url, stock)
        through_gateway = gateway(settings.gateway_url, PARTNER)
        ours_direct = rasa_rest(OURS_DIRECT, settings.rasa_url, PARTNER)
        stock_direct = rasa_rest("stock `rasa init` assistant", stock_url)
        scripted = [(through_gateway, OURS_SCRIPT), (ours_direct, OURS_SCRIPT), (stock_direct, STOCK_SCRIPT)]
        warm_up(scripted)

        progress("Latency with people reading for 2 seconds between messages...")
        measured.latency = latency_at_each_level(scripted)
        save()

        progress("The most messages a second with p95 within 1 second (closed loop)...")
        for target, script in scripted:
            measured.capacity[target.name] = most_per_second(target, script, seconds)
            save()

        progress("Referrals sent a second (4 people at once, back to back)...")
        for target in (through_gateway, ours_direct):
            measured.referrals[target.name] = done, took = asyncio.run(conversations_completed(
                target, REFERRAL_SCRIPT, 4, 3 * seconds, lambda reply: "Your reference is" in str(reply)))
            progress(f"  {target.name}: {done} referrals in {took:.0f} s")
            save()

        measured.memory = {f"{name} (this assistant)": memory_mib(p.pid) for name, p in stack.processes.items()}
        measured.memory["Rasa server (stock `rasa init`)"] = memory_mib(stock.pid)
        measured.widget = b"".join(fetch(f"{settings.gateway_url}/{name}") for name in ("widget.js", "widget.css"))
        save()
    finally:
        stack.stop_all()
        stock.terminate()
        stock.wait(30)


def measure_at_scale(work: Path, settings: Settings) -> tuple[Rounds, dict[str, float]] | None:
    """Latency in the scale configuration on the same cores: the app database and the chats in PostgreSQL,
    chat locks in Redis, and one Rasa worker a core (SANIC_WORKERS, which Rasa allows only with a shared
    lock store). None, with the reason shown, when PostgreSQL or Redis cannot be used."""
    run_id = uuid.uuid4().hex[:10]
    databases = [f"bench_{run_id}_app", f"bench_{run_id}_chats"]
    admin = make_engine(SCALE_DATABASE_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            for name in databases:
                connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except Exception as error:
        progress(f"Not measured at scale: PostgreSQL at {SCALE_DATABASE_URL} cannot be used ({type(error).__name__})")
        return None
    base = SCALE_DATABASE_URL.rsplit("/", 1)[0]
    environment = {"DATABASE_URL": f"{base}/{databases[0]}", "TRACKER_DATABASE_URL": f"{base}/{databases[1]}",
                   "REDIS_URL": SCALE_REDIS_URL, "REDIS_KEY_PREFIX": f"bench-{run_id}",
                   "SANIC_WORKERS": str(os.cpu_count())}
    before = {name: os.environ.get(name) for name in environment}
    scaled = dataclasses.replace(settings, rasa_port=free_port(), action_port=free_port(), gateway_port=free_port())
    stack = Stack(scaled, work / "models" / "ours.tar.gz")
    try:
        progress(f"Starting this assistant at scale (PostgreSQL, Redis, {os.cpu_count()} Rasa workers)...")
        os.environ.update(environment)  # the processes take the environment as they start
        stack.start_all(report=progress)
        scripted = [(gateway(scaled.gateway_url, PARTNER), OURS_SCRIPT),
                    (rasa_rest(OURS_DIRECT, scaled.rasa_url, PARTNER), OURS_SCRIPT)]
        warm_up(scripted)
        return latency_at_each_level(scripted, "at scale, "), {f"{name} (at scale)": memory_mib(p.pid) for name, p in stack.processes.items()}
    finally:
        stack.stop_all()
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        with admin.connect() as connection:
            for name in databases:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def warm_up(scripted: list[tuple[Target, list[str]]]) -> None:
    """A worker's first answer to each kind of message is slow (its models get ready for it): not counted.
    Many conversations at once, so that every Rasa worker has answered every message of the script; then
    one conversation on each target at a person's pace, as the first timed round runs (the first such
    round after the burst had one slow reply, on whichever target went first)."""
    for target, script in scripted:
        asyncio.run(paced(target, script, WARM_UP_CONVERSATIONS, pause=0))
    for target, script in scripted:
        asyncio.run(paced(target, script, 1, READING_SECONDS))


def latency_at_each_level(scripted: list[tuple[Target, list[str]]], label: str = "") -> Rounds:
    """Each number of conversations on each target in turn, PACED_ROUNDS times over, so drift over the run
    and a stray pause on the machine hit every target alike. Each round starts with the next target, so the
    round after the warm-up, or after a level, is not always the same target's."""
    latency: Rounds = {}
    for level in PACED_LEVELS:
        for round_number in range(1, PACED_ROUNDS[level] + 1):
            first = (round_number - 1) % len(scripted)
            for target, script in scripted[first:] + scripted[:first]:
                t = asyncio.run(paced(target, script, level, READING_SECONDS))
                latency.setdefault((target.name, level), []).append(t)
                progress(f"  {label}{target.name}, {level} at once, round {round_number}: "
                         f"p50 {ms(t.percentile(50))} ms, p95 {ms(t.percentile(95))} ms, errors: {t.describe_errors()}")
    return latency


def latency_tables(latency: Rounds) -> list[str]:
    pooled = {key: Timings.pooled(runs) for key, runs in latency.items()}
    return [
        "| conversations at once | target | messages | p50 ms | p95 ms | errors |",
        "|---|---|---|---|---|---|",
        *[f"| {level} | {name} | {len(t.latencies)} | {ms(t.percentile(50))} | {ms(t.percentile(95))} | {t.describe_errors()} |"
          for (name, level), t in pooled.items()],
        "",
        "| conversations at once | gateway p95 / Rasa direct p95 | the same, round by round |",
        "|---|---|---|",
        *[f"| {level} | {r:.2f} | {', '.join(f'{x:.2f}' for x in round_ratios(latency, level))} |"
          for level, r in p95_ratios(latency).items()],
    ]


def p95_ratios(latency: Rounds) -> dict[int, float]:
    """Gateway p95 over Rasa-directly p95 at each number of conversations, every round's replies pooled."""
    return {level: Timings.pooled(latency["gateway", level]).percentile(95)
            / Timings.pooled(latency[OURS_DIRECT, level]).percentile(95) for level in PACED_LEVELS}


def round_ratios(latency: Rounds, level: int) -> list[float]:
    """The same ratio in each round alone, to show how much it moves from one round to the next."""
    return [ours.percentile(95) / direct.percentile(95)
            for ours, direct in zip(latency["gateway", level], latency[OURS_DIRECT, level])]


def checks(m: Measured) -> list[tuple[str, bool]]:
    found = []
    for name, latency in (("on the embedded default", m.latency), ("at scale", m.at_scale)):
        if latency:
            ratios = p95_ratios(latency)
            found.append((f"The gateway adds at most 20% to p95 over Rasa directly {name}, at every level "
                          f"({', '.join(f'{level}: {ratios[level]:.2f}' for level in PACED_LEVELS)})",
                          all(r <= GATEWAY_OVERHEAD_LIMIT for r in ratios.values())))
            p95 = Timings.pooled(latency["gateway", 50]).percentile(95)
            found.append((f"p95 through the gateway at 50 conversations is under 1 second {name} ({ms(p95)} ms)",
                          p95 < P95_LIMIT))
    # The stock assistant is a baseline: any errors of its own show in its rows, not here.
    ours = [t for latency in (m.latency, m.at_scale or {}) for (name, _), rounds in latency.items()
            if name in ("gateway", OURS_DIRECT) for t in rounds]
    found.append(("No message to this assistant failed in the latency runs", all(t.errors == 0 for t in ours)))
    return found


NOT_YET = ["Not measured: the run stopped before this part, or it is still running."]


def report(m: Measured, seconds: float, workers: str) -> str:
    """The results page, with what has been measured so far; a part not measured says so."""
    lines = [
        "# Benchmarks",
        "",
        f"Made by `make bench` on {dt.date.today():%Y-%m-%d}, on {machine()}.",
        "Every figure is beside its baseline, measured in the same run on the same machine. This assistant runs",
        "on the embedded default (SQLite, encrypted tracker store); the stock `rasa init` assistant keeps its",
        "chats in memory and calls no action server. Both Rasa servers run as `make run` runs this one, with",
        f"{workers} workers sharing chat locks in a SQLite file, each running the models on one thread. The load",
        "client runs on the same cores.",
        "",
        "## Checks",
        "",
        *[f"- {'Meets' if passed else 'Does not meet'}: {text}." for text, passed in checks(m)],
        "",
        "## Reply latency, with people reading",
        "",
        f"Each conversation says its script once and waits {READING_SECONDS:.0f} seconds after every reply; their starts are",
        f"spread over {READING_SECONDS:.0f} seconds. This assistant's script: {', '.join(repr(x) for x in OURS_SCRIPT)}. The stock",
        f"assistant's: {', '.join(repr(x) for x in STOCK_SCRIPT)}. Each number of conversations runs in rounds on",
        f"each target ({', '.join(f'{n} for {level} at once' for level, n in PACED_ROUNDS.items())}), the targets",
        "taking turns and each round starting with the next; a table pools the replies of every round, and the",
        "ratio is shown for each round alone too. Before the first round, a warm-up that is not counted:",
        f"{WARM_UP_CONVERSATIONS} conversations at once without pauses, then one at a person's pace, on each target.",
        "",
        *(latency_tables(m.latency) if m.latency else NOT_YET),
        "",
        "## Reply latency at scale, on the same cores",
        "",
        *(["The same conversations in the scale configuration (docs/deploy.md): the app database and the chats in",
           f"PostgreSQL, chat locks in Redis, and a Rasa server with {os.cpu_count()} workers (`SANIC_WORKERS`), which",
           "Rasa allows only with a shared lock store. PostgreSQL and Redis run on the same cores.",
           "",
           *latency_tables(m.at_scale)]
          if m.at_scale else ["Not measured: PostgreSQL or Redis could not be used."]),
        "",
        "## The most messages a second before p95 passes 1 second",
        "",
        f"Closed loop: each client sends its next message as soon as it has a reply, for {seconds:.0f} s at each",
        "number of clients, stopping at the first that takes p95 past 1 second.",
        "",
        *(["| target | most messages a second | with clients |",
           "|---|---|---|",
           *[f"| {name} | {best:.1f} | {level} |" for name, (best, level, _) in m.capacity.items()],
           "",
           "| target | clients | messages a second | p95 ms | errors |",
           "|---|---|---|---|---|",
           *[row for _, _, rows in m.capacity.values() for row in rows]] if m.capacity else NOT_YET),
        "",
        "## Referrals sent a second",
        "",
        f"Four people at once, each making whole referrals ({len(REFERRAL_SCRIPT)} messages, from asking to",
        "\"send\") back to back; each referral is stored encrypted and queued for delivery.",
        "",
        *(["| target | referrals | seconds | referrals a second |",
           "|---|---|---|---|",
           *[f"| {name} | {done} | {took:.0f} | {done / took:.2f} |" for name, (done, took) in m.referrals.items()]]
          if m.referrals else NOT_YET),
        "",
        "## Memory after the runs",
        "",
        "Proportional set size of each process with its children.",
        "",
        *(["| process | MiB |",
           "|---|---|",
           *[f"| {name} | {mib:.0f} |" for name, mib in {**m.memory, **(m.scale_memory or {})}.items()]]
          if m.memory or m.scale_memory else NOT_YET),
        "",
        "## Training time",
        "",
        "`rasa train --force`, so nothing comes from the cache.",
        "",
        *(["| assistant | seconds |",
           "|---|---|",
           f"| this assistant | {m.train_seconds[0]:.0f} |",
           f"| stock `rasa init` | {m.train_seconds[1]:.0f} |"] if m.train_seconds else NOT_YET),
        "",
        "## Widget bytes",
        "",
        f"What a partner's page loads to show the chat, beside the bundle of `{WEBCHAT_BASELINE}`.",
        "",
        "| widget | bytes | gzip bytes |",
        "|---|---|---|",
        *[f"| {name} | {len(data)} | {len(gzip.compress(data, 9))} |"
          for name, data in (("this widget (widget.js and widget.css, as served)", m.widget),
                             (f"{WEBCHAT_BASELINE} (lib/index.js)", m.webchat)) if data is not None],
        "",
    ]
    return "\n".join(lines)


def bench_settings(work: Path) -> Settings:
    # The bench talks far faster than a person: lift the gateway's per-session and per-address limits.
    os.environ.update(CHAT_PER_SESSION_PER_MINUTE="1000000", REQUESTS_PER_ADDRESS_PER_MINUTE="1000000")
    (work / "var").mkdir(exist_ok=True)
    return Settings(root=ROOT, var_dir=work / "var", rasa_port=free_port(), action_port=free_port(),
                    gateway_host="127.0.0.1", gateway_port=free_port(), default_partner=PARTNER)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="length of each closed-loop step (default 10)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the results")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    settings = bench_settings(work)
    measured = Measured()
    workers = settings.rasa_server_env()["SANIC_WORKERS"]

    def save() -> None:  # after each part, so a run that fails late keeps what it measured
        args.out.write_text(report(measured, args.seconds, workers))

    measured.train_seconds = train(work, settings)
    save()
    measure(work, settings, args.seconds, measured, save)
    scale = measure_at_scale(work, settings)
    if scale:
        measured.at_scale, measured.scale_memory = scale
        save()
    progress("Fetching the Rasa webchat widget for its size...")
    measured.webchat = webchat_bytes(work)
    save()
    shutil.rmtree(work, ignore_errors=True)
    progress(f"Wrote {args.out}")
    results = checks(measured)
    for text, passed in results:
        print(f"{'Meets' if passed else 'Does not meet'}: {text}")
    sys.exit(0 if all(passed for _, passed in results) else 1)


if __name__ == "__main__":
    main()
