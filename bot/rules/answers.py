"""The figures and rule texts that the plain answers about ESA and Universal Credit are filled with
(utter_benefit_answer in domain/core.yml, and the answers in data/knowledge/answers.yml), so the answer
and its "tell me more" say the same."""
from __future__ import annotations

from dataclasses import dataclass
from string import Formatter

from bot.knowledge.answers import Answer
from bot.knowledge.bodies import benefits_body, disability_benefit

from .first_wca import first_wca_warning, first_wca_warning_more
from .rates import Rates, format_number, quoted_figures

# The figures quoted_figures gives that come from the rates file, so an answer that uses one says so when
# this year's figure is only expected.
RATE_FIGURES = ("pw_lower", "pw_higher", "pw_supported", "pw_hours", "allowance_with_housing",
                "allowance_without_housing", "taper")


def benefit_answer_slots(rates: Rates, nation: str | None = None) -> tuple[dict[str, str], bool]:
    """quoted_figures(rates), the first-assessment rule at both levels and who to tell where the person
    lives (both bodies when not known); and whether any figure is only expected (graded I)."""
    shown, inferred = quoted_figures(rates)
    shown["benefits_body"] = benefits_body(nation)
    shown["first_wca"] = "\n".join(first_wca_warning(rates))
    shown["first_wca_more"] = "\n".join(first_wca_warning_more(rates))
    return shown, inferred


@dataclass(frozen=True)
class FilledAnswer:
    """An answer from answers.yml with its names and figures filled in for one person."""

    easy: str
    more: str
    then: str  # "benefits_adviser" or "talk_it_through"
    expected: bool  # a figure in it is only expected for this year (graded I), so the answer says so


def _names_in(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def filled_answer(answer: Answer, rates: Rates, nation: str | None = None) -> FilledAnswer:
    """The answer with this tax year's figures, the first-assessment rule (bot/rules/first_wca.py, which says
    itself when its threshold is expected) and the body and disability benefit of the person's nation (both
    named when the nation is not known). A name the text uses that nothing fills is an error in the file."""
    shown, rates_inferred = benefit_answer_slots(rates, nation)
    shown["disability_benefit"] = disability_benefit(nation)
    for name, figure in answer.figures.items():
        shown[name] = f"{format_number(figure.value)} {figure.unit}"
    used = _names_in(answer.text.easy) | _names_in(answer.text.more or "")
    expected = (rates_inferred and bool(used & set(RATE_FIGURES))) or any(
        not answer.figures[name].confirmed for name in used & answer.figures.keys())
    return FilledAnswer(easy=answer.text.easy.format_map(shown), more=(answer.text.more or "").format_map(shown),
                        then=answer.then, expected=expected)
