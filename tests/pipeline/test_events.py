"""The event stage on hand-made sentences, with actor mentions placed by hand (no actor data)."""
import datetime as dt
from types import SimpleNamespace

import pytest

from polevent.cameo import CameoTable
from polevent.model import Actor, Article
from polevent.pipeline.events import EventStage
from polevent.pipeline.lexicon import VerbLexicon
from polevent.pipeline.state import ActorMention, ArticleState

NAMES = {"kazakhstan": "KAZ", "tajikistan": "TJK", "jordan": "JOR", "britain": "GBR", "libya": "LBY",
         "turkey": "TUR", "syria": "SYR", "lebanon": "LBN", "china": "CHN", "russia": "RUS", "iran": "IRN",
         "israel": "ISR", "egypt": "EGY", "japan": "JPN", "france": "FRA", "germany": "DEU", "sudan": "SDN",
         "washington": "USA", "nigeria": "NGA", "chad": "TCD", "tokayev": "KAZ", "rahmon": "TJK",
         "yeltsin": "RUS", "hashimoto": "JPN", "sudan": "SDN", "israeli": "ISR", "egyptians": "EGY"}


def mentions(doc):
    return [ActorMention(t.i, t.i + 1, [Actor(text=t.text, name=t.text, country=NAMES[t.lower_])])
            for t in doc if t.lower_ in NAMES]


@pytest.fixture(scope="module")
def run(nlp):
    res = SimpleNamespace(verbs=VerbLexicon.load(), cameo=CameoTable.load())
    stage = EventStage(nlp, res)

    def go(text):
        doc = nlp(text)
        st = ArticleState(article=Article(id="t", date=dt.date(2023, 5, 4), text=text), doc=doc, resources=res)
        st.actor_mentions = mentions(doc)
        stage(st)
        return st

    return go


def triples(st):
    return {(e.source.country, e.cameo.code, e.target.country if e.target else None, e.modality) for e in st.events}


@pytest.mark.parametrize("text, expected", [
    # joint subject, no object actor: one record each way, reciprocal
    ("Kazakhstan and Tajikistan signed a treaty on Friday.",
     {("KAZ", "057", "TJK", "asserted"), ("TJK", "057", "KAZ", "asserted")}),
    # subject/object roles
    ("Egypt accused Israel of violating the truce.", {("EGY", "112", "ISR", "asserted")}),
    # passive: the agent is the source
    ("Syria was accused by Turkey of shelling the border.", {("TUR", "112", "SYR", "asserted")}),
    ("The treaty was signed in Cairo by Egypt and Israel.",
     {("EGY", "057", "ISR", "asserted"), ("ISR", "057", "EGY", "asserted")}),
    # control verbs change the code of the embedded act
    ("Syria refused to withdraw its troops from Lebanon.", {("SYR", "1246", "LBN", "asserted")}),
    ("Russia threatened to cut gas supplies to Japan.", {("RUS", "1311", "JPN", "intended")}),
    ("Iran agreed to release the sailors who were captured near the coast.", {("IRN", "0353", None, "intended")}),
    # future tense: an intent; "unless" turns a conflictual intent into a threat
    ("Nigeria will withdraw its peacekeepers from Chad unless a ceasefire is arranged.",
     {("NGA", "136", "TCD", "intended")}),
    # negation is kept and marked
    ("France did not criticize Germany.", {("FRA", "111", "DEU", "negated")}),
    # reported speech with must: a demand by the speaker on the clause's subject
    ("Washington declared that China must drop its barriers to imports.", {("USA", "100", "CHN", "asserted")}),
    # event noun with a light verb
    ("Japan imposed sanctions on Russia.", {("JPN", "163", "RUS", "asserted")}),
    ("Russia held talks with China in Moscow.", {("RUS", "046", "CHN", "asserted")}),
    # a compound event noun: the phrase's head carries the roles; "between" names the parties
    ("Egypt launched a mediation effort between Israel and Syria.",
     {("EGY", "045", "ISR", "asserted"), ("EGY", "045", "SYR", "asserted")}),
    ("Peace talks between Russia and Japan resumed.",
     {("RUS", "046", "JPN", "asserted"), ("JPN", "046", "RUS", "asserted")}),
    # object control: the request is the act, from the subject to the object
    ("Egypt urged Israel to withdraw its troops.", {("EGY", "0256", "ISR", "asserted")}),
    ("France wants Germany to attack Syria.", {("FRA", "020", "DEU", "asserted")}),
    # an order is coercion, keeping the coercive act's code
    ("Sudan ordered the newspaper to suspend publication.", {("SDN", "172", None, "asserted")}),
    # event nouns of retreat and force posture with their light verbs
    ("Syria completed its withdrawal from Lebanon.", {("SYR", "0874", "LBN", "asserted")}),
    ("Israeli troops remained on alert.", {("ISR", "152", None, "asserted")}),
    # a passive control verb carries the subject; a scheduled act keeps its code, a promise is an intent
    ("Japan is scheduled to attend a summit in China.", {("JPN", "044", "CHN", "scheduled")}),
    ("Japan has promised to attend a summit in China.", {("JPN", "036", "CHN", "intended")}),
    # receive X from Y: Y is the source
    ("Sudan received weapons from Russia.", {("RUS", "072", "SDN", "asserted")}),
    # allegations: the speaker accuses the doer; a claim about oneself is a claim of responsibility
    ("Iran claimed that Israel had attacked Syria.", {("IRN", "112", "ISR", "asserted")}),
    # a demand's that-clause names the target and refines the code
    ("China demanded that Japan release the fishermen.", {("CHN", "1053", "JPN", "asserted")}),
    # the parser attaches "hosted" as a modifier (no subject): nearest actors before and after it
    ("Russian President Boris Yeltsin on Saturday hosted Japanese Prime Minister Ryutaro Hashimoto in this city.",
     {("RUS", "043", "JPN", "asserted")}),
])
def test_coding(run, text, expected):
    assert triples(run(text)) == expected


