"""Local providers (providers.yml), councils and postcode districts (postcode_districts.yml).

    directory = load_providers()
    area = directory.area_for_postcode("sw1a 1aa")     # Area, or a Problem to show the person
    area = directory.area_for_council("Kensington & Chelsea")
    directory.providers_for("westminster", programme="connect_to_work")
    directory.compare(a, b)                              # [(label, text for a, text for b), ...]

A postcode gives its district (the first half), and the district gives the councils it touches. A
district can cross a council border: then the Area has more than one council and the person chooses.
A district we do not list gives an Area with no council: outside the area we cover.
"""
from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlsplit

from bot.knowledge import PhraseMatcher, Text, as_date, knowledge_path, read_yaml
from bot.knowledge.programmes import load_programmes

__all__ = [
    "ACCESS",
    "MEETS",
    "Area",
    "Council",
    "Delivery",
    "Directory",
    "Problem",
    "Provider",
    "area_for_council",
    "area_for_postcode",
    "load_providers",
    "providers_for",
    "normalise_postcode",
    "parse_postcode",
]

PROVIDERS_PATH = knowledge_path("providers.yml")
DISTRICTS_PATH = knowledge_path("postcode_districts.yml")

MEETS = ("phone", "video", "face_to_face", "home_visit", "group")
ACCESS = ("bsl", "step_free", "interpreters", "easy_read")
_ID = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")

# UK postcode format (the government data standard), without the few non-geographic forms
# such as BFPO. Outward code: A9, A99, AA9, AA99, A9A, AA9A. Inward code: 9AA.
_OUTWARD = re.compile(
    r"[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY])"
)
_INWARD = re.compile(r"[0-9][ABD-HJLNP-UW-Z]{2}")


@dataclass(frozen=True)
class Postcode:
    outward: str  # the district, e.g. "SW1A"
    inward: str | None  # e.g. "1AA"; None when only the first half was given

    def __str__(self) -> str:
        return f"{self.outward} {self.inward}" if self.inward else self.outward


def parse_postcode(text: Any) -> Postcode | None:
    """A UK postcode, whole ("sw1a1aa", " SW1A  1AA ") or its first half ("se1"), or None.

    Case and spaces do not matter. The whole code has 5 to 7 characters without spaces and the first
    half at most 4, so the last 3 characters of a longer code are always the second half.
    """
    if not isinstance(text, str) or len(text) > 20:
        return None
    compact = "".join(text.split()).upper()
    if compact == "GIR0AA":  # the one historic code outside the pattern
        return Postcode("GIR", "0AA")
    if len(compact) <= 4:
        return Postcode(compact, None) if _OUTWARD.fullmatch(compact) else None
    outward, inward = compact[:-3], compact[-3:]
    if _OUTWARD.fullmatch(outward) and _INWARD.fullmatch(inward):
        return Postcode(outward, inward)
    return None


def normalise_postcode(text: Any) -> str | None:
    """"sw1a1aa" -> "SW1A 1AA", "se1" -> "SE1"; None when it is not a postcode."""
    found = parse_postcode(text)
    return str(found) if found else None


@dataclass(frozen=True)
class Problem:
    """Something a person needs to fix, with the Easy Read words that say how."""

    field: str
    code: str
    text: Text


@dataclass(frozen=True)
class Council:
    id: str
    name: str
    official: str
    aliases: tuple[str, ...]
    connect_to_work_area: bool


@dataclass(frozen=True)
class Area:
    """Where a person lives, as far as we know it."""

    councils: tuple[Council, ...]  # one: known; several: the person chooses; none: outside our list
    postcode: str | None = None  # the whole normalised postcode, when the person gave one
    district: str | None = None  # the first half of the postcode

    @property
    def council(self) -> Council | None:
        return self.councils[0] if len(self.councils) == 1 else None

    @property
    def needs_choice(self) -> bool:
        return len(self.councils) > 1


@dataclass(frozen=True)
class Delivery:
    kind: str  # "webhook", "email" or "pull" (the provider collects through the provider API)
    url: str | None = None
    secret_env: str | None = None  # name of the environment variable holding the webhook secret
    email: str | None = None


