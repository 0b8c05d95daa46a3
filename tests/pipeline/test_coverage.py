"""Issue 12: trigger coverage (statements, appeals, material cooperation) and target attachment by
kind, on sentences of our own with actor mentions placed by hand (no actor data)."""
import datetime as dt
from types import SimpleNamespace

import pytest

from polevent.cameo import CameoTable
from polevent.model import Actor, Article
from polevent.pipeline.events import EventStage
from polevent.pipeline.lexicon import VerbLexicon
from polevent.pipeline.state import ActorMention, ArticleState

NAMES = {"chile": "CHL", "peru": "PER", "norway": "NOR", "sweden": "SWE", "ghana": "GHA", "togo": "TGO",
         "kenya": "KEN", "uganda": "UGA", "mali": "MLI", "malian": "MLI", "niger": "NER", "fiji": "FJI",
         "tonga": "TON", "bolivia": "BOL", "uruguay": "URY", "paraguay": "PRY", "vietnam": "VNM",
         "laos": "LAO", "halvard": "NOR", "quispe": "PER"}


def mentions(doc):
    return [ActorMention(t.i, t.i + 1, [Actor(text=t.text, name=t.text, country=NAMES[t.lower_])])
            for t in doc if t.lower_ in NAMES]


@pytest.fixture(scope="module")
def run(nlp):
    res = SimpleNamespace(verbs=VerbLexicon.load(), cameo=CameoTable.load())
    stage = EventStage(nlp, res)

    def go(text):
        doc = nlp(text)
        st = ArticleState(article=Article(id="t", date=dt.date(2021, 3, 9), text=text), doc=doc, resources=res)
        st.actor_mentions = mentions(doc)
        stage(st)
        return st

    return go


def triples(st):
    return {(e.source.country, e.cameo.code, e.target.country if e.target else None) for e in st.events
            if e.modality not in {"negated", "hypothetical"}}


@pytest.mark.parametrize("text, expected", [
    # appeals: "call for", "call on <actor> to", a statement's participle or relative clause
    ("Bolivia called for an independent inquiry into the shooting.", {("BOL", "020", None)}),
    ("Chile called on Peru to reopen the border.", {("CHL", "0251", "PER")}),
    ("Uruguay issued a statement urging Paraguay to free the detained farmers.", {("URY", "0253", "PRY")}),
    ("Norway published a report that calls on Sweden to open its archives.", {("NOR", "020", "SWE")}),
    # a complement with cued entries only is not an act when no cue matches: the appeal is
    ("Halvard urged Quispe to give the miners a hearing.", {("NOR", "020", "PER")}),
    # comments (CAMEO 01: no PLOVER type, PENTA class 0)
    ("Ghana declined to comment on the talks.", {("GHA", "011", None)}),
    ("Kenya has denied the allegations.", {("KEN", "016", None)}),
    ("Mali expressed deep concern about the clashes.", {("MLI", "012", None)}),
    ("Fiji voiced optimism about the new round.", {("FJI", "013", None)}),
    ("Bolivia is exploring the possibility of leaving the bloc.", {("BOL", "014", None)}),
    # material cooperation given, returned, shared, eased
    ("Norway gave 40 million dollars to Mali.", {("NOR", "070", "MLI")}),
    ("Chile returned the stolen paintings to Peru.", {("CHL", "084", "PER")}),
    ("Norway gave $5 million to Mali.", {("NOR", "070", "MLI")}),
    ("Vietnam reduced tariffs on goods from Laos.", {("VNM", "085", "LAO")}),
    ("Bolivia is considering a proposal from Peru.", {("BOL", "014", "PER")}),
    ("Kenya shared evidence with Uganda about the smuggling ring.", {("KEN", "064", "UGA")}),
    ("Ghana accepted two thousand refugees last year.", {("GHA", "075", None)}),
    ("Peru was forced to accept the refugees.", {("PER", "075", None)}),
    # targets: a participle on the object
    ("Vietnam removed the tariffs imposed on Laos.", {("VNM", "085", "LAO")}),
    # targets: the object of a verb of contact serves a purpose clause
    ("Kenya summoned Uganda's ambassador to complain about the raid.", {("KEN", "114", "UGA")}),
    # targets: named inside an infinitive complement the parser attached as a clause
    ("Ghana threatened on Monday to impose restrictions against Togo.", {("GHA", "132", "TGO")}),
    # targets: the dative of a light verb
    ("Norway gave Sweden a formal warning.", {("NOR", "130", "SWE")}),
    # not targets: the forces an act moves, whom the source speaks for
    ("Mali withdrew Malian troops from Niger.", {("MLI", "0874", "NER")}),
    ("Chile expressed condolences on behalf of Peru.", {("CHL", "018", None)}),
])
def test_coverage(run, text, expected):
    assert triples(run(text)) == expected


@pytest.mark.parametrize("text", [
    "Chile called on Tuesday and left a message.",   # "on" names a day, not an actor
    "Peru called the plan a mistake.",
    "Norway gave a speech at the forum.",             # give without a cue is no act of aid
    "Halvard expressed his views at length.",
])
def test_no_event(run, text):
    assert not triples(run(text))


def test_joint_exercises_are_reciprocal(run):
    st = run("Fiji and Tonga began joint naval exercises on Monday.")
    assert {(e.source.country, e.cameo.code, e.target.country) for e in st.events} == \
        {("FJI", "062", "TON"), ("TON", "062", "FJI")}
    assert all(e.reciprocal for e in st.events)


@pytest.mark.parametrize("text, victims", [
    ("Ghana detained three students after the march.", "three students"),
    ("Two fishermen were abducted by Togo.", "Two fishermen"),
    ("Peru freed dozens of jailed activists on Sunday.", "dozens of jailed activists"),
])
def test_people_named_by_a_common_noun_are_the_victims(run, text, victims):
    (e,) = run(text).events
    assert e.target is not None and e.target.text == victims and e.target.sector == "CVL"
    assert e.target.country is None  # the defaults stage gives the country where it happened


def test_victims_do_not_attribute_violence_without_a_doer(run):
    st = run("A bomb killed three villagers near the market.")
    assert all(e.target is None for e in st.events)
