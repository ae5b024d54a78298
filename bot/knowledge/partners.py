"""DDPO partners from data/knowledge/partners.yml: who they are and how a person can reach them."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.config import ROOT

PARTNERS_FILE = ROOT / "data" / "knowledge" / "partners.yml"


@dataclass(frozen=True)
class Partner:
    id: str
    name: str
    phone: str
    email: str
    hours: str


class PartnerConfigError(ValueError):
    pass


def load_partners(path: Path = PARTNERS_FILE) -> dict[str, Partner]:
    entries = yaml.safe_load(path.read_text())["partners"]
    partners = {}
    for entry in entries:
        try:
            contact = entry["contact"]
            partner = Partner(entry["id"], entry["name"], contact["phone"], contact["email"], contact["hours"])
        except KeyError as missing:
            raise PartnerConfigError(f"Partner {entry.get('id', '?')} in {path} has no {missing}") from None
        partners[partner.id] = partner
    return partners


@lru_cache(maxsize=1)
def _cached_partners() -> dict[str, Partner]:
    return load_partners()


def partner_for(partner_id: str | None, default_id: str = "demo") -> Partner:
    """The partner whose page the person is on; the default partner when unknown."""
    partners = _cached_partners()
    return partners.get(partner_id or "", partners[default_id])
