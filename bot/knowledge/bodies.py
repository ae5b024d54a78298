"""Who runs benefits where the person lives (data/knowledge/benefit_bodies.yml).

Rule: in England, Wales and Scotland a person tells the DWP about work on ESA or UC; in Northern Ireland,
the Department for Communities. In Scotland, Adult Disability Payment has replaced PIP. When the nation is
not known, the words name both.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from bot.knowledge import knowledge_path, read_yaml
from bot.knowledge.programmes import normalise_nation


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return read_yaml(knowledge_path("benefit_bodies.yml"))


def _entry(nation: str | None) -> dict[str, Any]:
    key = normalise_nation(nation) if nation else None
    return _data()["nations"][key] if key else _data()["unknown"]


def benefits_body(nation: str | None) -> str:
    """The body to tell about work, as said in a sentence: "the DWP", "the Department for Communities"."""
    return _entry(nation)["tell"]


def disability_benefit(nation: str | None) -> str:
    """The working-age disability benefit's name where the person lives: "PIP", "Adult Disability Payment"."""
    return _entry(nation)["disability_benefit"]


def disability_benefit_paid_by(nation: str | None) -> str:
    """Who pays the disability benefit, to tell when a condition changes: "Social Security Scotland"."""
    return _entry(nation)["disability_benefit_paid_by"]
