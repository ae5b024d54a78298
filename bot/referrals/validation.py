"""What a self-referral carries (shared/domain/FACTS.md section 4), and the checks on it.

Each check returns the cleaned value or a Problem whose Easy Read text says how to fix it, so the
conversation can ask again for that one answer. Health answers are all optional; consent comes first.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from bot.knowledge.programmes import NEEDS
from bot.knowledge.providers import Directory, Problem, load_providers
from bot.referrals.status import Consent, problem
from bot.typed_text import clean_typed_text
from bot.understanding.phone import is_mobile, read_phone

CONTACT_METHODS = ("phone", "text", "email", "post", "video", "supporter")
ACCESS_NEEDS = ("bsl", "easy_read", "large_print", "interpreter", "someone_with_me", "step_free")
WORK_SITUATIONS = ("in_work", "out_of_work", "at_risk")
MEETING_PREFERENCES = ("one_to_one", "group", "either")
WORRIES = ("benefits", "worse_off", "telling_employer", "transport", "caring")
URGENT_ISSUES = ("housing", "debt", "crisis")
MAX_NAME = 100
MAX_FREE_TEXT = 2000

# Free text the person typed: kept only encrypted, and never checked beyond its length.
FREE_TEXT_FIELDS = ("good_times", "address", "supporter", "language", "other_access_needs",
                    "health_in_own_words", "other_services")

_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")


def normalise_phone(text: Any) -> str | Problem:
    """A UK phone number as 11 (or 10) digits from 0 (bot.understanding.phone), or what is wrong with it."""
    if not isinstance(text, str) or not text.strip():
        return problem("phone_missing", "phone")
    return read_phone(text) or problem("phone_not_valid", "phone")


def normalise_email(text: Any) -> str | Problem:
    if not isinstance(text, str) or not text.strip():
        return problem("email_missing", "email")
    email = text.strip()
    if len(email) > 254 or not _EMAIL.fullmatch(email):
        return problem("email_not_valid", "email")
    local, domain = email.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


@dataclass(frozen=True)
class Referral:
    """One person's request to join a provider's programme. Lists are tuples of the codes above."""

    provider_id: str
    name: str  # what to call you
    contact_methods: tuple[str, ...]  # CONTACT_METHODS
    consent: Consent | None = None
    programme_id: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None  # for letters
    supporter: str | None = None  # who supports you and how to reach them
    good_times: str | None = None  # good times to contact you
    access_needs: tuple[str, ...] = ()  # ACCESS_NEEDS
    language: str | None = None  # for an interpreter
    other_access_needs: str | None = None
    postcode: str | None = None
    council_id: str | None = None
    work_situation: str | None = None  # WORK_SITUATIONS
    help_wanted: tuple[str, ...] = ()  # needs from programmes.yml: confidence, cv, finding_a_job...
    meeting_preference: str | None = None  # MEETING_PREFERENCES
    health_in_own_words: str | None = None  # optional; not a diagnosis
    worries_first: tuple[str, ...] = ()  # WORRIES
    other_services: str | None = None
    may_contact_employer: bool = False  # never without asking, unless the person says so
    urgent_issues: tuple[str, ...] = ()  # URGENT_ISSUES

    def personal(self) -> dict[str, Any]:
        """Everything the person told us: the part that is stored encrypted."""
        skip = {"provider_id", "programme_id", "council_id", "consent"}
        return {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self) if f.name not in skip}


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def validate(referral: Referral, directory: Directory | None = None) -> tuple[Referral, list[Problem]]:
    """The referral with phone, email, postcode and council cleaned, and every problem found.

    The council comes from the postcode when the postcode points to one council; a postcode on a
    border needs the person to choose (problem "council_choose").
    """
    directory = directory or load_providers()
    problems: list[Problem] = []
    changes: dict[str, Any] = {}

    def check(result: Any, name: str) -> None:
        if isinstance(result, Problem):
            problems.append(result)
        else:
            changes[name] = result

    provider = directory.provider(referral.provider_id)
    if provider is None:
        problems.append(problem("provider_unknown", "provider_id"))
    elif referral.programme_id is not None and referral.programme_id not in provider.programmes:
        problems.append(problem("programme_not_offered", "programme_id"))
    if referral.consent is None or not referral.consent.wording.strip():
        problems.append(problem("consent_missing", "consent"))

    name = clean_typed_text(referral.name or "")
    if not name:
        problems.append(problem("name_missing", "name"))
    elif len(name) > MAX_NAME:
        problems.append(problem("too_long", "name"))
    else:
        changes["name"] = name

    problems += _choices(referral)
    methods = set(referral.contact_methods)
    if not methods:
        problems.append(problem("contact_missing", "contact_methods"))
    if {"phone", "text"} & methods or referral.phone:
        phone = normalise_phone(referral.phone)
        check(phone, "phone")
        if "text" in methods and isinstance(phone, str) and not is_mobile(phone):
            problems.append(problem("phone_not_mobile", "phone"))
    if "email" in methods or referral.email:
        check(normalise_email(referral.email), "email")
    if "video" in methods and not (referral.phone or referral.email):
        problems.append(problem("video_needs_contact", "contact_methods"))
    if "post" in methods and not (referral.address or "").strip():
        problems.append(problem("address_missing", "address"))
    if "supporter" in methods and not (referral.supporter or "").strip():
        problems.append(problem("supporter_missing", "supporter"))

    for name in FREE_TEXT_FIELDS:
        value = getattr(referral, name)
        if value is not None:
            if len(value) > MAX_FREE_TEXT:
                problems.append(problem("too_long", name))
            else:
                changes[name] = clean_typed_text(value) or None

    area_problem = _area(referral, directory, changes)
    if area_problem:
        problems.append(area_problem)
    elif provider is not None and not provider.serves(changes.get("council_id"), changes.get("_district")):
        problems.append(problem("outside_area", "provider_id"))
    changes.pop("_district", None)
    return dataclasses.replace(referral, **changes), problems


def _choices(referral: Referral) -> list[Problem]:
    found = []
    for name, allowed in (("contact_methods", CONTACT_METHODS), ("access_needs", ACCESS_NEEDS),
                          ("help_wanted", NEEDS), ("worries_first", WORRIES), ("urgent_issues", URGENT_ISSUES)):
        if any(v not in allowed for v in getattr(referral, name)):
            found.append(problem("choice_not_known", name))
    for name, allowed in (("work_situation", WORK_SITUATIONS), ("meeting_preference", MEETING_PREFERENCES)):
        if getattr(referral, name) is not None and getattr(referral, name) not in allowed:
            found.append(problem("choice_not_known", name))
    return found


def _area(referral: Referral, directory: Directory, changes: dict[str, Any]) -> Problem | None:
    council_id = referral.council_id
    if council_id is not None and council_id not in directory.councils:
        return directory.problem("council_not_known", "council_id")
    if referral.postcode:
        area = directory.area_for_postcode(referral.postcode)
        if isinstance(area, Problem):
            return area
        changes["postcode"] = area.postcode or area.district
        changes["_district"] = area.district
        if council_id is None:
            if area.needs_choice:
                return problem("council_choose", "council_id")
            council_id = area.council.id if area.council else None
    if council_id is None and not referral.postcode:
        return problem("area_missing", "postcode")
    changes["council_id"] = council_id
    return None
