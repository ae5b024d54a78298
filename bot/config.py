"""Settings for every process, read from the environment with defaults for the embedded setup.

This is the only module in bot/ and actions/ that reads the environment (a test checks it): everything
else is given a Settings value or asks a function here. Values are read when asked for, not once at start,
so a test may change a variable and the next call sees it.

The embedded default keeps everything on this machine: SQLite files under var/, Rasa and the action
server on 127.0.0.1, secrets generated on first run and kept under var/secrets/.
"""
from __future__ import annotations

import datetime as dt
import ipaddress
import os
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
KEY_FILE_NAME = "app-encryption-key"
# Variables that hold a secret, or an address that may hold a password. Each process started by
# bot/stack.py is given only those it uses, and never on its command line. Providers' webhook secrets are
# named in providers.yml, so bot/stack.py adds those.
SECRET_VARIABLES = frozenset({"APP_ENCRYPTION_KEY", "RASA_TOKEN", "SMTP_PASSWORD", "SPECIALIST_PASSWORD",
                              "DATABASE_URL", "TRACKER_DATABASE_URL", "REDIS_URL"})


@dataclass(frozen=True)
class Settings:
    root: Path
    var_dir: Path
    rasa_port: int
    action_port: int
    gateway_host: str
    gateway_port: int
    default_partner: str

    @property
    def rasa_url(self) -> str:
        return os.environ.get("RASA_URL", f"http://127.0.0.1:{self.rasa_port}")

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}/webhook"

    @property
    def gateway_url(self) -> str:
        host = "127.0.0.1" if self.gateway_host in ("0.0.0.0", "::") else self.gateway_host
        return f"http://{host}:{self.gateway_port}"

    @property
    def rasa_tracker_db(self) -> Path:
        return self.var_dir / "rasa-tracker.db"

    @property
    def rasa_lock_db(self) -> Path:
        return self.var_dir / "rasa-locks.db"

    @property
    def rasa_token(self) -> str:
        """Rasa's HTTP API token: from RASA_TOKEN, else made once and kept in var/secrets/."""
        return os.environ.get("RASA_TOKEN") or self.rasa_token_file.read_text().strip()

    @property
    def rasa_token_file(self) -> Path:
        """A private file (0600) holding Rasa's token, which `rasa run` reads (rasa_addons/serve.py): the
        token never goes on a command line. It holds RASA_TOKEN when that is set."""
        path = self.var_dir / "secrets" / "rasa-token"
        wanted = os.environ.get("RASA_TOKEN")
        if wanted is None and path.exists():
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.parent.chmod(0o700)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(wanted or secrets.token_urlsafe(32))
        path.chmod(0o600)  # a file left by an older version may have been readable
        return path

    @property
    def database_url(self) -> str:
        """The app database: DATABASE_URL (e.g. postgresql+psycopg://user@host/db), else var/app.db."""
        return os.environ.get("DATABASE_URL") or f"sqlite:///{self.var_dir / 'app.db'}"

    @property
    def tracker_database_url(self) -> str | None:
        """Rasa's tracker store on PostgreSQL, shared by several Rasa servers (docs/deploy.md); None for the
        embedded SQLite file."""
        return os.environ.get("TRACKER_DATABASE_URL") or None

    @property
    def rasa_endpoints(self) -> str:
        """endpoints-scale.yml when chats are in PostgreSQL and chat locks in Redis, else endpoints.yml."""
        return "endpoints-scale.yml" if self.tracker_database_url else "endpoints.yml"

    def _scale_env(self) -> dict[str, str]:
        """The parts of TRACKER_DATABASE_URL and REDIS_URL that endpoints-scale.yml reads."""
        tracker = urlsplit(self.tracker_database_url or "")
        redis_url = redis_url_or_none() or ""
        if not redis_url:
            raise ValueError("TRACKER_DATABASE_URL needs REDIS_URL too: several Rasa servers share chat locks there")
        redis = urlsplit(redis_url)
        return {"TRACKER_DB_HOST": tracker.hostname or "127.0.0.1", "TRACKER_DB_PORT": str(tracker.port or 5432),
                "TRACKER_DB_NAME": tracker.path.lstrip("/"), "TRACKER_DB_USER": unquote(tracker.username or ""),
                "TRACKER_DB_PASSWORD": unquote(tracker.password or ""), "REDIS_HOST": redis.hostname or "127.0.0.1",
                "REDIS_PORT": str(redis.port or 6379), "REDIS_DB": redis.path.lstrip("/") or "1",
                "REDIS_KEY_PREFIX": redis_key_prefix()}

    def rasa_env(self) -> dict[str, str]:
        """Environment for any rasa command: endpoints.yml (or endpoints-scale.yml) reads these variables. Of the
        secrets, only the key (the tracker store encrypts with it) and the tracker database's password."""
        env = environment_without(SECRET_VARIABLES)
        if self.tracker_database_url:
            env.update(self._scale_env())
        env.update(
            APP_ENCRYPTION_KEY=encryption_keys(self.var_dir),  # the tracker store encrypts with it
            PYTHONPATH=os.pathsep.join(filter(None, [str(self.root), env.get("PYTHONPATH")])),  # for rasa_addons
            ACTION_ENDPOINT_URL=self.action_url,
            RASA_TRACKER_DB=str(self.rasa_tracker_db),
            RASA_LOCK_DB=str(self.rasa_lock_db),
            SQLALCHEMY_SILENCE_UBER_WARNING="1",
            TF_CPP_MIN_LOG_LEVEL="2",
            TQDM_DISABLE="1",  # progress bars would flood the logs
        )
        return env

    def rasa_server_env(self) -> dict[str, str]:
        """rasa_env() for `rasa run`: two workers by default (SANIC_WORKERS; they share chat locks through
        the lock store), each running the models on one thread, so the workers do not fight over cores."""
        return {**self.rasa_env(), "SANIC_WORKERS": os.environ.get("SANIC_WORKERS", "2"),
                "TF_INTRA_OP_PARALLELISM_THREADS": "1", "TF_INTER_OP_PARALLELISM_THREADS": "1"}

    def app_env(self, *, unused_secrets: frozenset[str] | set[str] = frozenset()) -> dict[str, str]:
        """Environment for the action server and the gateway: this process's, with these settings fixed,
        without the secrets the process does not use."""
        return dict(environment_without(unused_secrets), VAR_DIR=str(self.var_dir), RASA_PORT=str(self.rasa_port),
                    ACTION_PORT=str(self.action_port), GATEWAY_PORT=str(self.gateway_port),
                    GATEWAY_HOST=self.gateway_host)


