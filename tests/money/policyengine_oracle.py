"""PolicyEngine UK as an oracle for our money rules: income tax, employee National Insurance, the earned
income Universal Credit counts, and how far UC falls because of pay, for a batch of one-adult households.

Run it with the PolicyEngine environment's Python (`make .venvs/policyengine/.installed` builds it); it
imports nothing from the project, only policyengine_uk and the standard library:

    .venvs/policyengine/bin/python tests/money/policyengine_oracle.py < households.json > results.json

Input, a JSON list of households:
    {"id": "h1", "tax_year": "2025-26", "nation": "england", "age": 30, "lcw_or_lcwra": false,
     "children": 0, "rent_a_month": "650.00", "gross_pay_a_month": "1234.56", "pension_a_month": "0"}
  tax_year       "2025-26" or "2026-27" (any "YYYY-YY"; PolicyEngine's year YYYY is that tax year)
  nation         england, wales, scotland or northern_ireland
  age            the one adult's age; single, no partner
  lcw_or_lcwra   true: limited capability for work and work-related activity (LCWRA element, work allowance)
  children       0 or 1 (one child aged 5)
  rent_a_month   rent UC meets in full as housing costs (a social tenancy, so no Local Housing Allowance
                 cap and no size rule); "0": no housing costs, no housing element
  gross_pay_a_month   pay from employment before anything comes off; a year is 12 times this
  pension_a_month     the employee's own workplace pension contributions (a net pay arrangement)
Optional keys: "region" (a PolicyEngine Region name such as "LONDON", overriding the one the nation gives)
and "new_claimant_health_element" (true: from 2026-27 the LCWRA element at the new-claimant rate; by
default the protected rate PolicyEngine gives a household situation).

Output, a JSON list in the same order:
    {"id", "income_tax_a_month", "national_insurance_a_month", "net_earnings_a_month",
     "uc_without_work_a_month", "uc_with_work_a_month", "uc_fall_a_month", "detail", "notes"}
Each amount is PolicyEngine's yearly figure divided by 12, as repr() of the float: not rounded. "detail"
holds the parts of the UC award (the same way, with work unless named "_without_work"), "notes" anything
odd (UC not claimed or not eligible, the benefit cap, a UC deduction, income tax on anything but pay...).

One batch Simulation per tax year holds every household twice: once with its pay and once with no pay,
for the UC fall. The figures are computed in float64 (PolicyEngine stores floats as float32, which puts
noise of about a tenth of a penny a month into yearly amounts of thousands of pounds); pass --float32 to
run PolicyEngine's storage exactly as it ships. --timing prints the time taken to standard error.
"""
from __future__ import annotations

import json
import re
import sys
import time
from decimal import Decimal, InvalidOperation

NATION_REGIONS = {
    # England is one region outside London, so the benefit cap is the one for outside Greater London.
    "england": "NORTH_WEST",
    "wales": "WALES",
    "scotland": "SCOTLAND",
    "northern_ireland": "NORTHERN_IRELAND",
}
NATION_COUNTRIES = {"england": "ENGLAND", "wales": "WALES", "scotland": "SCOTLAND",
                    "northern_ireland": "NORTHERN_IRELAND"}
REGIONS = ("NORTH_EAST", "NORTH_WEST", "YORKSHIRE", "EAST_MIDLANDS", "WEST_MIDLANDS", "EAST_OF_ENGLAND", "LONDON",
           "SOUTH_EAST", "SOUTH_WEST", "WALES", "SCOTLAND", "NORTHERN_IRELAND")
CHILD_AGE = 5
REQUIRED = ("id", "tax_year", "nation", "age", "lcw_or_lcwra", "children", "rent_a_month",
            "gross_pay_a_month", "pension_a_month")

