"""Crisis help for each kind of crisis, and the services each one names, from data/knowledge/crisis.yml."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.config import ROOT
from bot.knowledge import Text, as_date, knowledge_path, read_yaml
from bot.safety.patterns import CATEGORIES

__all__ = ["BRUSH_OFF_RESPONSES", "DEFAULT_PATH", "CrisisHelp", "Help", "Service", "brush_offs", "load_crisis_help"]

DEFAULT_PATH = knowledge_path("crisis.yml")
# What the assistant says when it does not follow (its guesses at what was meant too), and at goodbye:
# never the answer to words of risk. So are the "Sorry, I did not catch that" of every form (responses
# named *_not_understood).
BRUSH_OFF_RESPONSES = ("utter_ask_rephrase", "utter_best_guesses", "utter_out_of_scope", "utter_offer_person",
                       "utter_goodbye")


@dataclass(frozen=True)
class Service:
    id: str  # "samaritans"
    name: str  # "Samaritans"
    contact: str  # what the person uses, as the texts say it: "116 123", "press 55"
    source: str
    checked: dt.date


@dataclass(frozen=True)
class Help:
    """What the assistant says for one kind of crisis: its text, the services it names, any buttons."""

    id: str  # "emergency", "danger_from_others", "suicide", "self_harm", "check"
    categories: tuple[str, ...]  # the detector's categories it answers
    message: Text  # .easy always, .more for "tell me more"
    services: tuple[Service, ...]
    buttons: tuple[dict[str, str], ...] = ()

    def reply(self) -> dict:
        """The help as one chat message, Easy Read, with its buttons."""
        message: dict = {"text": self.message.easy}
        if self.buttons:
            message["buttons"] = [dict(button) for button in self.buttons]
        return message


@dataclass(frozen=True)
class CrisisHelp:
    helps: tuple[Help, ...]
    services: tuple[Service, ...]
    checked: dt.date

    def for_category(self, category: str) -> Help:
        """The help for a detector category (bot.safety.CATEGORIES). Every category has one."""
        return next(help for help in self.helps if category in help.categories)

    def is_help(self, text: str | None) -> bool:
        """True if `text` is one of the helps, at either level."""
        return any(text in (help.message.easy, help.message.more) for help in self.helps)


def _service(node: Any, where: str) -> Service:
    if not isinstance(node, dict):
        raise ValueError(f"{where}: each service must be a mapping")
    for key in ("id", "name", "contact", "source"):
        if not isinstance(node.get(key), (str, int)) or not str(node[key]).strip():
            raise ValueError(f"{where}: needs '{key}'")
    return Service(str(node["id"]).strip(), str(node["name"]).strip(), str(node["contact"]).strip(),
                   str(node["source"]).strip(), as_date(node.get("checked"), where))


def _buttons(node: Any, where: str) -> tuple[dict[str, str], ...]:
    if not isinstance(node, list) or not all(isinstance(b, dict) and isinstance(b.get("title"), str)
                                             and isinstance(b.get("payload"), str) for b in node):
        raise ValueError(f"{where}: buttons need a title and a payload each")
    return tuple({"title": b["title"], "payload": b["payload"]} for b in node)


def _help(node: Any, services: dict[str, Service], where: str) -> Help:
    if not isinstance(node, dict) or not isinstance(node.get("id"), str):
        raise ValueError(f"{where}: each help needs an id")
    unknown = [name for name in node.get("services") or [] if name not in services]
    if unknown or not node.get("services"):
        raise ValueError(f"{where}: needs services, all listed under services ({', '.join(unknown)})")
    message = Text.from_yaml(node, where, need_more=True)
    named = tuple(services[name] for name in node["services"])
    # A number missing from what the person reads is a number they cannot use: refuse to load.
    for service in named:
        for level, text in (("easy", message.easy), ("more", message.more or "")):
            if service.contact not in text:
                raise ValueError(f"{where}: the {level} text does not give {service.name} ({service.contact})")
    buttons = _buttons(node["buttons"], where) if "buttons" in node else ()
    return Help(node["id"], tuple(node.get("for") or ()), message, named, buttons)


def _parse(data: Any, path: Path) -> CrisisHelp:
    if not isinstance(data, dict) or not isinstance(data.get("services"), list) or not isinstance(data.get("help"), list):
        raise ValueError(f"{path.name}: expected 'services' and 'help'")
    services = {s.id: s for s in (_service(node, f"{path.name}: services[{i}]")
                                  for i, node in enumerate(data["services"]))}
    helps = tuple(_help(node, services, f"{path.name}: help[{i}]") for i, node in enumerate(data["help"]))
    for category in CATEGORIES:
        answering = [help.id for help in helps if category in help.categories]
        if len(answering) != 1:
            raise ValueError(f"{path.name}: category {category} needs exactly one help, not {answering or 'none'}")
    return CrisisHelp(helps, tuple(services.values()), as_date(data.get("checked"), path.name))


@lru_cache(maxsize=4)
def _load(path: str, _mtime_ns: int) -> CrisisHelp:
    return _parse(read_yaml(path), Path(path))


def load_crisis_help(path: str | Path | None = None) -> CrisisHelp:
    """Load crisis.yml (cached until the file changes). Raises ValueError if a help, service or number is
    missing, or a category has no help."""
    resolved = Path(path or DEFAULT_PATH).resolve()
    return _load(str(resolved), resolved.stat().st_mtime_ns)


def _plain(text: str) -> str:
    return " ".join(text.split())


@lru_cache(maxsize=1)
def _brush_off_texts() -> frozenset[str]:
    texts = set()
    for domain in sorted((ROOT / "domain").glob("*.yml")):
        for name, variants in (read_yaml(domain).get("responses") or {}).items():
            if name in BRUSH_OFF_RESPONSES or name.endswith("_not_understood"):
                texts.update(_plain(variant["text"]) for variant in variants if variant.get("text"))
    return frozenset(texts)


def brush_offs(texts: list[str | None]) -> list[str]:
    """Those of `texts` that are a fallback, "I cannot help with that", goodbye or a form's "Sorry, I did not
    catch that" (BRUSH_OFF_RESPONSES)."""
    return [text for text in texts if text and _plain(text) in _brush_off_texts()]