def environment_without(names: frozenset[str] | set[str]) -> dict[str, str]:
    """This process's environment without the variables named."""
    return {name: value for name, value in os.environ.items() if name not in names}


def encryption_keys(var_dir: Path) -> str:
    """APP_ENCRYPTION_KEY, or the key made on first run: for the Rasa server's tracker store too."""
    return os.environ.get("APP_ENCRYPTION_KEY", "").strip() or _key_from_file(var_dir / "secrets" / KEY_FILE_NAME)


def _key_from_file(path: Path) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.parent.chmod(0o700)
        # Written whole to a private file, then linked into place: if two processes start together,
        # one link wins and both read the same complete key.
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(Fernet.generate_key().decode())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    return path.read_text().strip()


def trusted_proxies() -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """TRUSTED_PROXIES: the reverse proxies in front of the gateway, as addresses or networks separated by
    commas (like "127.0.0.1, 10.0.0.0/8"). Only a request from one of them may name its client in
    X-Forwarded-For. None by default: the connection's own address is the client's."""
    return tuple(ipaddress.ip_network(item.strip(), strict=False)
                 for item in os.environ.get("TRUSTED_PROXIES", "").split(",") if item.strip())


def redis_url_or_none() -> str | None:
    """REDIS_URL: several gateways share news of ticket changes there (docs/deploy.md); None for one."""
    return os.environ.get("REDIS_URL") or None


def redis_key_prefix() -> str:
    """What keeps this deployment's keys and channels apart from others sharing the same Redis."""
    return os.environ.get("REDIS_KEY_PREFIX", "work-support")


def today() -> date:
    """The date that chooses the tax year's rates: ASSISTANT_TODAY (like 2027-05-01) moves it, so tests can
    reach a tax year with no rates on file; otherwise the machine's date."""
    value = os.environ.get("ASSISTANT_TODAY")
    return date.fromisoformat(value) if value else date.today()


def partners_file() -> Path:
    """PARTNERS_FILE lets a deployment keep its partners' settings outside the repository."""
    return Path(os.environ.get("PARTNERS_FILE", ROOT / "data" / "knowledge" / "partners.yml"))


def specialist_password() -> str | None:
    """SPECIALIST_PASSWORD: the new account's password for the inbox command line, else it asks."""
    return os.environ.get("SPECIALIST_PASSWORD") or None


def handoff_poll_seconds() -> float:
    """How long the widget's wait for news of its handoff lasts at most (HANDOFF_POLL_SECONDS)."""
    return float(os.environ.get("HANDOFF_POLL_SECONDS", "25"))


def inbox_recheck_seconds() -> float:
    """How often an inbox live page reads the database with no news of a change (INBOX_RECHECK_SECONDS,
    default 15): news through Redis or this gateway comes at once; this catches a notice that was lost."""
    return _more_than_0("INBOX_RECHECK_SECONDS", 15)