# Person, benefit unit and household variables read back, and what they are called in "detail".
DETAIL_BENUNIT = {
    "uc_maximum_amount": "uc_maximum_amount_a_month",
    "uc_standard_allowance": "uc_standard_allowance_a_month",
    "uc_child_element": "uc_child_element_a_month",
    "uc_LCWRA_element": "uc_lcwra_element_a_month",
    "uc_housing_costs_element": "uc_housing_element_a_month",
    "uc_work_allowance": "uc_work_allowance_a_month",
    "uc_earned_income": "uc_earned_income_after_work_allowance_a_month",
    "uc_income_reduction": "uc_income_reduction_a_month",
    "uc_unearned_income": "uc_unearned_income_a_month",
    "uc_benefit_cap_reduction_after_floor": "uc_benefit_cap_reduction_a_month",
    "uc_deductions": "uc_deductions_a_month",
}


class BadHousehold(ValueError):
    pass


def money(household: dict, key: str) -> float:
    try:
        value = Decimal(str(household[key]))
    except (InvalidOperation, TypeError) as error:
        raise BadHousehold(f"{household.get('id')!r}: {key} is not an amount: {household[key]!r}") from error
    if not value.is_finite() or value < 0:
        raise BadHousehold(f"{household.get('id')!r}: {key} must be 0 or more: {household[key]!r}")
    return float(value)


def tax_year_start(household: dict) -> int:
    match = re.fullmatch(r"(\d{4})-(\d{2})", str(household["tax_year"]))
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise BadHousehold(f"{household.get('id')!r}: tax_year must look like 2025-26: {household['tax_year']!r}")
    return int(match.group(1))


def check(household: dict) -> dict:
    """The household's inputs, checked and in PolicyEngine's terms (yearly amounts)."""
    if not isinstance(household, dict):
        raise BadHousehold(f"each household must be an object: {household!r}")
    missing = [key for key in REQUIRED if key not in household]
    if missing:
        raise BadHousehold(f"{household.get('id')!r}: missing {', '.join(missing)}")
    nation = household["nation"]
    if nation not in NATION_REGIONS:
        raise BadHousehold(f"{household['id']!r}: nation must be one of {', '.join(NATION_REGIONS)}: {nation!r}")
    age = household["age"]
    if isinstance(age, bool) or not isinstance(age, int) or not 16 <= age <= 120:
        raise BadHousehold(f"{household['id']!r}: age must be a whole number from 16: {age!r}")
    if household["children"] not in (0, 1) or isinstance(household["children"], bool):
        raise BadHousehold(f"{household['id']!r}: children must be 0 or 1: {household['children']!r}")
    if not isinstance(household["lcw_or_lcwra"], bool):
        raise BadHousehold(f"{household['id']!r}: lcw_or_lcwra must be true or false")
    if household.get("region") is not None and household["region"] not in REGIONS:
        raise BadHousehold(f"{household['id']!r}: region must be one of {', '.join(REGIONS)}: {household['region']!r}")
    new_claimant = household.get("new_claimant_health_element", False)
    if not isinstance(new_claimant, bool):
        raise BadHousehold(f"{household['id']!r}: new_claimant_health_element must be true or false")
    return {
        "id": household["id"],
        "year": tax_year_start(household),
        "region": household.get("region") or NATION_REGIONS[nation],
        "country": NATION_COUNTRIES[nation],
        "age": age,
        "lcwra": household["lcw_or_lcwra"],
        "children": household["children"],
        "rent": money(household, "rent_a_month") * 12,
        "pay": money(household, "gross_pay_a_month") * 12,
        "pension": money(household, "pension_a_month") * 12,
        "new_claimant": new_claimant,
    }