@dataclass(frozen=True)
class Provider:
    id: str
    name: str
    sample: bool
    programmes: tuple[str, ...]
    councils: tuple[str, ...]  # council ids
    postcode_districts: tuple[str, ...]  # extra districts outside those councils
    meets: tuple[str, ...]
    access: tuple[str, ...]
    first_contact_days: int  # working days
    phone: str
    email: str
    delivery: Delivery
    description: Text

    def serves(self, council_id: str | None, district: str | None = None) -> bool:
        return council_id in self.councils or (district is not None and district in self.postcode_districts)


class Directory:
    def __init__(self, councils: dict[str, Council], districts: dict[str, tuple[str, ...]],
                 providers: dict[str, Provider], labels: dict[str, Any], problems: dict[str, Text]):
        self.councils = councils
        self.districts = districts
        self.providers = providers
        self._labels = labels
        self._problems = problems
        self._council_names = PhraseMatcher(
            (name, c.id) for c in councils.values() for name in (c.id, c.name, c.official, *c.aliases)
        )

    def provider(self, provider_id: str) -> Provider | None:
        return self.providers.get(provider_id)

    def with_provider(self, provider: Provider) -> "Directory":
        """A copy with this provider added or replaced (e.g. a test pointing a webhook at its receiver)."""
        return Directory(self.councils, self.districts, {**self.providers, provider.id: provider},
                         self._labels, self._problems)

    def problem(self, code: str, field: str = "area") -> Problem:
        return Problem(field, code, self._problems[code])

    # ---------------------------------------------------------------- areas

    def area_for_postcode(self, text: Any) -> Area | Problem:
        if not isinstance(text, str) or not text.strip():
            return self.problem("postcode_missing", "postcode")
        postcode = parse_postcode(text)
        if postcode is None:
            return self.problem("postcode_not_valid", "postcode")
        councils = tuple(self.councils[c] for c in self.districts.get(postcode.outward, ()))
        return Area(councils, str(postcode) if postcode.inward else None, postcode.outward)

    def area_for_council(self, text: Any) -> Area | Problem:
        """A council chosen by name ("Kensington & Chelsea"), official name, alias or id."""
        council_id = self._council_names.find(text) if isinstance(text, str) else None
        if council_id is None:
            return self.problem("council_not_known", "council")
        return Area((self.councils[council_id],))

    # ---------------------------------------------------------------- providers

    def providers_for(self, council: str | Council | None, programme: str | None = None,
                      *, district: str | None = None) -> list[Provider]:
        """Providers serving the council (or the postcode district), running the programme if given."""
        council_id = council.id if isinstance(council, Council) else council
        return [p for p in self.providers.values()
                if p.serves(council_id, district) and (programme is None or programme in p.programmes)]

    def providers_for_area(self, area: Area, programme: str | None = None) -> list[Provider]:
        """Providers for every council the area may be in: for an Area that still needs a choice,
        this shows what each choice would give."""
        found: list[Provider] = []
        for council in area.councils or (None,):
            for p in self.providers_for(council, programme, district=area.district):
                if p not in found:
                    found.append(p)
        return found

    def compare(self, *providers: str | Provider) -> list[tuple[str, ...]]:
        """Side by side, in Easy Read: [(label, text for the 1st, text for the 2nd, ...), ...]."""
        chosen = [p if isinstance(p, Provider) else self._resolve(p) for p in providers]
        labels = self._labels["compare"]
        return [
            (labels["description"], *(p.description.easy for p in chosen)),
            (labels["meets"], *(self._listed(p.meets, "meets") for p in chosen)),
            (labels["access"], *(self._listed(p.access, "access") for p in chosen)),
            (labels["first_contact"], *(self.first_contact_text(p) for p in chosen)),
        ]

    def first_contact_text(self, provider: Provider) -> str:
        return self._labels["first_contact"].format(days=provider.first_contact_days)

    def _listed(self, values: tuple[str, ...], kind: str) -> str:
        return ", ".join(self._labels[kind][v] for v in values) if values else self._labels["none"]

    def _resolve(self, provider_id: str) -> Provider:
        if provider_id not in self.providers:
            raise LookupError(f"no provider with id {provider_id!r}")
        return self.providers[provider_id]