@pytest.mark.parametrize("text", [
    "The weather in Jordan was mild on Tuesday.",       # no trigger
    "The document meets the interests of both nations.",  # trigger word, but no actor as subject
    "Analysts said relations could improve.",          # opinion, no actor
])
def test_no_event(run, text):
    assert run(text).events == []


def test_evidence_slices_article_text(run):
    text = "Rain fell.\n\nKazakhstan and Tajikistan signed a treaty. Then Egypt accused Israel."
    st = run(text)
    assert st.events
    for e in st.events:
        ev = e.evidence
        assert text[ev.start:ev.end] == ev.sentence
        assert e.rule.startswith("lexicon:") and 0 < e.confidence < 1
        assert ev.trigger in ev.sentence


def test_pronoun_subject_of_reported_clause_is_the_speaker(run):
    st = run("Syria says it is willing to withdraw its troops from Lebanon.")
    assert triples(st) == {("SYR", "0356", "LBN", "intended")}


class FakeClassifier:
    """Stands in for the learned classifier: always finds one type likely."""

    def __init__(self, likely):
        self.likely = likely

    def predict_proba(self, sentences):
        return [{self.likely: 0.9, "OTHER": 0.1} for _ in sentences]


@pytest.mark.parametrize("likely, delta", [("DISAPPROVE", 0.15), ("AGREE", -0.1)])
def test_classifier_adjusts_confidence(nlp, likely, delta):
    res = SimpleNamespace(verbs=VerbLexicon.load(), cameo=CameoTable.load(), classifier=None)
    text = "Egypt accused Israel of violating the truce."
    confs = []
    for clf in (None, FakeClassifier(likely)):
        res.classifier = clf
        doc = nlp(text)
        st = ArticleState(article=Article(id="t", date=dt.date(2023, 5, 4), text=text), doc=doc, resources=res)
        st.actor_mentions = mentions(doc)
        EventStage(nlp, res)(st)
        confs.append(st.events[0].confidence)
    assert confs[1] == pytest.approx(confs[0] + delta)


@pytest.mark.parametrize("text, code", [
    ("Israeli troops killed four Egyptian smugglers near the border.", "190"),  # a military: conventional force
    ("Gunmen attacked a concert hall near Moscow.", "180"),  # a soft target: one-sided violence
    ("Irish guerrillas wounded two British soldiers in a bomb attack.", "180"),  # a bomb: unconventional
])
def test_one_or_two_sided_violence(coder, make_article, text, code):
    events = coder.code_one(make_article(text)).events
    assert {e.cameo.code for e in events} == {code}
