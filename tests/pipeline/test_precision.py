"""Issue 11 phenomena in the event stage (sentences of our own), and the relevance, background,
target-default, selection and calibration pieces on hand-made inputs."""
import datetime as dt
import math
from types import SimpleNamespace

import pytest
from handmade import build_state

from polevent.cameo import CameoTable
from polevent.model import Actor, Article, Cameo, CodedArticle, Event, Evidence, Location, Plover
from polevent.pipeline.calibration import Calibrator, features
from polevent.pipeline.events import EventStage
from polevent.pipeline.lexicon import VerbLexicon
from polevent.pipeline.relevance import GenreCues
from polevent.pipeline.targets import domestic_kind
from polevent.selection import Selection, reportable

WORDS = {"Chad": "TCD", "Niger": "NER", "Mali": "MLI", "Ghana": "GHA", "Benin": "BEN", "Togo": "TGO",
         "Guinea": "GIN", "Ghanaian": "GHA"}


@pytest.fixture(scope="module")
def run(nlp):
    res = SimpleNamespace(verbs=VerbLexicon.load(), cameo=CameoTable.load())
    stage = EventStage(nlp, res)

    def go(text):
        st = build_state(nlp, text, words=WORDS)
        stage(st)
        return {(e.source.country, e.cameo.code, e.target.country if e.target else None, e.reciprocal)
                for e in st.events}

    return go


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Chad remained a threat to the region, officials in Mali said.",       # not a light verb
    "Niger faced attacks from the north for months.",
    "Mali warned that more floods are likely this year.",                  # a forecast, not a threat
    "Benin asked Togo why the border post was closed.",                    # a question
    "Ghana denounced the alleged bombings.",                               # 'alleged' describes
])
def test_no_act_reported(run, text):
    assert not any(code.startswith(("13", "18", "19", "02", "10")) for _, code, _, _ in run(text))


@pytest.mark.slow
def test_joint_subjects_are_mirrored_only_for_mutual_acts(run):
    assert run("Chad and Niger signed a border treaty.") == {("TCD", "057", "NER", True), ("NER", "057", "TCD", True)}
    attacked = run("Chad and Niger attacked the rebel camps.")
    assert attacked and all(not recip and tgt is None for _, _, tgt, recip in attacked)


@pytest.mark.slow
def test_light_verb_carries_the_noun_act(run):
    assert ("GHA", "140", None, False) in {(s, c, t, r) for s, c, t, r in run("Ghana staged a protest.")} or \
        any(c.startswith("14") for _, c, _, _ in run("Ghanaian workers staged a protest."))


def _event(code="190", sector="GOV", loc=None, target=None, reason=None, **kw):
    root = code[:2]
    return Event(event_id="e", article_id="a", date="2023-05-04", date_precision="day", article_date="2023-05-04",
                 source=Actor(text="x", country="TCD", sector=sector, kind="state" if sector == "GOV" else "group"),
                 target=target, cameo=Cameo(code, root, "n", 0.0, 1), plover=Plover("FIGHT"), modality="asserted",
                 location=Location(name="p", country=loc) if loc else None,
                 evidence=Evidence("s.", 0, 0, 2), rule="lexicon:verb:x->" + code, confidence=0.7,
                 target_reason=reason, **kw)


def test_domestic_defaults_only_for_acts_domestic_by_nature():
    assert domestic_kind(_event("141", sector="CVL"))          # protesters at home
    assert domestic_kind(_event("173", sector="COP"))          # arrests by police
    assert domestic_kind(_event("190", loc="TCD"))             # fighting inside one's own country
    assert domestic_kind(_event("190", loc="NER")) is None     # abroad
    assert domestic_kind(_event("100")) is None                # a demand is addressed to someone
    assert domestic_kind(_event("141", sector="GOV")) is None


def test_reportable_view_and_min_confidence():
    base = _event()
    assert reportable(base)
    assert not reportable(_event(relevance="sport"))
    assert not reportable(_event(is_background=True))
    sel = Selection(min_confidence=0.8)
    coded = CodedArticle(article=Article(id="a", date=dt.date(2023, 5, 4), text="s."),
                         events=[base, _event(relevance="obituary")])
    assert sel.apply(coded).events == []
    assert len(Selection(all_events=True).apply(coded).events) == 2
    assert Selection().apply(coded).events == [base]


def test_genre_cues(tmp_path):
    cues = GenreCues.load()
    sport = "The striker scored two goals in the cup final as fans filled the stadium. " * 20
    assert cues.classify(sport)[0] == "sport"
    news = "The government said troops killed militants; the minister met officials for talks. " * 20
    assert cues.classify(news)[0] == "political"
    assert cues.classify(news + "\n• Jane Roe is a senior fellow at an institute")[0] == "opinion"
    bad = tmp_path / "g.csv"
    bad.write_text("genre,kind,pattern,note,source\nweather,word,rain,,x\n", encoding="utf-8")
    with pytest.raises(Exception, match="needs a genre"):
        GenreCues.load(bad)