# -------------------------------------------------------------------- loading


def _tags(node: Mapping[str, Any], field: str, allowed: tuple[str, ...], where: str) -> tuple[str, ...]:
    value = node.get(field) or []
    if not isinstance(value, list) or any(v not in allowed for v in value):
        raise ValueError(f"{where}: '{field}' must be a list of some of {', '.join(allowed)}")
    return tuple(value)


def _ids(value: Any, known: Mapping[str, Any], where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or any(v not in known for v in value):
        raise ValueError(f"{where}: must be a list of known ids, not {value!r}")
    return tuple(value)


def _webhook_url_is_safe(url: str) -> bool:
    # Referrals carry health data: https only, except to a receiver on this machine (tests, a local relay).
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return True
    if parts.scheme != "http" or not parts.hostname:
        return False
    if parts.hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        return False


def _delivery(node: Any, where: str) -> Delivery:
    if not node:
        return Delivery("pull")
    if not isinstance(node, dict) or len(node) != 1 or not ({"webhook", "email"} & node.keys()):
        raise ValueError(f"{where}.delivery: must be 'webhook: {{url, secret_env}}' or 'email: address'")
    if "email" in node:
        if not isinstance(node["email"], str) or "@" not in node["email"]:
            raise ValueError(f"{where}.delivery.email: must be an email address")
        return Delivery("email", email=node["email"])
    hook = node["webhook"]
    if not isinstance(hook, dict) or not isinstance(hook.get("url"), str) or not isinstance(hook.get("secret_env"), str):
        raise ValueError(f"{where}.delivery.webhook: needs 'url' and 'secret_env'")
    if not _webhook_url_is_safe(hook["url"]):
        raise ValueError(f"{where}.delivery.webhook.url: must be https (http only to this machine)")
    return Delivery("webhook", url=hook["url"], secret_env=hook["secret_env"])


def _provider(node: Any, index: int, councils: Mapping[str, Council], programme_ids: set[str]) -> Provider:
    where = f"providers.yml: providers[{index}]"
    if not isinstance(node, dict) or not isinstance(node.get("id"), str) or not _ID.fullmatch(node["id"]):
        raise ValueError(f"{where}: needs a snake_case 'id'")
    where = f"providers.yml: {node['id']}"
    if not isinstance(node.get("name"), str) or not node["name"].strip():
        raise ValueError(f"{where}: needs 'name'")
    programmes = node.get("programmes")
    if not isinstance(programmes, list) or not programmes or any(p not in programme_ids for p in programmes):
        raise ValueError(f"{where}: 'programmes' must list ids from programmes.yml, not {programmes!r}")
    areas = node.get("areas") or {}
    days = node.get("first_contact_days")
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 30:
        raise ValueError(f"{where}: 'first_contact_days' must be a whole number of working days, 1 to 30")
    contact = node.get("contact") or {}
    if not isinstance(contact.get("phone"), str) or not isinstance(contact.get("email"), str):
        raise ValueError(f"{where}: 'contact' needs 'phone' and 'email'")
    extra_districts = areas.get("postcode_districts") or []
    if not isinstance(extra_districts, list) or any(parse_postcode(d) is None for d in extra_districts):
        raise ValueError(f"{where}: 'areas.postcode_districts' must list postcode districts")
    return Provider(
        id=node["id"],
        name=node["name"].strip(),
        sample=bool(node.get("sample", False)),
        programmes=tuple(programmes),
        councils=_ids(areas.get("councils") or [], councils, f"{where}.areas.councils"),
        postcode_districts=tuple(d.upper() for d in extra_districts),
        meets=_tags(node, "meets", MEETS, where),
        access=_tags(node, "access", ACCESS, where),
        first_contact_days=days,
        phone=contact["phone"],
        email=contact["email"],
        delivery=_delivery(node.get("delivery"), where),
        description=Text.from_yaml(node.get("description"), f"{where}.description", need_more=True),
    )


def _parse(providers_data: Any, districts_data: Any) -> Directory:
    if not isinstance(districts_data, dict) or not isinstance(districts_data.get("councils"), dict):
        raise ValueError("postcode_districts.yml: needs 'councils'")
    as_date(districts_data.get("checked"), "postcode_districts.yml")
    councils = {}
    for cid, node in districts_data["councils"].items():
        if not _ID.fullmatch(str(cid)) or not isinstance(node, dict) or not isinstance(node.get("name"), str):
            raise ValueError(f"postcode_districts.yml: councils.{cid}: needs a snake_case id and a 'name'")
        councils[cid] = Council(cid, node["name"], node.get("official", node["name"]),
                                tuple(node.get("aliases") or ()), bool(node.get("connect_to_work_area")))
    districts = {}
    for district, ids in (districts_data.get("districts") or {}).items():
        postcode = parse_postcode(str(district))
        if postcode is None or postcode.inward or postcode.outward != district:
            raise ValueError(f"postcode_districts.yml: {district!r} is not a postcode district in capitals")
        districts[district] = _ids(ids, councils, f"postcode_districts.yml: districts.{district}")
    problems = {k: Text.from_yaml(v, f"postcode_districts.yml: problems.{k}")
                for k, v in (districts_data.get("problems") or {}).items()}
    for code in ("postcode_missing", "postcode_not_valid", "council_not_known"):
        if code not in problems:
            raise ValueError(f"postcode_districts.yml: problems.{code} is missing")

    if not isinstance(providers_data, dict) or not isinstance(providers_data.get("providers"), list):
        raise ValueError("providers.yml: expected a mapping with a 'providers' list")
    as_date(providers_data.get("checked"), "providers.yml")
    programme_ids = {p.id for p in load_programmes().programmes}
    providers: dict[str, Provider] = {}
    for i, node in enumerate(providers_data["providers"]):
        provider = _provider(node, i, councils, programme_ids)
        if provider.id in providers:
            raise ValueError(f"providers.yml: the id {provider.id} is used twice")
        providers[provider.id] = provider
    labels_node = providers_data.get("labels") or {}
    try:
        labels = {
            "compare": {k: Text.from_yaml(labels_node["compare"][k], f"labels.compare.{k}").easy
                        for k in ("description", "meets", "access", "first_contact")},
            "meets": {k: Text.from_yaml(labels_node["meets"][k], f"labels.meets.{k}").easy for k in MEETS},
            "access": {k: Text.from_yaml(labels_node["access"][k], f"labels.access.{k}").easy for k in ACCESS},
            "none": Text.from_yaml(labels_node["none"], "labels.none").easy,
            "first_contact": Text.from_yaml(labels_node["first_contact"], "labels.first_contact").easy,
        }
    except (KeyError, TypeError) as missing:
        raise ValueError(f"providers.yml: 'labels' is missing {missing}") from None
    return Directory(councils, districts, providers, labels, problems)


@lru_cache(maxsize=8)
def _load(providers_path: str, districts_path: str, _mtimes: tuple[int, int]) -> Directory:
    return _parse(read_yaml(providers_path), read_yaml(districts_path))


def load_providers(providers_path: str | Path | None = None, districts_path: str | Path | None = None) -> Directory:
    """Load providers.yml and postcode_districts.yml; cached until either file changes.
    Raises ValueError naming the place of the problem if a file breaks its shape."""
    p = Path(providers_path or PROVIDERS_PATH).resolve()
    d = Path(districts_path or DISTRICTS_PATH).resolve()
    return _load(str(p), str(d), (p.stat().st_mtime_ns, d.stat().st_mtime_ns))


# Shortcuts on the repository's own files.


def area_for_postcode(text: Any) -> Area | Problem:
    return load_providers().area_for_postcode(text)


def area_for_council(text: Any) -> Area | Problem:
    return load_providers().area_for_council(text)


def providers_for(council: str | Council | None, programme: str | None = None) -> list[Provider]:
    return load_providers().providers_for(council, programme)
