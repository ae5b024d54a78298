"""The rates files: every figure is there, graded and sourced, and agrees with FACTS.md section 1.

The Permitted Work higher limit and the UC reg. 41 first-WCA threshold both follow from the National
Living Wage, so they are worked out here again from the wage table and compared with what is stored.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

import pytest

from bot.rules import (Figure, MissingFigure, RatesError, available_tax_years, load_rates, quoted_figures, rates_for,
                       tax_year_for)
from bot.rules.rates import RATES_DIR, REQUIRED_FIGURES, UNITS

YEARS = ["2024-25", "2025-26", "2026-27"]
CHECKED = date(2026, 11, 23)

# FACTS.md section 1, copied by hand: (value, confidence). Figures FACTS.md does not grade (hours limit,
# taper, Supported Permitted Work, wages for under-21s) take the grade research/anchors.md gives them.
FACTS = {
    "2024-25": {
        "esa_permitted_work_higher_limit": ("183.50", "P"),
        "esa_permitted_work_lower_limit": ("20", "S"),
        "esa_supported_permitted_work_limit": ("183.50", "P"),
        "esa_permitted_work_hours_limit": ("16", "P"),
        "national_living_wage_21_plus": ("11.44", "P"),
        "minimum_wage_18_to_20": ("8.60", "P"),
        "minimum_wage_16_to_17": ("6.40", "P"),
        "minimum_wage_apprentice": ("6.40", "P"),
        "uc_work_allowance_with_housing_costs": ("404", "P"),
        "uc_work_allowance_without_housing_costs": ("673", "P"),
        "uc_taper_rate": ("0.55", "P"),
        "uc_first_wca_earnings_threshold": ("793.17", "I"),
    },
    "2025-26": {
        "esa_permitted_work_higher_limit": ("195.50", "S"),
        "esa_permitted_work_lower_limit": ("20", "S"),
        "esa_supported_permitted_work_limit": ("195.50", "S"),
        "esa_permitted_work_hours_limit": ("16", "P"),
        "national_living_wage_21_plus": ("12.21", "P"),
        "minimum_wage_18_to_20": ("10.00", "P"),
        "minimum_wage_16_to_17": ("7.55", "P"),
        "minimum_wage_apprentice": ("7.55", "P"),
        "uc_work_allowance_with_housing_costs": ("411", "P"),
        "uc_work_allowance_without_housing_costs": ("684", "P"),
        "uc_taper_rate": ("0.55", "P"),
        "uc_lcwra_element": ("423.27", "S"),
        "uc_first_wca_earnings_threshold": ("846.56", "I"),
    },
    "2026-27": {
        "esa_permitted_work_higher_limit": ("203.50", "I"),
        "esa_permitted_work_lower_limit": ("20", "I"),
        "esa_supported_permitted_work_limit": ("203.50", "I"),
        "esa_permitted_work_hours_limit": ("16", "P"),
        "national_living_wage_21_plus": ("12.71", "P"),
        "minimum_wage_18_to_20": ("10.85", "P"),
        "minimum_wage_16_to_17": ("8.00", "P"),
        "minimum_wage_apprentice": ("8.00", "P"),
        "uc_work_allowance_with_housing_costs": ("427", "S"),
        "uc_work_allowance_without_housing_costs": ("710", "S"),
        "uc_taper_rate": ("0.55", "S"),
        "uc_lcwra_element_new_claims": ("217.26", "S"),
        "uc_lcwra_element_existing_claims": ("429.80", "S"),
        "uc_first_wca_earnings_threshold": ("881.23", "I"),
    },
}


# PolicyEngine UK 2.162.10's parameters (FACTS.md section 1 names it as the source for tax and National
# Insurance), copied by hand: the same in all three years.
TAX_CHECKED = date(2026, 12, 7)
TAX_FIGURES = {
    "income_tax_personal_allowance": ("12570", "P"),
    "income_tax_personal_allowance_taper_threshold": ("100000", "P"),
    "income_tax_personal_allowance_taper_rate": ("0.5", "P"),
    "ni_primary_threshold": ("241.73", "P"),
    "ni_upper_earnings_limit": ("966.73", "P"),
    "ni_main_rate": ("0.08", "P"),
    "ni_additional_rate": ("0.02", "P"),
}
RUK_BANDS = [("0", "0.20"), ("37700", "0.40"), ("125140", "0.45")]
SCOTTISH_BANDS = {
    year: [("0", "0.19"), (basic, "0.20"), (intermediate, "0.21"), ("31092", "0.42"), ("62430", "0.45"), ("125140", "0.48")]
    for year, basic, intermediate in [("2024-25", "2306", "13991"), ("2025-26", "2827", "14921"),
                                      ("2026-27", "3967", "16956")]
}


def test_there_is_a_file_for_each_year():
    assert available_tax_years() == YEARS


@pytest.mark.parametrize("year", YEARS)
def test_each_year_loads_with_every_figure_sourced_checked_and_graded(year):
    rates = load_rates(year)
    assert rates.tax_year == year
    first = int(year[:4])
    assert (rates.starts, rates.ends) == (date(first, 4, 6), date(first + 1, 4, 5))
    assert set(REQUIRED_FIGURES) <= set(rates.figures)
    for name, figure in rates.figures.items():
        assert isinstance(figure, Figure)
        assert figure.name == name
        assert isinstance(figure.value, Decimal), name
        assert figure.unit in UNITS, name
        if name in TAX_FIGURES:
            assert figure.source.startswith("PolicyEngine UK 2.162.10 parameters, gov/hmrc/"), name
            assert figure.checked == TAX_CHECKED, name
        else:
            assert figure.source.startswith("FACTS.md §1; research/anchors.md B."), name
            assert figure.checked == CHECKED, name
        assert figure.confidence in ("P", "S", "I"), name
        assert figure.confirmed is (figure.confidence != "I"), name


@pytest.mark.parametrize("year", YEARS)
def test_stored_figures_match_facts_md_and_policyengine(year):
    rates = load_rates(year)
    stored = {name: (f.value, f.confidence) for name, f in rates.figures.items()}
    expected = {name: (Decimal(value), grade) for name, (value, grade) in {**FACTS[year], **TAX_FIGURES}.items()}
    assert stored == expected
    bands = {name: [(str(start), str(rate)) for start, rate in b.bands] for name, b in rates.tax_bands.items()}
    assert bands == {"rest_of_uk": RUK_BANDS, "scotland": SCOTTISH_BANDS[year]}
    assert all(b.source.startswith("PolicyEngine UK 2.162.10 parameters") for b in rates.tax_bands.values())


@pytest.mark.parametrize("year", YEARS)
def test_permitted_work_higher_limit_is_16_hours_at_nlw_rounded_up_to_50p(year):
    rates = load_rates(year)
    nlw = rates["national_living_wage_21_plus"].value
    half_pounds = (16 * nlw / Decimal("0.50")).to_integral_value(rounding=ROUND_CEILING)
    derived = half_pounds * Decimal("0.50")
    # 2024-25: 16 x 11.44 = 183.04 -> 183.50; 2025-26: 16 x 12.21 = 195.36 -> 195.50;
    # 2026-27: 16 x 12.71 = 203.36 -> 203.50
    assert rates["esa_permitted_work_higher_limit"].value == derived
    assert rates["esa_supported_permitted_work_limit"].value == derived


@pytest.mark.parametrize("year", YEARS)
def test_reg_41_threshold_is_16_hours_at_nlw_a_month(year):
    rates = load_rates(year)
    nlw = rates["national_living_wage_21_plus"].value
    derived = (16 * nlw * 52 / Decimal(12)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    # 2024-25: 183.04 x 52 / 12 = 793.173 -> 793.17; 2025-26: 195.36 x 52 / 12 = 846.56;
    # 2026-27: 203.36 x 52 / 12 = 881.2266 -> 881.23
    assert rates["uc_first_wca_earnings_threshold"].value == derived


def test_missing_figure_is_absent_not_zero():
    rates = load_rates("2024-25")
    assert "uc_lcwra_element" not in rates
    assert rates.lcwra_element(existing_claim=True) is None
    with pytest.raises(MissingFigure, match="2024-25"):
        rates["uc_lcwra_element"]


def test_lcwra_element_has_two_values_from_april_2026():
    rates = load_rates("2026-27")
    assert rates.lcwra_element(existing_claim=False).value == Decimal("217.26")
    assert rates.lcwra_element(existing_claim=True).value == Decimal("429.80")
    one_rate = load_rates("2025-26")
    assert one_rate.lcwra_element(existing_claim=False).value == Decimal("423.27")
    assert one_rate.lcwra_element(existing_claim=True).value == Decimal("423.27")


def test_inferred_figures_are_not_confirmed():
    rates = load_rates("2026-27")
    assert not rates["esa_permitted_work_higher_limit"].confirmed
    assert rates["national_living_wage_21_plus"].confirmed


@pytest.mark.parametrize(
    "day, year",
    [
        (date(2026, 4, 5), "2025-26"),
        (date(2026, 4, 6), "2026-27"),
        (date(2026, 11, 23), "2026-27"),
        (date(2027, 1, 1), "2026-27"),
        (date(2027, 4, 5), "2026-27"),
        (date(2027, 4, 6), "2027-28"),
        (date(1999, 4, 6), "1999-00"),
        (datetime(2025, 4, 5, 23, 59), "2024-25"),
    ],
)
def test_tax_year_boundary(day, year):
    assert tax_year_for(day) == year


def test_load_rates_chooses_the_year_from_today():
    assert load_rates(today=date(2026, 4, 5)).tax_year == "2025-26"
    assert load_rates(today=date(2026, 4, 6)).tax_year == "2026-27"
    assert load_rates("2024-25", today=date(2026, 4, 6)).tax_year == "2024-25"
    assert load_rates(today=date(2026, 11, 23)).covers(date(2026, 11, 23))


def test_a_year_without_a_file_names_the_years_we_have():
    with pytest.raises(ValueError, match="2027-28.*2024-25, 2025-26, 2026-27"):
        load_rates(today=date(2027, 4, 6))
    with pytest.raises(RatesError, match="not a tax year"):
        load_rates("2026-28")


GOOD_FIGURE = """
    value: "1"
    unit: GBP a week
    source: "FACTS.md §1"
    checked: 2026-11-23
    confidence: P
