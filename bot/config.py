"""Settings for every process, read from the environment with defaults for the embedded setup.

The embedded default keeps everything on this machine: SQLite files under var/, Rasa and the action
server on 127.0.0.1, secrets generated on first run and kept under var/secrets/.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bot.referrals.crypto import encryption_keys

ROOT = Path(__file__).resolve().parent.parent


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
        token = os.environ.get("RASA_TOKEN")
        if token:
            return token
        path = self.var_dir / "secrets" / "rasa-token"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.parent.chmod(0o700)
            path.write_text(secrets.token_urlsafe(32))
            path.chmod(0o600)
        return path.read_text().strip()

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
        redis_url = os.environ.get("REDIS_URL", "")
        if not redis_url:
            raise ValueError("TRACKER_DATABASE_URL needs REDIS_URL too: several Rasa servers share chat locks there")
        redis = urlsplit(redis_url)
        return {"TRACKER_DB_HOST": tracker.hostname or "127.0.0.1", "TRACKER_DB_PORT": str(tracker.port or 5432),
                "TRACKER_DB_NAME": tracker.path.lstrip("/"), "TRACKER_DB_USER": unquote(tracker.username or ""),
                "TRACKER_DB_PASSWORD": unquote(tracker.password or ""), "REDIS_HOST": redis.hostname or "127.0.0.1",
                "REDIS_PORT": str(redis.port or 6379), "REDIS_DB": redis.path.lstrip("/") or "1",
                "REDIS_KEY_PREFIX": redis_key_prefix()}

    def rasa_env(self) -> dict[str, str]:
        """Environment for any rasa command: endpoints.yml (or endpoints-scale.yml) reads these variables."""
        env = dict(os.environ)
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


def redis_key_prefix() -> str:
    """What keeps this deployment's keys and channels apart from others sharing the same Redis."""
    return os.environ.get("REDIS_KEY_PREFIX", "work-support")


def today() -> date:
    """The date that chooses the tax year's rates: ASSISTANT_TODAY (like 2027-05-01) moves it, so tests can
    reach a tax year with no rates on file; otherwise the machine's date."""
    value = os.environ.get("ASSISTANT_TODAY")
    return date.fromisoformat(value) if value else date.today()


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