def inbox_stream_seconds() -> float:
    """How long one live stream of the inbox lasts before it ends and the browser opens another
    (INBOX_STREAM_SECONDS, default 120), so none runs for ever and each new one checks the session again."""
    return _more_than_0("INBOX_STREAM_SECONDS", 120)


def handoff_claim_timeout() -> dt.timedelta:
    """How long a ticket waits for a specialist before the person is offered a call-back (HANDOFF_CLAIM_SECONDS)."""
    return dt.timedelta(seconds=float(os.environ.get("HANDOFF_CLAIM_SECONDS", "300")))


def outbox_interval_seconds() -> float:
    """How long the delivery outbox rests when nothing is due (OUTBOX_INTERVAL_SECONDS)."""
    return float(os.environ.get("OUTBOX_INTERVAL_SECONDS", "10"))


def webhook_secret(variable: str | None) -> str | None:
    """A provider's webhook secret, from the environment variable its entry in providers.yml names."""
    return os.environ.get(variable or "") or None


@dataclass(frozen=True)
class GatewayRates:
    """How often callers may reach the gateway; each more than 0."""

    chat_per_session_per_minute: float
    requests_per_address_per_minute: float
    sign_in_attempts_per_hour: float
    sign_in_attempts_per_account_per_hour: float


def gateway_rates() -> GatewayRates:
    return GatewayRates(
        chat_per_session_per_minute=_more_than_0("CHAT_PER_SESSION_PER_MINUTE", 20),
        requests_per_address_per_minute=_more_than_0("REQUESTS_PER_ADDRESS_PER_MINUTE", 120),
        sign_in_attempts_per_hour=_more_than_0("SIGN_IN_ATTEMPTS_PER_HOUR", 20),
        sign_in_attempts_per_account_per_hour=_more_than_0("SIGN_IN_ATTEMPTS_PER_ACCOUNT_PER_HOUR", 10),
    )


def rasa_turns_in_flight() -> int:
    """RASA_TURNS_IN_FLIGHT: how many chat messages the gateway has with Rasa at once (default 8, at least 1).
    Past it, messages wait, taken in turn by address (bot/web/fair_queue.py), so a crowd of addresses cannot
    keep one person waiting behind all of its messages. A few for each of Rasa's workers keeps them busy."""
    value = int(os.environ.get("RASA_TURNS_IN_FLIGHT", "8"))
    if value < 1:
        raise ValueError("RASA_TURNS_IN_FLIGHT must be at least 1")
    return value


def _more_than_0(variable: str, default: float) -> float:
    value = float(os.environ.get(variable, default))
    if value <= 0:
        raise ValueError(f"{variable} must be more than 0")
    return value


@dataclass(frozen=True)
class SmtpSettings:
    host: str = "127.0.0.1"
    port: int = 25
    username: str | None = None
    password: str | None = None
    sender: str = "referrals@localhost"
    tls: str = "none"  # "starttls", "ssl" or "none"

    @classmethod
    def from_env(cls) -> SmtpSettings:
        """SMTP_HOST, SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_FROM, SMTP_TLS=starttls|ssl|none. TLS is
        required unless the relay is on this machine, since what is sent carries health data."""
        env = os.environ
        host = env.get("SMTP_HOST", "127.0.0.1")
        tls = env.get("SMTP_TLS") or ("none" if _is_this_machine(host) else "starttls")
        if tls not in ("starttls", "ssl", "none"):
            raise ValueError("SMTP_TLS must be starttls, ssl or none")
        if tls == "none" and not _is_this_machine(host):
            raise ValueError("referrals carry health data: SMTP without TLS is allowed only to this machine")
        return cls(host=host, port=int(env.get("SMTP_PORT", "465" if tls == "ssl" else "25")),
                   username=env.get("SMTP_USERNAME") or None, password=env.get("SMTP_PASSWORD") or None,
                   sender=env.get("SMTP_FROM", "referrals@localhost"), tls=tls)


def _is_this_machine(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def load_settings() -> Settings:
    env = os.environ
    var_dir = Path(env.get("VAR_DIR", ROOT / "var")).resolve()
    var_dir.mkdir(parents=True, exist_ok=True)
    return Settings(
        root=ROOT,
        var_dir=var_dir,
        rasa_port=int(env.get("RASA_PORT", "5005")),
        action_port=int(env.get("ACTION_PORT", "5055")),
        gateway_host=env.get("GATEWAY_HOST", "127.0.0.1"),
        gateway_port=int(env.get("GATEWAY_PORT", "8080")),
        default_partner=env.get("DEFAULT_PARTNER", "demo"),
    )
