"""Every response in the domain and every text in data/knowledge passes the Easy Read checker."""
from accessibility.easy_read import check_all, gather
from bot.config import ROOT


def test_the_checker_sees_the_domain_and_the_knowledge_base():
    places = {text.where.split(":")[0] for text in gather(ROOT)}
    assert "domain/core.yml" in places
    assert {"data/knowledge/programmes.yml", "data/knowledge/glossary.yml", "data/knowledge/messages.yml"} <= places


def test_no_breaches_in_any_content():
    breaches = check_all(ROOT)
    assert not breaches, "Easy Read breaches:\n" + "\n".join(map(str, breaches))
