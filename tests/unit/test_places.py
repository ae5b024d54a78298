"""Where the person lives, from any message: a town, city or council names its nation; a name in two
nations names both, so the person is asked; everyday words name none."""
import pytest

from bot.config import ROOT
from bot.knowledge.situation import nation_in, nations_in
from bot.training import PLACES_LOOKUP, places_lookup


@pytest.mark.parametrize("text, nations", [
    ("i live in glasgow, what help is there for me", ("scotland",)),
    ("im in belfast is connect to work for me", ("northern_ireland",)),
    ("im from Rhondda Cynon Taf", ("wales",)), ("Tower Hamlets", ("england",)), ("edinbrugh", ("scotland",)),
    ("Wales", ("wales",)),
    ("bangor", ("wales", "northern_ireland")),
    ("I need help in the bath", ()), ("i am dealing with a lot", ()), ("parking is hard", ()),
    ("my needs are complex", ()), ("I am in work", ()),
])
def test_a_place_names_its_nation(text, nations):
    assert set(nations_in(text)) == set(nations)
    assert nation_in(text) == (nations[0] if len(nations) == 1 else None)


def test_the_classifiers_lookup_table_has_every_place():
    assert (ROOT / PLACES_LOOKUP).read_text() == places_lookup(ROOT), "run: python -m bot.training places"