def situation(households: list[dict], year: int) -> dict:
    """One situation with every household twice: "w" with its pay, "n" with none."""
    people, benunits, homes = {}, {}, {}
    for index, household in enumerate(households):
        for variant in ("w", "n"):
            key = f"{index}{variant}"
            adult = f"a{key}"
            members = [adult]
            people[adult] = {
                "age": {year: household["age"]},
                "employment_income": {year: household["pay"] if variant == "w" else 0.0},
                "employee_pension_contributions_reported": {
                    year: household["pension"] if variant == "w" else 0.0},
                # LCWRA implies LCW in PolicyEngine (uc_limited_capability_for_work); both are set so that
                # neither falls back on is_disabled_for_benefits.
                "uc_limited_capability_for_WRA": {year: household["lcwra"]},
                "uc_limited_capability_for_work": {year: household["lcwra"]},
            }
            if household["children"]:
                child = f"c{key}"
                members.append(child)
                people[child] = {"age": {year: CHILD_AGE}}
            benunits[f"b{key}"] = {
                "members": members,
                # The take-up flag; it defaults to true in a situation, but say so.
                "would_claim_uc": {year: True},
                "uc_receives_new_claimant_health_element": {year: household["new_claimant"]},
            }
            homes[f"h{key}"] = {
                "members": members,
                "region": {year: household["region"]},
                "tenure_type": {year: "RENT_FROM_HA" if household["rent"] > 0 else "OWNED_OUTRIGHT"},
                "rent": {year: household["rent"]},
            }
    return {"people": people, "benunits": benunits, "households": homes}


def a_month(value) -> str:
    return repr(float(value) / 12)


