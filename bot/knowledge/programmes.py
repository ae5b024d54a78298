"""Employment-support programmes (data/knowledge/programmes.yml): find, filter, suggest and compare.

    catalogue = load_programmes()
    catalogue.find("conect to work")                      # typo-tolerant, by name or alias
    catalogue.suggest(in_work="out_of_work", need="cv", nation="england")
    catalogue.nation_note("scotland")                     # Easy Read note, or None
    catalogue.compare("Connect to Work", "WorkWell")      # [(label, a_text, b_text), ...]

Closed programmes (status: closed) can be found by name, so the assistant can say they are closed,
but open(), by_need() and suggest() never return them.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Mapping

from bot.knowledge import PhraseMatcher, Text, as_date, knowledge_path, read_yaml

__all__ = [
    "DEFAULT_PATH",
    "IN_WORK",
    "NATIONS",
    "NEEDS",
    "Catalogue",
    "HowToJoin",
    "Programme",
    "Suggestion",
    "Where",
    "load_programmes",
    "normalise_in_work",
    "normalise_nation",
    "normalise_need",
]

DEFAULT_PATH = knowledge_path("programmes.yml")

NATIONS = ("england", "wales", "scotland", "northern_ireland")
IN_WORK = ("in_work", "out_of_work", "at_risk")
NEEDS = (
    "confidence",
    "cv",
    "finding_a_job",
    "training",
    "volunteering",
    "self_employment",
    "adjustments_at_work",
    "mental_health",
    "staying_in_work",
    "equipment",
    "travel",
    "benefits_questions",
)
STATUSES = ("open", "closed")
CONFIDENCE = ("P", "S", "I")  # official source, secondary source, inferred (FACTS.md)

# Other ways a nation or work situation may arrive (slot values, what people type).
_NATION_WORDS = {
    "england": "england", "english": "england",
    "wales": "wales", "welsh": "wales", "cymru": "wales",
    "scotland": "scotland", "scottish": "scotland", "alba": "scotland",
    "northern ireland": "northern_ireland", "n ireland": "northern_ireland", "ni": "northern_ireland",
    "northern irish": "northern_ireland", "northern_ireland": "northern_ireland",
}
_IN_WORK_WORDS = {
    "in work": "in_work", "working": "in_work", "employed": "in_work",
    "out of work": "out_of_work", "out of paid work": "out_of_work", "not working": "out_of_work",
    "at risk": "at_risk", "at risk of losing my job": "at_risk", "struggling at work": "at_risk",
}

_ID = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


def _slug(value: str) -> str:
    return "_".join(re.sub(r"[^a-z0-9]+", " ", value.lower()).split())


def normalise_nation(value: str | None) -> str | None:
    """"Scotland", "northern ireland", "NI" -> "scotland", "northern_ireland"; None stays None."""
    if value is None or not str(value).strip():
        return None
    key = " ".join(re.sub(r"[^a-z]+", " ", str(value).lower()).split())
    if key in _NATION_WORDS:
        return _NATION_WORDS[key]
    raise ValueError(f"unknown nation {value!r}; expected one of {', '.join(NATIONS)}")


def normalise_in_work(value: str | None) -> str | None:
    """"in_work", "out of work", "at-risk" -> "in_work", "out_of_work", "at_risk"; None stays None."""
    if value is None or not str(value).strip():
        return None
    slug = _slug(str(value))
    if slug in IN_WORK:
        return slug
    spaced = slug.replace("_", " ")
    if spaced in _IN_WORK_WORDS:
        return _IN_WORK_WORDS[spaced]
    raise ValueError(f"unknown work situation {value!r}; expected one of {', '.join(IN_WORK)}")


def normalise_need(value: str | None) -> str | None:
    """"finding a job", "CV", "finding_a_job" -> the need tag; None stays None."""
    if value is None or not str(value).strip():
        return None
    slug = _slug(str(value))
    if slug in NEEDS:
        return slug
    raise ValueError(f"unknown need {value!r}; expected one of {', '.join(NEEDS)}")


@dataclass(frozen=True)
class Where:
    nations: tuple[str, ...]  # subset of NATIONS
    areas: str  # plain note for staff: which areas inside those nations
    easy: str


@dataclass(frozen=True)
class HowToJoin:
    self_referral: bool  # can the person ask to join by themselves?
    easy: str


@dataclass(frozen=True)
class Programme:
    id: str
    name: str
    aliases: tuple[str, ...]
    status: str  # "open" or "closed"
    summary: Text  # easy and more
    who_for: Text
    where: Where
    help_you_get: Text
    how_long: Text
    voluntary: bool
    voluntary_note: Text
    affects_benefits: Text
    how_to_join: HowToJoin
    needs: tuple[str, ...]  # most central first
    in_work: tuple[str, ...]  # main group first
    source: str
    checked: dt.date
    confidence: str  # P, S or I
    closed_note: Text | None = None  # only for closed programmes
    instead: tuple[str, ...] = ()  # closed programmes: ids of open ones to mention instead

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def nations(self) -> tuple[str, ...]:
        return self.where.nations

    def runs_in(self, nation: str) -> bool:
        return normalise_nation(nation) in self.where.nations


@dataclass(frozen=True)
class Suggestion:
    programme: Programme
    reason: str  # Easy Read, short sentences, built from suggestion_reasons in programmes.yml
    score: float  # higher is a better match; for ordering only


class Catalogue:
    """All programmes, open and closed, and what the assistant says about them."""

    def __init__(
        self,
        programmes: tuple[Programme, ...],
        *,
        checked: dt.date,
        nation_notes: Mapping[str, Text],
        reasons: Mapping[str, Any],
        compare_labels: tuple[tuple[str, str], ...],
        open_text: str,
    ):
        self.programmes = programmes
        self.checked = checked
        self._nation_notes = dict(nation_notes)
        self._reasons = reasons
        self._compare_labels = compare_labels
        self._open_text = open_text
        self._by_id = {p.id: p for p in programmes}
        self._matcher: PhraseMatcher[Programme] = PhraseMatcher(
            (name, p) for p in programmes for name in (p.id, p.name, *p.aliases)
        )

    # ---------------------------------------------------------------- access

    def __iter__(self) -> Iterator[Programme]:
        return iter(self.programmes)

    def __len__(self) -> int:
        return len(self.programmes)

    def get(self, programme_id: str) -> Programme | None:
        """By id exactly ("connect_to_work"), without guessing."""
        return self._by_id.get(programme_id)

    def find(self, name_or_alias: str) -> Programme | None:
        """The programme someone means, by name, alias, id or a small misspelling, also inside a
        question ("tell me about conect to work"). Closed programmes are found too: check .is_open."""
        return self._matcher.find(name_or_alias)

    def find_all(self, text: str) -> list[Programme]:
        """Every programme named in a text, in order ("difference between CTW and WorkWell")."""
        return self._matcher.find_all(text)

    def open(self) -> list[Programme]:
        return [p for p in self.programmes if p.is_open]

    def closed(self) -> list[Programme]:
        return [p for p in self.programmes if not p.is_open]

    def by_need(self, need: str) -> list[Programme]:
        """Open programmes that help with a need, the ones where it is most central first."""
        tag = normalise_need(need)
        matches = [p for p in self.open() if tag in p.needs]
        return sorted(matches, key=lambda p: p.needs.index(tag) / len(p.needs))

    def instead_of(self, programme: Programme) -> list[Programme]:
        """For a closed programme: the open ones to mention instead."""
        return [self._by_id[i] for i in programme.instead]

    # ---------------------------------------------------------------- nations

    def nation_note(self, nation: str | None) -> str | None:
        """Easy Read note for a nation with its own programmes (Scotland, Northern Ireland), else None.
        Show it whenever it is not None, before any suggestions."""
        return self._nation_note(nation, "easy")

    def nation_note_more(self, nation: str | None) -> str | None:
        return self._nation_note(nation, "more")

    def _nation_note(self, nation: str | None, level: str) -> str | None:
        key = normalise_nation(nation) if nation is not None else None
        note = self._nation_notes.get(key) if key else None
        return getattr(note, level) if note else None

    # ---------------------------------------------------------------- suggestions

    def suggest(
        self, in_work: str | None = None, need: str | None = None, nation: str | None = None
    ) -> list[Suggestion]:
        """Open programmes that fit, best match first.

        A programme fits if it runs in the nation, serves the work situation and helps with the need;
        any of the three left as None is not used to filter. In Scotland only Great Britain-wide
        programmes fit (Access to Work, Jobcentre Plus support) and in Northern Ireland none do:
        show nation_note(nation) there as well.
        Ranking: how central the need is to the programme, then whether the work situation is its
        main group, then whether the person can ask to join by themselves.
        """
        nation_key = normalise_nation(nation)
        status = normalise_in_work(in_work)
        tag = normalise_need(need)
        found = []
        for order, programme in enumerate(self.open()):
            if nation_key and nation_key not in programme.where.nations:
                continue
            if status and status not in programme.in_work:
                continue
            if tag and tag not in programme.needs:
                continue
            score = 0.0
            if tag:
                score += 2 + 1 - programme.needs.index(tag) / len(programme.needs)
            if status:
                score += 1 + (0.5 if programme.in_work[0] == status else 0)
            if programme.how_to_join.self_referral:
                score += 0.25
            found.append((score, -order, Suggestion(programme, self._reason(programme, status, tag), score)))
        found.sort(key=lambda row: (row[0], row[1]), reverse=True)
        return [row[2] for row in found]

    def _reason(self, programme: Programme, status: str | None, tag: str | None) -> str:
        parts = []
        if tag:
            parts.append(self._reasons["needs"][tag])
        if status:
            parts.append(self._reasons["in_work"][status])
        if not parts:
            parts.append(self._reasons["default"])
        if programme.how_to_join.self_referral:
            parts.append(self._reasons["self_referral"])
        return " ".join(parts)

    # ---------------------------------------------------------------- comparing

    def compare(self, a: str | Programme, b: str | Programme) -> list[tuple[str, str, str]]:
        """Side by side, in Easy Read: [(label, text for a, text for b), ...].
        a and b are programmes or names (found as in find()); an unknown name raises LookupError."""
        pa, pb = self._resolve(a), self._resolve(b)
        return [(label, self._field_text(pa, field), self._field_text(pb, field)) for field, label in self._compare_labels]

    def _resolve(self, value: str | Programme) -> Programme:
        if isinstance(value, Programme):
            return value
        found = self.find(value)
        if found is None:
            raise LookupError(f"no programme called {value!r}")
        return found

    def _field_text(self, programme: Programme, field: str) -> str:
        if field == "status":
            return self._open_text if programme.is_open else programme.closed_note.easy  # type: ignore[union-attr]
        return getattr(programme, field).easy


# -------------------------------------------------------------------- loading


def _text(node: Mapping[str, Any], field: str, where: str, *, need_more: bool = False) -> Text:
    return Text.from_yaml(node.get(field), f"{where}.{field}", need_more=need_more)


def _tags(node: Mapping[str, Any], field: str, allowed: tuple[str, ...], where: str) -> tuple[str, ...]:
    value = node.get(field)
    if not isinstance(value, list) or not value:
        raise ValueError(f"{where}: '{field}' must be a list with at least 1 of {', '.join(allowed)}")
    unknown = [v for v in value if v not in allowed]
    if unknown:
        raise ValueError(f"{where}: unknown {field} {unknown}; expected some of {', '.join(allowed)}")
    if len(set(value)) != len(value):
        raise ValueError(f"{where}: '{field}' lists a value twice")
    return tuple(value)


def _programme_from_yaml(node: Any, index: int, file: str) -> Programme:
    where = f"{file}: programmes[{index}]"
    if not isinstance(node, dict):
        raise ValueError(f"{where}: each programme must be a mapping")
    pid = node.get("id")
    if not isinstance(pid, str) or not _ID.fullmatch(pid):
        raise ValueError(f"{where}: 'id' must be snake_case, not {pid!r}")
    where = f"{file}: {pid}"
    for field in ("name", "source"):
        if not isinstance(node.get(field), str) or not node[field].strip():
            raise ValueError(f"{where}: needs '{field}'")
    aliases = node.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise ValueError(f"{where}: 'aliases' must be a list of text")
    status = node.get("status")
    if status not in STATUSES:
        raise ValueError(f"{where}: 'status' must be open or closed, not {status!r}")
    if not isinstance(node.get("voluntary"), bool):
        raise ValueError(f"{where}: 'voluntary' must be true or false")
    confidence = node.get("confidence")
    if confidence not in CONFIDENCE:
        raise ValueError(f"{where}: 'confidence' must be one of {', '.join(CONFIDENCE)}, not {confidence!r}")

    where_node = node.get("where")
    if not isinstance(where_node, dict):
        raise ValueError(f"{where}: needs 'where'")
    if not isinstance(where_node.get("areas"), str):
        raise ValueError(f"{where}.where: needs 'areas'")
    place = Where(
        nations=_tags(where_node, "nations", NATIONS, f"{where}.where"),
        areas=where_node["areas"].strip(),
        easy=Text.from_yaml(where_node, f"{where}.where").easy,
    )
    join = node.get("how_to_join")
    if not isinstance(join, dict) or not isinstance(join.get("self_referral"), bool):
        raise ValueError(f"{where}.how_to_join: needs 'self_referral: true|false' and 'easy'")

    closed_note = None
    if status == "closed":
        closed_note = _text(node, "closed_note", where)
    elif "closed_note" in node:
        raise ValueError(f"{where}: an open programme has no 'closed_note'")
    instead = node.get("instead") or []
    if not isinstance(instead, list) or not all(isinstance(i, str) for i in instead):
        raise ValueError(f"{where}: 'instead' must be a list of programme ids")

    return Programme(
        id=pid,
        name=node["name"].strip(),
        aliases=tuple(a.strip() for a in aliases),
        status=status,
        summary=_text(node, "summary", where, need_more=True),
        who_for=_text(node, "who_for", where),
        where=place,
        help_you_get=_text(node, "help_you_get", where),
        how_long=_text(node, "how_long", where),
        voluntary=node["voluntary"],
        voluntary_note=_text(node, "voluntary_note", where),
        affects_benefits=_text(node, "affects_benefits", where),
        how_to_join=HowToJoin(self_referral=join["self_referral"], easy=Text.from_yaml(join, f"{where}.how_to_join").easy),
        needs=_tags(node, "needs", NEEDS, where),
        in_work=_tags(node, "in_work", IN_WORK, where),
        source=node["source"].strip(),
        checked=as_date(node.get("checked"), where),
        confidence=confidence,
        closed_note=closed_note,
        instead=tuple(instead),
    )


def _easy_map(node: Any, keys: tuple[str, ...], where: str) -> dict[str, str]:
    if not isinstance(node, dict):
        raise ValueError(f"{where}: must be a mapping")
    missing = [k for k in keys if k not in node]
    if missing:
        raise ValueError(f"{where}: missing {missing}")
    return {k: Text.from_yaml(node[k], f"{where}.{k}").easy for k in keys}


def _parse(data: Any, path: Path) -> Catalogue:
    file = path.name
    if not isinstance(data, dict) or not isinstance(data.get("programmes"), list):
        raise ValueError(f"{path}: expected a mapping with a 'programmes' list")
    programmes = tuple(_programme_from_yaml(node, i, file) for i, node in enumerate(data["programmes"]))

    ids = [p.id for p in programmes]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise ValueError(f"{file}: ids used twice: {twice}")
    open_ids = {p.id for p in programmes if p.is_open}
    for p in programmes:
        bad = [i for i in p.instead if i not in open_ids]
        if bad:
            raise ValueError(f"{file}: {p.id}: 'instead' must name open programmes, not {bad}")

    notes_node = data.get("nations") or {}
    if not isinstance(notes_node, dict) or any(k not in NATIONS for k in notes_node):
        raise ValueError(f"{file}: 'nations' must map some of {', '.join(NATIONS)} to a note")
    nation_notes = {k: Text.from_yaml(v, f"{file}: nations.{k}", need_more=True) for k, v in notes_node.items()}

    reasons_node = data.get("suggestion_reasons")
    if not isinstance(reasons_node, dict):
        raise ValueError(f"{file}: needs 'suggestion_reasons'")
    reasons = {
        "needs": _easy_map(reasons_node.get("needs"), NEEDS, f"{file}: suggestion_reasons.needs"),
        "in_work": _easy_map(reasons_node.get("in_work"), IN_WORK, f"{file}: suggestion_reasons.in_work"),
        **_easy_map(reasons_node, ("self_referral", "default"), f"{file}: suggestion_reasons"),
    }

    labels_node = data.get("compare_labels")
    fields = ("status", "summary", "who_for", "where", "help_you_get", "how_long",
              "voluntary_note", "affects_benefits", "how_to_join")
    if not isinstance(labels_node, dict) or any(k not in fields for k in labels_node):
        raise ValueError(f"{file}: 'compare_labels' must map some of {', '.join(fields)} to a label")
    labels = tuple((k, Text.from_yaml(v, f"{file}: compare_labels.{k}").easy) for k, v in labels_node.items())

    status_text = data.get("status_text")
    open_text = Text.from_yaml((status_text or {}).get("open"), f"{file}: status_text.open").easy

    return Catalogue(
        programmes,
        checked=as_date(data.get("checked"), file),
        nation_notes=nation_notes,
        reasons=reasons,
        compare_labels=labels,
        open_text=open_text,
    )


@lru_cache(maxsize=8)
def _load(path: str, _mtime_ns: int) -> Catalogue:
    return _parse(read_yaml(path), Path(path))


def load_programmes(path: str | Path | None = None) -> Catalogue:
    """Load programmes.yml (default: data/knowledge/programmes.yml of this repository).

    The result is cached until the file changes, so calling this on every turn is cheap.
    Raises ValueError with the place of the problem if the file breaks its shape.
    """
    resolved = Path(path or DEFAULT_PATH).resolve()
    return _load(str(resolved), resolved.stat().st_mtime_ns)
