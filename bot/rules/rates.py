"""Benefit and wage figures by UK tax year, and the money helpers every rule uses.

The figures live in data/knowledge/rates/<tax year>.yml, never in Python. Each one carries its source,
the day it was checked and how sure we are of it (P official, S secondary, I inferred).

Money is always a Decimal. Floats are never used for sums.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import yaml

RATES_DIR = Path(__file__).resolve().parents[2] / "data" / "knowledge" / "rates"

CONFIDENCE_GRADES = ("P", "S", "I")
UNITS = ("GBP a week", "GBP a month", "GBP a year", "GBP an hour", "hours a week", "fraction")

# Figures every tax year must have. Others (such as the LCWRA element) appear only where a source gives them.
REQUIRED_FIGURES = (
    "esa_permitted_work_higher_limit",
    "esa_permitted_work_lower_limit",
    "esa_supported_permitted_work_limit",
    "esa_permitted_work_hours_limit",
    "national_living_wage_21_plus",
    "minimum_wage_18_to_20",
    "minimum_wage_16_to_17",
    "minimum_wage_apprentice",
    "uc_work_allowance_with_housing_costs",
    "uc_work_allowance_without_housing_costs",
    "uc_taper_rate",
    "uc_first_wca_earnings_threshold",
    "income_tax_personal_allowance",
    "income_tax_personal_allowance_taper_threshold",
    "income_tax_personal_allowance_taper_rate",
    "ni_primary_threshold",
    "ni_upper_earnings_limit",
    "ni_main_rate",
    "ni_additional_rate",
)
TAX_BANDS = ("rest_of_uk", "scotland")
_FIGURE_KEYS = {"value", "unit", "source", "checked", "confidence"}
_OPTIONAL_FIGURE_KEYS = {"note", "url"}
_TAX_YEAR = re.compile(r"^(\d{4})-(\d{2})$")


# ---------------------------------------------------------------- errors


class BadInput(ValueError):
    """Something the person (or the chat) gave us that the rules cannot use. The message is plain English."""


class BadAmount(BadInput):
    """An amount, hours or age that is not a number, or is out of range. The message is plain English."""

    def __init__(self, message: str, *, what: str = "", value: Any = None):
        super().__init__(message)
        self.what = what
        self.value = value


class RatesError(ValueError):
    """A rates file is missing or broken. The message names the file or the years we have."""


class MissingFigure(LookupError):
    """A tax year has no such figure (for example the LCWRA element in 2024-25)."""


# ---------------------------------------------------------------- money and amounts

PENNY = Decimal("0.01")
MAX_MONEY = Decimal("10000000")  # anything bigger is a typing slip, not pay
HOURS_IN_A_WEEK = Decimal("168")
WEEKS_IN_A_YEAR = Decimal("52")
MONTHS_IN_A_YEAR = Decimal("12")


def to_penny(amount: Decimal) -> Decimal:
    """Round to the nearest penny. ROUND_HALF_UP: half a penny or more counts as a whole penny."""
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")


def _to_decimal(value: Any, what: str, example: str) -> Decimal:
    """A finite Decimal from an int, Decimal, numeric string ("£1,200.50") or float (kept as typed)."""
    if isinstance(value, bool) or value is None:
        raise BadAmount(f"Please give the {what} as a number, like {example}.", what=what, value=value)
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        # Chat slots can arrive as floats. str() keeps what was typed (12.71), not the binary float.
        number = Decimal(str(value))
    elif isinstance(value, str):
        text = value.strip().removeprefix("£").strip()
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise BadAmount(f"Please give the {what} as a number, like {example}.", what=what, value=value) from None
    else:
        raise BadAmount(f"Please give the {what} as a number, like {example}.", what=what, value=value)
    if not number.is_finite():
        raise BadAmount(f"Please give the {what} as a number, like {example}.", what=what, value=value)
    return number


def as_money(value: Any, what: str = "pay") -> Decimal:
    """Money someone is paid or gets: 0 or more, rounded to the penny."""
    number = _to_decimal(value, what, "150 or 150.50")
    if number < 0:
        raise BadAmount(f"The {what} cannot be less than £0. Please check it.", what=what, value=value)
    if number > MAX_MONEY:
        raise BadAmount(f"The {what} looks too big. Please check it.", what=what, value=value)
    return to_penny(number)


def as_hours(value: Any, what: str = "hours a week") -> Decimal:
    """Hours a week: from 0 to 168."""
    number = _to_decimal(value, what, "12 or 7.5")
    if number < 0:
        raise BadAmount(f"The {what} cannot be less than 0. Please check them.", what=what, value=value)
    if number > HOURS_IN_A_WEEK:
        raise BadAmount(f"A week has only 168 hours. Please check the {what}.", what=what, value=value)
    return number


def format_money(amount: Decimal) -> str:
    """£20, £203.50, £1,234.56. An exact rate with part of a penny keeps its digits (£12.705)."""
    if amount == amount.to_integral_value():
        return f"£{amount:,.0f}"
    if amount == amount.quantize(PENNY):
        return f"£{amount:,.2f}"
    return f"£{amount.normalize():,f}"


def format_number(amount: Decimal) -> str:
    """16, 12.5: no trailing zeros, never in E notation."""
    return f"{amount.normalize():f}"


def format_hours(hours: Decimal) -> str:
    return f"{format_number(hours)} hour" + ("" if hours == 1 else "s")


def format_percent(fraction: Decimal) -> str:
    return f"{format_number(fraction * 100)}%"


def format_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def expected_steps(figure: Figure, what: str) -> list[str]:
    """A step saying an inferred figure is expected, not yet confirmed; none for a confirmed one.

    what names the figure as the person sees it, e.g. "£203.50 limit".
    """
    return [] if figure.confirmed else [f"The {what} is expected, not yet confirmed."]


def quoted_figures(rates: "Rates") -> tuple[dict[str, str], bool]:
    """The figures a plain answer about ESA or Universal Credit quotes, formatted for the person, and
    whether any of them is inferred (so the answer says it is expected, not yet confirmed).

    quoted_figures(load_rates("2025-26"))[0]["pw_higher"] -> "£195.50"
    """
    names = {"pw_lower": "esa_permitted_work_lower_limit", "pw_higher": "esa_permitted_work_higher_limit",
             "pw_supported": "esa_supported_permitted_work_limit", "pw_hours": "esa_permitted_work_hours_limit",
             "allowance_with_housing": "uc_work_allowance_with_housing_costs",
             "allowance_without_housing": "uc_work_allowance_without_housing_costs", "taper": "uc_taper_rate"}
    figures = {key: rates[name] for key, name in names.items()}
    shown = {key: format_money(figure.value) for key, figure in figures.items()}
    shown["pw_hours"] = format_number(figures["pw_hours"].value)
    shown["taper"] = f"{format_number(figures['taper'].value * 100)}p"
    return shown, not all(figure.confirmed for figure in figures.values())


# ---------------------------------------------------------------- figures and tax years


@dataclass(frozen=True)
class Figure:
    """One figure for one tax year, with where it came from."""

    name: str
    value: Decimal
    unit: str
    source: str
    checked: date
    confidence: str  # "P" official, "S" secondary, "I" inferred
    note: str | None = None
    url: str | None = None

    @property
    def confirmed(self) -> bool:
        """False when the figure is only inferred: say it is expected, not yet confirmed."""
        return self.confidence != "I"


@dataclass(frozen=True)
class TaxBands:
    """Income tax bands for one tax year: (from, rate) pairs on pay a year above the personal allowance."""

    name: str  # "rest_of_uk" or "scotland"
    bands: tuple[tuple[Decimal, Decimal], ...]
    source: str
    checked: date
    confidence: str
    url: str | None = None


@dataclass(frozen=True)
class Rates:
    """Every figure for one UK tax year (6 April to 5 April)."""

    tax_year: str
    starts: date
    ends: date
    figures: Mapping[str, Figure]
    tax_bands: Mapping[str, TaxBands]

    def __getitem__(self, name: str) -> Figure:
        try:
            return self.figures[name]
        except KeyError:
            raise MissingFigure(f"The {self.tax_year} rates have no figure called {name!r}.") from None

    def __contains__(self, name: object) -> bool:
        return name in self.figures

    def get(self, name: str) -> Figure | None:
        return self.figures.get(name)

    def covers(self, day: date) -> bool:
        return self.starts <= day <= self.ends

    def minimum_wage(self, age: Any, apprentice: bool = False) -> tuple[Figure, str]:
        """The lowest legal pay an hour for this age, and who it is for, e.g. "people aged 21 or over".

        apprentice: True when the apprentice rate applies to this person.
        """
        years = _to_decimal(age, "age", "25")
        if years != years.to_integral_value():
            raise BadAmount("Please give the age in whole years, like 25.", what="age", value=age)
        if years < 16:
            raise BadAmount("This guide is for people aged 16 or over.", what="age", value=age)
        if years > 120:
            raise BadAmount("That age looks wrong. Please check it.", what="age", value=age)
        if apprentice:
            return self["minimum_wage_apprentice"], "apprentices"
        if years >= 21:
            return self["national_living_wage_21_plus"], "people aged 21 or over"
        if years >= 18:
            return self["minimum_wage_18_to_20"], "people aged 18 to 20"
        return self["minimum_wage_16_to_17"], "people aged 16 or 17"

    def lcwra_element(self, existing_claim: bool) -> Figure | None:
        """The UC health (LCWRA) element a month, or None where no source gives it for this year.

        From April 2026 most new claims get a lower amount; existing and protected claims keep the higher one.
        """
        single = self.get("uc_lcwra_element")
        if single is not None:
            return single
        return self.get("uc_lcwra_element_existing_claims" if existing_claim else "uc_lcwra_element_new_claims")


def tax_year_for(day: date) -> str:
    """The UK tax year a day falls in: 5 April 2026 is in "2025-26", 6 April 2026 is in "2026-27"."""
    if not isinstance(day, date):
        raise TypeError(f"tax_year_for needs a date, not {type(day).__name__}")
    start = day.year if (day.month, day.day) >= (4, 6) else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def available_tax_years(root: str | Path | None = None) -> list[str]:
    folder = Path(root) if root is not None else RATES_DIR
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.yml") if _TAX_YEAR.match(p.stem))


def rates_for(day: date, root: str | Path | None = None) -> Rates:
    """The rates for the tax year of day; after the newest tax year on file, the newest figures (the caller
    says which year they are from). Raises RatesError for a day before the oldest year on file."""
    years = available_tax_years(root)
    wanted = tax_year_for(day)
    if years and wanted > years[-1]:
        return load_rates(years[-1], root=root)
    return load_rates(wanted, root=root)


def load_rates(tax_year: str | None = None, today: date | None = None, root: str | Path | None = None) -> Rates:
    """The rates for a tax year ("2026-27"); without one, the tax year of today (or of the date given).

    root: the folder holding the <tax year>.yml files (default data/knowledge/rates).
    Raises RatesError (a ValueError) when there is no file for that year, naming the years we have.
    """
    folder = Path(root) if root is not None else RATES_DIR
    if tax_year is None:
        tax_year = tax_year_for(today if today is not None else date.today())
    match = _TAX_YEAR.match(str(tax_year))
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise RatesError(f"{tax_year!r} is not a tax year. Write it like '2026-27'.")
    path = folder / f"{tax_year}.yml"
    if not path.is_file():
        years = available_tax_years(folder)
        have = ", ".join(years) if years else "none"
        raise RatesError(f"There are no rates for the tax year {tax_year}. Years we have: {have} (in {folder}).")
    return _parse_rates(path, tax_year)


def _parse_rates(path: Path, tax_year: str) -> Rates:
    """The file read once per change: a money answer asks for the rates several times in one turn."""
    return _parsed_rates(path, tax_year, path.stat().st_mtime_ns)


@lru_cache(maxsize=16)
def _parsed_rates(path: Path, tax_year: str, _changed: int) -> Rates:
    def broken(message: str) -> RatesError:
        return RatesError(f"{path}: {message}")

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise broken(f"not valid YAML ({error})") from None
    if not isinstance(data, dict):
        raise broken("expected a mapping with tax_year, starts, ends and figures")
    if data.get("tax_year") != tax_year:
        raise broken(f"tax_year is {data.get('tax_year')!r}, but the file name says {tax_year!r}")
    first = int(tax_year[:4])
    starts, ends = data.get("starts"), data.get("ends")
    if starts != date(first, 4, 6) or ends != date(first + 1, 4, 5):
        raise broken(f"starts and ends must be {date(first, 4, 6)} and {date(first + 1, 4, 5)}")

    raw = data.get("figures")
    if not isinstance(raw, dict) or not raw:
        raise broken("figures must be a mapping of figure name to its value, unit, source, checked and confidence")
    figures = {}
    for name, item in raw.items():
        figures[name] = _parse_figure(name, item, broken)
    missing = [name for name in REQUIRED_FIGURES if name not in figures]
    if missing:
        raise broken(f"missing figures: {', '.join(missing)}")
    raw_bands = data.get("income_tax_bands")
    if not isinstance(raw_bands, dict) or set(raw_bands) != set(TAX_BANDS):
        raise broken(f"income_tax_bands must have exactly: {', '.join(TAX_BANDS)}")
    bands = {name: _parse_bands(name, item, broken) for name, item in raw_bands.items()}
    return Rates(tax_year=tax_year, starts=starts, ends=ends, figures=MappingProxyType(figures),
                 tax_bands=MappingProxyType(bands))


def _parse_bands(name: str, item: Any, broken) -> TaxBands:
    keys = {"bands", "source", "checked", "confidence"}
    if not isinstance(item, dict) or keys - set(item) or set(item) - keys - {"url", "note"}:
        raise broken(f"income_tax_bands {name}: needs exactly bands, source, checked and confidence (url, note optional)")
    bands = []
    for band in item["bands"] or []:
        if not isinstance(band, dict) or set(band) != {"from", "rate"}:
            raise broken(f"income_tax_bands {name}: each band needs from and rate")
        try:
            start, rate = Decimal(str(band["from"])), Decimal(str(band["rate"]))
        except InvalidOperation:
            raise broken(f"income_tax_bands {name}: from and rate must be numbers") from None
        bands.append((start, rate))
    if not bands or bands[0][0] != 0 or any(a[0] >= b[0] for a, b in zip(bands, bands[1:])) \
            or any(not 0 <= rate < 1 for _, rate in bands):
        raise broken(f"income_tax_bands {name}: bands start from 0, rise, and have rates from 0 to under 1")
    if item["confidence"] not in CONFIDENCE_GRADES or not isinstance(item["checked"], date) \
            or not str(item["source"]).strip():
        raise broken(f"income_tax_bands {name}: needs a source, a checked date and a confidence of P, S or I")
    return TaxBands(name=name, bands=tuple(bands), source=str(item["source"]).strip(), checked=item["checked"],
                    confidence=item["confidence"], url=item.get("url"))


def _parse_figure(name: str, item: Any, broken) -> Figure:
    if not isinstance(item, dict):
        raise broken(f"{name}: expected a mapping with value, unit, source, checked and confidence")
    keys = set(item)
    if _FIGURE_KEYS - keys:
        raise broken(f"{name}: missing {', '.join(sorted(_FIGURE_KEYS - keys))}")
    if keys - _FIGURE_KEYS - _OPTIONAL_FIGURE_KEYS:
        raise broken(f"{name}: unknown keys {', '.join(sorted(keys - _FIGURE_KEYS - _OPTIONAL_FIGURE_KEYS))}")
    value = item["value"]
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise broken(f'{name}: write the value in quotes, like "203.50", so it stays exact')
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise broken(f"{name}: value {value!r} is not a number") from None
    if not number.is_finite() or number < 0:
        raise broken(f"{name}: value {value!r} must be 0 or more")
    if item["unit"] not in UNITS:
        raise broken(f"{name}: unit {item['unit']!r} must be one of: {', '.join(UNITS)}")
    if not isinstance(item["source"], str) or not item["source"].strip():
        raise broken(f"{name}: source must say where the figure comes from")
    if not isinstance(item["checked"], date):
        raise broken(f"{name}: checked must be a date, like 2026-11-23")
    if item["confidence"] not in CONFIDENCE_GRADES:
        raise broken(f"{name}: confidence must be P, S or I")
    return Figure(
        name=name,
        value=number,
        unit=item["unit"],
        source=item["source"].strip(),
        checked=item["checked"],
        confidence=item["confidence"],
        note=item.get("note"),
        url=item.get("url"),
    )