"""


GOOD_BANDS = """
income_tax_bands:
  rest_of_uk:
    source: "PolicyEngine UK"
    checked: 2026-12-07
    confidence: P
    bands:
      - {from: "0", rate: "0.20"}
      - {from: "37700", rate: "0.40"}
  scotland:
    source: "PolicyEngine UK"
    checked: 2026-12-07
    confidence: P
    bands:
      - {from: "0", rate: "0.19"}
"""


def _write_year(tmp_path, figure_text: str, tax_year: str = "2030-31", starts: str = "2030-04-06", ends: str = "2031-04-05",
                bands: str = GOOD_BANDS):
    body = "".join(f"  {name}:{GOOD_FIGURE}" for name in REQUIRED_FIGURES[1:])
    text = f'tax_year: "{tax_year}"\nstarts: {starts}\nends: {ends}\nfigures:\n  {REQUIRED_FIGURES[0]}:{figure_text}{body}{bands}'
    (tmp_path / f"{tax_year}.yml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("bands, message", [
    ("", "income_tax_bands must have exactly"),
    (GOOD_BANDS.replace('{from: "37700", rate: "0.40"}', '{from: "0", rate: "0.40"}'), "start from 0, rise"),
    (GOOD_BANDS.replace('rate: "0.19"', 'rate: "19"'), "rates from 0 to under 1"),
    (GOOD_BANDS.replace('    source: "PolicyEngine UK"\n', "", 1), "needs exactly bands, source"),
])
def test_broken_tax_bands_are_refused_with_a_clear_message(tmp_path, bands, message):
    _write_year(tmp_path, GOOD_FIGURE, bands=bands)
    with pytest.raises(RatesError, match=message):
        load_rates("2030-31", root=tmp_path)


def test_after_the_newest_year_on_file_the_newest_rates_are_used(tmp_path):
    assert rates_for(date(2027, 4, 6)).tax_year == "2026-27"  # 2027-28 has no file yet: never a crash
    assert rates_for(date(2031, 1, 1)).tax_year == "2026-27"
    assert rates_for(date(2026, 4, 5)).tax_year == "2025-26"
    with pytest.raises(RatesError, match="2023-24"):
        rates_for(date(2023, 5, 1))  # before the oldest year: no figures to fall back on


def test_root_can_be_overridden(tmp_path):
    _write_year(tmp_path, GOOD_FIGURE)
    rates = load_rates(today=date(2030, 6, 1), root=tmp_path)
    assert rates.tax_year == "2030-31"
    assert rates["esa_permitted_work_higher_limit"].value == Decimal("1")


@pytest.mark.parametrize(
    "figure_text, message",
    [
        (GOOD_FIGURE.replace('    source: "FACTS.md §1"\n', ""), "missing source"),
        (GOOD_FIGURE.replace("confidence: P", "confidence: X"), "confidence must be P, S or I"),
        (GOOD_FIGURE.replace('value: "1"', "value: 1.5"), "in quotes"),
        (GOOD_FIGURE.replace('value: "1"', 'value: "-1"'), "0 or more"),
        (GOOD_FIGURE.replace("GBP a week", "pounds"), "unit"),
        (GOOD_FIGURE.replace("checked: 2026-11-23", "checked: soon"), "checked must be a date"),
        (GOOD_FIGURE + "    sauce: x\n", "unknown keys"),
    ],
)
def test_a_broken_figure_is_refused_with_a_clear_message(tmp_path, figure_text, message):
    _write_year(tmp_path, figure_text)
    with pytest.raises(RatesError, match=message):
        load_rates("2030-31", root=tmp_path)


def test_wrong_dates_are_refused(tmp_path):
    _write_year(tmp_path, GOOD_FIGURE, starts="2030-04-01")
    with pytest.raises(RatesError, match="starts and ends"):
        load_rates("2030-31", root=tmp_path)


def test_the_stored_files_live_in_data_knowledge_rates():
    assert RATES_DIR.parts[-3:] == ("data", "knowledge", "rates")


def test_the_figures_a_plain_answer_quotes_are_the_years_own():
    shown, inferred = quoted_figures(load_rates("2025-26"))
    assert (shown["pw_lower"], shown["pw_higher"], shown["pw_hours"]) == ("£20", "£195.50", "16")
    assert (shown["allowance_with_housing"], shown["allowance_without_housing"], shown["taper"]) == ("£411", "£684", "55p")
    assert not inferred
    shown, inferred = quoted_figures(load_rates("2026-27"))
    assert shown["pw_higher"] == "£203.50" and inferred  # FACTS.md grades this year's limits I