def run_year(households: list[dict], year: int) -> list[dict]:
    from policyengine_uk import Simulation

    sim = Simulation(situation=situation(households, year))

    def calc(variable: str):
        return sim.calculate(variable, year)

    person_ids = [f"a{index}{variant}" for index in range(len(households)) for variant in ("w", "n")]
    person_index = {name: i for i, name in enumerate(sim.populations["person"].ids)}
    benunit_index = {name: i for i, name in enumerate(sim.populations["benunit"].ids)}
    household_index = {name: i for i, name in enumerate(sim.populations["household"].ids)}
    assert set(person_ids) <= set(person_index)

    person = {name: calc(name) for name in (
        "employment_income", "income_tax", "uc_income_tax_on_earnings", "CB_HITC", "ni_class_1_employee",
        "national_insurance", "pension_contributions")}
    benunit = {name: calc(name) for name in (
        "universal_credit", "universal_credit_pre_benefit_cap", "claims_universal_credit", "is_uc_eligible",
        "uc_earned_income_before_work_allowance", *DETAIL_BENUNIT)}
    country = calc("country")

    results = []
    for index, household in enumerate(households):
        notes = []
        a = {v: person_index[f"a{index}{v}"] for v in ("w", "n")}
        b = {v: benunit_index[f"b{index}{v}"] for v in ("w", "n")}
        h = household_index[f"h{index}w"]
        # Income tax on the pay, as UC deducts it: PolicyEngine's income_tax adds the High Income Child
        # Benefit Charge (and the winter fuel payment charge), which is not tax on pay.
        tax = person["uc_income_tax_on_earnings"][a["w"]]
        insurance = person["ni_class_1_employee"][a["w"]]
        net = benunit["uc_earned_income_before_work_allowance"][b["w"]]
        with_work = benunit["universal_credit"][b["w"]]
        without_work = benunit["universal_credit"][b["n"]]
        result = {
            "id": household["id"],
            "income_tax_a_month": a_month(tax),
            "national_insurance_a_month": a_month(insurance),
            "net_earnings_a_month": a_month(net),
            "uc_without_work_a_month": a_month(without_work),
            "uc_with_work_a_month": a_month(with_work),
            "uc_fall_a_month": a_month(float(without_work) - float(with_work)),
        }
        detail = {
            "income_tax_all_a_month": a_month(person["income_tax"][a["w"]]),
            "high_income_child_benefit_charge_a_month": a_month(person["CB_HITC"][a["w"]]),
            "pension_contributions_a_month": a_month(person["pension_contributions"][a["w"]]),
        }
        detail.update({label: a_month(benunit[name][b["w"]]) for name, label in DETAIL_BENUNIT.items()})
        for name in ("uc_maximum_amount", "uc_benefit_cap_reduction_after_floor"):
            detail[DETAIL_BENUNIT[name].replace("_a_month", "_without_work_a_month")] = a_month(
                benunit[name][b["n"]])
        result["detail"] = detail

        if str(country[h]) != household["country"]:
            notes.append(f"PolicyEngine placed the household in {country[h]}, not {household['country']}")
        if abs(float(person["employment_income"][a["w"]]) - household["pay"]) > 0.01:
            notes.append(f"PolicyEngine's employment income is {person['employment_income'][a['w']]!r} a year, "
                         f"not {household['pay']!r}")
        charge = float(person["CB_HITC"][a["w"]])
        if charge > 0:
            notes.append(f"the High Income Child Benefit Charge of {a_month(charge)} a month is left out of "
                         "income tax (PolicyEngine's income_tax includes it)")
        # Tolerances of a tenth of a penny a year allow for float32 storage under --float32.
        if abs(float(person["income_tax"][a["w"]]) - charge - float(tax)) > 0.001:
            notes.append(f"PolicyEngine's income_tax ({a_month(person['income_tax'][a['w']])} a month) is not the "
                         "tax on pay plus the High Income Child Benefit Charge")
        if abs(float(insurance) - float(person["national_insurance"][a["w"]])) > 0.001:
            notes.append("National Insurance includes more than employee Class 1 "
                         f"({a_month(person['national_insurance'][a['w']])} a month in all)")
        if household["pension"] and abs(float(person["pension_contributions"][a["w"]]) - household["pension"]) > 0.01:
            notes.append(f"PolicyEngine's pension contributions are {a_month(person['pension_contributions'][a['w']])} "
                         "a month")
        for variant, label in (("w", "with work"), ("n", "without work")):
            if not bool(benunit["claims_universal_credit"][b[variant]]):
                notes.append(f"UC is not claimed {label} (take-up)")
            if not bool(benunit["is_uc_eligible"][b[variant]]):
                notes.append(f"not eligible for UC {label} (age, pension age or capital)")
            cap = float(benunit["uc_benefit_cap_reduction_after_floor"][b[variant]])
            if cap > 0:
                notes.append(f"the benefit cap takes {a_month(cap)} a month off UC {label}")
            deductions = float(benunit["uc_deductions"][b[variant]])
            if deductions > 0:
                notes.append(f"UC deductions of {a_month(deductions)} a month {label}")
            unearned = float(benunit["uc_unearned_income"][b[variant]])
            if unearned > 0:
                notes.append(f"UC counts unearned income of {a_month(unearned)} a month {label}")
        if float(with_work) == 0 and float(benunit["universal_credit_pre_benefit_cap"][b["w"]]) <= 0 \
                and float(without_work) > 0:
            notes.append("pay ends UC entitlement: the fall is all of UC without work "
                         "(PolicyEngine holds UC at 0, never below)")
        if float(net) <= 0 < household["pay"]:
            notes.append("no earned income left for UC after tax, National Insurance and pension")
        result["notes"] = notes
        results.append(result)
    return results


def main(argv: list[str]) -> int:
    if "--float32" not in argv:
        # Must happen before policyengine_uk builds its variables.
        import numpy
        import policyengine_core.variables.config as config
        config.VALUE_TYPES[float]["dtype"] = numpy.float64
    start = time.perf_counter()
    try:
        raw = json.load(sys.stdin)
        if not isinstance(raw, list):
            raise BadHousehold("the input must be a JSON list of households")
        households = [check(household) for household in raw]
    except (ValueError, KeyError) as error:
        print(f"policyengine_oracle: {error}", file=sys.stderr)
        return 2
    by_year: dict[int, list[int]] = {}
    for position, household in enumerate(households):
        by_year.setdefault(household["year"], []).append(position)
    results: list[dict | None] = [None] * len(households)
    for year, positions in sorted(by_year.items()):
        for position, result in zip(positions, run_year([households[p] for p in positions], year)):
            results[position] = result
    json.dump(results, sys.stdout, indent=1)
    sys.stdout.write("\n")
    if "--timing" in argv:
        print(f"policyengine_oracle: {len(households)} households in {time.perf_counter() - start:.1f} s",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
