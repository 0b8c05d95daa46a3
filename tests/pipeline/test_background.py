"""The background stage: history, questions and acts that are only possible, on sentences of our own."""
import pytest

from polevent.selection import reportable


def _coded(coder, make_article, text, date="2024-03-12"):
    return coder.code_one(make_article(text, date=date)).events


@pytest.mark.slow
@pytest.mark.parametrize("text, word", [
    ("The withdrawal could lead to fresh fighting between Moldovan and Transnistrian units.", "could"),
    ("Officials in Chisinau said renewed clashes between the two armies are now a distinct possibility.",
     "possibility"),
    ("Bolivia is likely to attack the rebel camps near the border.", "likely"),
    ("A summit between Peru and Ecuador to be held in Lima on Friday will focus on the border.", "to come"),
    # acts about the future by nature: a forecast word still makes them only possible
    ("Bolivia is expected to demand compensation from Chile.", "expected"),
    ("Peru will probably agree a trade-off with Ecuador.", "probably"),
])
def test_acts_that_are_only_possible_are_background(coder, make_article, text, word):
    events = _coded(coder, make_article, text)
    assert events, "the act is still coded (users can keep it with --all-events)"
    for e in events:
        assert e.is_background and e.background_reason.startswith("possibility") and word in e.background_reason
        assert not reportable(e)


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Peruvian troops attacked the rebel camp near the Ecuadorian border on Monday.",
    # acts about the future by nature keep their modal content: the threat is the act
    "The Bolivian defence minister said Bolivia would shoot down any Chilean drone over its territory.",
])
def test_reported_acts_and_threats_stay_reportable(coder, make_article, text):
    events = _coded(coder, make_article, text)
    assert events and any(reportable(e) for e in events)
    assert not any((e.background_reason or "").startswith("possibility") for e in events)


@pytest.mark.slow
def test_an_act_dated_years_back_is_history_with_its_own_date(coder, make_article):
    events = _coded(coder, make_article, "In 2009 Peruvian troops attacked a rebel camp in Ecuador.")
    assert events and all(e.is_background and e.background_reason == "history: dated 2009" for e in events)
    assert all(e.date.startswith("2009") for e in events)


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "The Chilean government denied that its troops attacked the Bolivian border post.",
    "The Chilean army denied that its soldiers shelled the Bolivian border post.",
])
def test_what_a_denial_or_an_accusation_is_about_is_not_an_act(coder, make_article, text):
    attacks = [e for e in _coded(coder, make_article, text) if e.cameo.root in {"18", "19"}]
    assert attacks and all(e.is_background and e.background_reason.startswith("claim") for e in attacks)


@pytest.mark.slow
@pytest.mark.parametrize("text, reason", [
    # dated months before the article (its date is 2024-03-12): background with its own date
    ("Peruvian troops attacked a rebel camp in Ecuador last November.", "history: dated 2023-11"),
    ("Last year, Bolivian forces seized a Chilean border post.", "history: dated 2023"),
    # the act a duration is counted from
    ("It is more than five years since Ecuador expelled the Peruvian ambassador.", "history: since"),
    # an act of office by someone the data places in that office only years before
    ("Barack Obama refused to send troops to the region.", "history: former office holder"),
    ("In January, the then foreign minister of Peru, Ana Ruiz, pledged that troops would stay.",
     "history: 'the then' office holder"),
])
def test_past_acts_told_as_background(coder, make_article, text, reason):
    events = _coded(coder, make_article, text)
    assert events and all(e.is_background and e.background_reason == reason for e in events)
    assert not any(reportable(e) for e in events)


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Peruvian troops attacked a rebel camp in Ecuador last month.",
    # a former office holder still speaks and criticises; the article calls him former
    "Barack Obama criticised the Peruvian government on Monday.",
    "The former US president Barack Obama agreed on Monday to mediate between Peru and Ecuador.",
])
def test_recent_acts_and_acts_of_former_office_holders_stay(coder, make_article, text):
    events = _coded(coder, make_article, text)
    assert events and any(reportable(e) for e in events), [(e.background_reason, e.date) for e in events]


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "An analyst said Bolivia will attack the rebel camps near the border.",
    "Chilean officials said Bolivia would launch an offensive against the rebels.",
])
def test_a_future_act_told_by_someone_else_is_a_prediction(coder, make_article, text):
    events = _coded(coder, make_article, text)
    assert events and all(e.is_background and e.background_reason.startswith("prediction") for e in events)


@pytest.mark.slow
def test_a_future_act_told_by_its_own_side_is_the_act(coder, make_article):
    events = _coded(coder, make_article, "Bolivian officials said Bolivia would launch an offensive against the rebels.")
    assert events and not any((e.background_reason or "").startswith("prediction") for e in events)


@pytest.mark.slow
@pytest.mark.parametrize("text, reason", [
    ("More than 20,000 people have been killed by Peruvian troops since the conflict began.",
     "cumulative: since the conflict began"),
    ("Bolivia has vetoed the trade resolutions against Chile nine times.", "cumulative: a count of times"),
    ("Ecuador has been repeating its threats against Peru for more than six years.", "cumulative: for years"),
    ("Chilean police always arrest Bolivian protesters at the border.", "generic: 'always'"),
])
def test_tallies_and_habits_are_background(coder, make_article, text, reason):
    events = _coded(coder, make_article, text)
    assert events and all(e.is_background and e.background_reason == reason for e in events)


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Peruvian jets have killed 60 civilians in a town held by rebels since 2013.",   # the since is the town's
    "Bolivia has vetoed the trade resolution against Chile.",
])
def test_acts_of_the_news_in_the_perfect_stay(coder, make_article, text):
    events = _coded(coder, make_article, text)
    assert events and any(reportable(e) for e in events)


@pytest.mark.slow
def test_a_review_of_the_year_tells_acts_of_past_months(coder, make_article):
    text = ("January The year began with a new government in Lima. Peru expelled the Bolivian ambassador. "
            "March Chilean troops attacked a rebel camp near the border. "
            "June Ecuador signed a trade agreement with Colombia. "
            "October Bolivian police arrested 40 protesters in La Paz.")
    events = _coded(coder, make_article, text, date="2024-12-27")
    assert events and all(e.is_background and e.background_reason.startswith(("review of the year", "history"))
                          for e in events)
    assert any(e.background_reason.startswith("review of the year") for e in events)
    # the same acts as news of the day are reported
    news = _coded(coder, make_article, "Peru expelled the Bolivian ambassador on Monday.", date="2024-12-27")
    assert news and any(reportable(e) for e in news)


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    # the past perfect's "had" covers its conjuncts
    "Peru had armed and supported the rebels of the Ecuadorian border province.",
    # a condition is no act
    "The refugees have nowhere to go unless Chile is willing to reopen its border with Peru.",
    # "not ready to": negated through the adjective
    "Bolivia is not ready to send troops to Peru, the minister said.",
])
def test_conjoined_past_perfect_conditions_and_negated_readiness_are_not_reported(coder, make_article, text):
    events = _coded(coder, make_article, text)
    assert not any(reportable(e) for e in events), [(e.cameo.code, e.modality, e.background_reason) for e in events]


@pytest.mark.slow
def test_a_condition_covers_its_conjoined_acts(coder, make_article):
    text = "If Bolivian troops destroy the bridge and attack the Chilean post, Peru will respond."
    events = [e for e in _coded(coder, make_article, text) if e.source.country == "BOL"]
    assert not any(reportable(e) for e in events)
