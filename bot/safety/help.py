"""The crisis help message and the services it names, from data/knowledge/crisis.yml."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.knowledge import Text, as_date, knowledge_path, read_yaml

__all__ = ["DEFAULT_PATH", "CrisisHelp", "Service", "load_crisis_help"]

DEFAULT_PATH = knowledge_path("crisis.yml")


@dataclass(frozen=True)
class Service:
    id: str  # "samaritans"
    name: str  # "Samaritans"
    contact: str  # the number to call or text: "116 123"
    source: str
    checked: dt.date


@dataclass(frozen=True)
class CrisisHelp:
    message: Text  # .easy always, .more for "tell me more"
    services: tuple[Service, ...]
    checked: dt.date


def _service(node: Any, where: str) -> Service:
    if not isinstance(node, dict):
        raise ValueError(f"{where}: each service must be a mapping")
    for key in ("id", "name", "contact", "source"):
        if not isinstance(node.get(key), (str, int)) or not str(node[key]).strip():
            raise ValueError(f"{where}: needs '{key}'")
    return Service(str(node["id"]).strip(), str(node["name"]).strip(), str(node["contact"]).strip(),
                   str(node["source"]).strip(), as_date(node.get("checked"), where))


def _parse(data: Any, path: Path) -> CrisisHelp:
    if not isinstance(data, dict) or not isinstance(data.get("services"), list):
        raise ValueError(f"{path.name}: expected 'services' and 'message'")
    services = tuple(_service(node, f"{path.name}: services[{i}]") for i, node in enumerate(data["services"]))
    message = Text.from_yaml(data.get("message"), f"{path.name}: message", need_more=True)
    # A number missing from what the person reads is a number they cannot use: refuse to load.
    for service in services:
        for level, text in (("easy", message.easy), ("more", message.more or "")):
            if service.contact not in text:
                raise ValueError(f"{path.name}: the {level} message does not give {service.name} ({service.contact})")
    return CrisisHelp(message, services, as_date(data.get("checked"), path.name))


@lru_cache(maxsize=4)
def _load(path: str, _mtime_ns: int) -> CrisisHelp:
    return _parse(read_yaml(path), Path(path))


def load_crisis_help(path: str | Path | None = None) -> CrisisHelp:
    """Load crisis.yml (cached until the file changes). Raises ValueError if a service or text is missing."""
    resolved = Path(path or DEFAULT_PATH).resolve()
    return _load(str(resolved), resolved.stat().st_mtime_ns)