def test_calibrator_is_a_logistic_model_of_the_features(tmp_path):
    e = _event()
    w = tmp_path / "w.json"
    w.write_text('{"weights": {"bias": 0.5, "rule_confidence": 1.0}, "meta": {}}', encoding="utf-8")
    cal = Calibrator.load(w)
    assert cal.probability(e) == pytest.approx(1 / (1 + math.exp(-(0.5 + 0.7))))
    assert features(e)["root=19"] == 1.0
    assert Calibrator.load(tmp_path / "missing.json") is None


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Chad released a statement on the border on Monday.",           # publishing, not a release
    "Niger released its draft budget for next year.",
    "Mali will not meet the targets agreed with lenders.",          # satisfying a standard
    "Ghana demonstrated its commitment to the treaty.",             # showing, not protesting
    "It threatens to be another tense week for Benin and Togo.",    # a forecast
    "Benin demanded to know whether Togo had closed the border.",   # a question
    "The Togo minister refused to say whether troops had moved.",   # no comment
])
def test_word_senses_that_report_no_act(run, text):
    assert not any(code.startswith(("08", "04", "14", "13", "10", "12")) for _, code, _, _ in run(text))


@pytest.mark.slow
@pytest.mark.parametrize("text, root", [
    ("Chad released 40 prisoners from Niger on Monday.", "08"),
    ("The president of Mali will meet the leaders of Niger on Friday.", "03"),
    ("Thousands of Ghanaian students demonstrated on Monday.", "14"),
    ("Benin threatened to close its border with Togo.", "13"),
])
def test_the_same_words_in_their_act_sense_are_coded(run, text, root):
    assert any(code.startswith(root) for _, code, _, _ in run(text))


@pytest.mark.slow
def test_agreeing_a_view_is_not_an_intent_to_cooperate(run):
    assert not any(code.startswith("03") for _, code, _, _ in run("Chad and Niger agreed the Mali regime was responsible."))
    assert any(code.startswith("03") for _, code, _, _ in run("Chad and Niger agreed that the ceasefire would begin on Monday."))
    assert any(code.startswith("03") for _, code, _, _ in run("Chad and Niger agreed to a ceasefire but reports said clashes continued."))


@pytest.mark.slow
def test_a_phone_call_is_consultation(run):
    assert any(code == "041" for _, code, _, _ in run("The president of Chad spoke by phone with the president of Niger."))
    assert not any(code.startswith("04") for _, code, _, _ in run("The president of Chad spoke about the border."))


@pytest.mark.slow
@pytest.mark.parametrize("text, code", [
    ("Chad aircraft conducted at least 12 aerial strikes on Niger villages.", "195"),
    ("Teachers in Ghana began a nationwide strike over pay.", "143"),
])
def test_a_strike_is_military_unless_named_as_labour(run, text, code):
    assert any(c == code for _, c, _, _ in run(text)), run(text)


@pytest.mark.slow
@pytest.mark.parametrize("text, root", [
    ("Chad vowed to crush the rebels of Niger.", "13"),                         # a vow of force is a threat
    ("Chad vowed the offensive would be swift and would crush the Niger rebels.", "13"),
    ("Chad promised that aid would be delivered to Niger.", "03"),               # a vow of aid stays an intent
    ("Police in Chad crushed the protests on Monday.", "17"),                   # repression
])
def test_vows_and_crushing(run, text, root):
    assert any(code.startswith(root) for _, code, _, _ in run(text)), run(text)


@pytest.mark.slow
@pytest.mark.parametrize("text, root", [
    ("The president of Chad ordered a missile strike on Niger rebels.", "19"),
    ("The president of Chad ordered the withdrawal of troops from Niger.", "08"),
    ("The president of Chad ordered troops to arrest the Niger smugglers.", "17"),
])
def test_an_ordered_act_is_the_event(run, text, root):
    assert any(code.startswith(root) for _, code, _, _ in run(text)), run(text)


def test_a_lexicon_row_with_an_unquoted_comma_is_an_error_naming_its_line(tmp_path):
    from polevent.errors import DataError
    bad = tmp_path / "triggers.csv"
    bad.write_text("lemma,pos,cue,cameo,roles,note,source\n"
                   "meet,VERB,,040,,,us\n"
                   'meet,VERB,test,none,,"meet the tests": a standard, not a meeting,us\n', encoding="utf-8")
    with pytest.raises(DataError, match="line 3"):
        VerbLexicon.load(bad)


def test_a_no_act_sense_needs_a_cue(tmp_path):
    from polevent.errors import DataError
    bad = tmp_path / "triggers.csv"
    bad.write_text("lemma,pos,cue,cameo,roles,note,source\nmeet,VERB,,none,,,us\n", encoding="utf-8")
    with pytest.raises(DataError, match="line 2"):
        VerbLexicon.load(bad)
