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


@pytest.mark.parametrize("text", [
    # insurgents acting with no party named: their opponent is not their own country
    "The Karen National Liberation Army seized two army outposts on Monday.",
    # transnational militants acting in a country: the place does not name whom they acted against
    "Islamic State fighters attacked near Tillaberi in Niger on Friday.",
])
def test_no_own_country_or_place_target_for_armed_non_state_actors(coder, make_article, text):
    events = coded(coder, make_article, text)
    assert events
    for source, code, target, reason in events:
        assert not reason.startswith(("domestic", "location")), (source, code, target, reason)


def test_place_of_an_act_in_a_country_whose_rebels_are_named_is_not_its_government(coder, make_article):
    """Where the article names a country's rebels, an act there may be aimed at either side."""
    text = ("The Free Syrian Army has fought government forces in the north for years. "
            "Turkish aircraft carried out air strikes near Azaz on Tuesday.")
    events = coder.code_one(make_article(text)).events
    shelling = [e for e in events if e.evidence.sentence_index == 1 and e.source.country == "TUR"]
    assert shelling and all(not (e.target_reason or "").startswith("location") for e in shelling)
    # without rebels named, the same act abroad takes the place's country
    alone = coder.code_one(make_article("Turkish aircraft carried out air strikes near Azaz on Tuesday.")).events
    assert any(e.target is not None and e.target.country == "SYR" and e.target_reason.startswith("location")
               for e in alone)


@pytest.mark.parametrize("text, target", [
    # a seat after "from" is who answers or gives, not a place
    ("The Danish premier demanded an explanation from the Kremlin on Monday.", "RUSGOV"),
    ("Norway requested technical help from the OPCW on Monday.", "IGOOPCW"),
    # and after "to": the addressee
    ("The Danish premier spoke to the Kremlin by telephone on Monday.", "RUSGOV"),
])
def test_addressee_after_from(coder, make_article, text, target):
    assert [e.target.code if e.target else None for e in coder.code_one(make_article(text)).events] == [target]


def test_a_capital_after_from_is_still_a_place(coder, make_article):
    events = coder.code_one(make_article("The Danish premier flew from Moscow to Oslo on Monday.")).events
    assert all(e.source.code != "RUSGOV" and (e.target is None or e.target.code != "RUSGOV") for e in events)


@pytest.mark.parametrize("text, target", [
    ("The Danish government has alleged that Moldova recruited mercenaries.", "MDAGOV"),
    ("Erdogan alleges that the Saudi royal court was responsible for the killing.", "SAUGOV"),
])
def test_an_allegation_is_aimed_at_the_subject_of_what_is_alleged(coder, make_article, text, target):
    [e] = coder.code_one(make_article(text)).events
    assert (e.cameo.code, e.target.code if e.target else None) == ("112", target)


@pytest.mark.parametrize("text, code, target", [
    # "dozens of civilians": the victims are the people in the "of" phrase, of the sentence's country
    ("Bolivian troops killed dozens of civilians near the border on Monday.", "18", "BOLCVL"),
    # a state's offensive with no civilian victim named is fighting, not one-sided violence
    ("Ankara killed scores of fighters in an offensive on Monday.", "19", None),
])
def test_victims_and_the_kind_of_violence(coder, make_article, text, code, target):
    events = coder.code_one(make_article(text)).events
    assert events and events[0].cameo.code.startswith(code)
    if target:
        assert events[0].target is not None and events[0].target.code == target


@pytest.mark.parametrize("text, target", [
    ("Peru called for talks with Ecuador on Monday.", "ECUGOV"),
    ("Chile called for sanctions against Bolivia.", "BOLGOV"),
    # "on" names a topic more often than a party
    ("The Peruvian opposition leader asked for a briefing on Bolivia.", None),
])
def test_an_appeal_for_something_is_aimed_at_the_party_its_content_names(coder, make_article, text, target):
    events = coder.code_one(make_article(text)).events
    assert events and (events[0].target.code if events[0].target and events[0].target_reason == "text" else None) == target


def test_a_domestic_actors_government_is_its_own_countrys(coder, make_article):
    text = "The Chilean opposition leader accused the government of taking orders from Donald Trump."
    [e] = coder.code_one(make_article(text)).events
    assert e.target is not None and e.target.code == "CHLGOV"
