"""The figures and rule texts that the plain answers about ESA and Universal Credit are filled with
(utter_benefit_answer in domain/core.yml), so the answer and its "tell me more" say the same."""
from __future__ import annotations

from bot.knowledge.bodies import benefits_body

from .first_wca import first_wca_warning, first_wca_warning_more
from .rates import Rates, quoted_figures


def benefit_answer_slots(rates: Rates, nation: str | None = None) -> tuple[dict[str, str], bool]:
    """quoted_figures(rates), the first-assessment rule at both levels and who to tell where the person
    lives (both bodies when not known); and whether any figure is only expected (graded I)."""
    shown, inferred = quoted_figures(rates)
    shown["benefits_body"] = benefits_body(nation)
    shown["first_wca"] = "\n".join(first_wca_warning(rates))
    shown["first_wca_more"] = "\n".join(first_wca_warning_more(rates))
    return shown, inferred
