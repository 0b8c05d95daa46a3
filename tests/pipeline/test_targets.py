"""The defaults stage, through the whole pipeline: targets and countries the sentence leaves open."""
import pytest


def coded(coder, make_article, text):
    return [(e.source.country, e.cameo.code, e.target.country if e.target else None, (e.target.reason or "")
             if e.target else "") for e in coder.code_one(make_article(text)).events]


@pytest.mark.parametrize("text, source, target, reason", [
    # no target named: the act is domestic
    ("Egypt imposed a curfew on Tuesday.", "EGY", "EGY", "domestic"),
    # carried out abroad: the location's country (the host of a meeting)
    ("Kazakhstan's president will attend a summit in Dushanbe in September.", "KAZ", "TJK", "location"),
    # a reaction to an earlier act by someone else is aimed at its doer
    ("Japan imposed sanctions on Russia. The Russian foreign ministry condemned the decision.", "RUS", "JPN",
     "reaction"),
])
def test_default_targets(coder, make_article, text, source, target, reason):
    last = coded(coder, make_article, text)[-1]
    assert (last[0], last[2]) == (source, target) and last[3].startswith(reason)


def test_unattributed_violence_takes_the_location_or_is_dropped(coder, make_article):
    placed = coded(coder, make_article, "A roadside bomb killed three soldiers near the town of Samarra.")
    assert [(s, c[:2]) for s, c, _, _ in placed] == [("IRQ", "18")]
    assert coded(coder, make_article, "Three soldiers were killed on Sunday.") == []


def test_agent_without_country_takes_the_location(coder, make_article):
    [(source, code, target, _)] = coded(coder, make_article, "Thousands of people protested in Tbilisi on Tuesday.")
    assert (source, code) == ("GEO", "140")
