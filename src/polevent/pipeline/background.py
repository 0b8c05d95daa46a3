"""Background stage: is the sentence reporting an act of the article's time, or background?

Sets ``is_background`` and ``background_reason`` on each event (kept, so users can filter; the
default outputs leave background out, see ``reportable``):
- ``history``: the dates stage placed the act more than ``HISTORY_DAYS`` (two months) before the
  article, counting from the last day the date's precision allows ("in 2016", "last year", "last
  April", "on 23 October" told ten months later): the event keeps that date and precision, never
  the article's day; acts of the last weeks stay news;
- ``history: since``: "it is four years since Russia annexed Crimea": the act a duration is
  counted from;
- ``history: former office holder``: an act only an office holder can do (intents, material
  cooperation, rejections, force, coercion; not statements, appeals, praise or criticism) by a
  person the actor data places in that office only before the article's date ("Barack Obama
  refused to get directly involved" in 2018), unless the article itself calls them "former", or
  "the then secretary of state" names the office as past;
- ``history: past perfect``: "had fought", "had been killed" outside reported speech, with no
  date of its own: the act is earlier than the story; its modality becomes ``background`` so that
  it is not read as happening on the article's day ("X said troops had killed" is reported speech
  about a recent act and stays);
- ``history: cue``: "in the past", "previously", "years ago", "used to", "once" as the act's
  modifier;
- ``question``: the sentence asks ("Will Turkey attack?");
- ``possibility``: the act is only possible, expected or feared: a modal ("could", "may", "might",
  "would"; not "should", the voice of appeals) on the act or on a clause above it ("could lead to fighting", "may feel
  emboldened to launch"), or a word of likelihood or plan above it or on it ("is likely to",
  "is expected to", "a distinct possibility", "the planned summit", "a summit to be held"); for
  acts about the future by nature (appeals, intents, demands, rejections, threats: ``FUTURE_ROOTS``)
  only the words, not the modals ("said Russia would shoot down missiles" is the threat itself;
  "Erdogan is expected to launch an operation" is a forecast);
- ``cumulative``: a tally or a long-running state in the perfect ("330,000 people have been killed
  since 2011", "since the war began", "has vetoed resolutions 11 times", "have been repeating
  threats for six years");
- ``generic``: a habit or general truth in the simple present with a word of frequency ("they
  always complain", "journalists visit each year");
- ``prediction``: a future act ("will", "would", "going to") of the source told by someone of
  another country or by a commentator ("An analyst said Iran will attack", "US officials said
  Turkey would launch an offensive"); told by the source's own side it is the source's intent or
  threat and stays;
- ``claim``: the act is the content of a denial or of a claim named as such ("denied that its
  troops attacked", "the accusation that Britain directed the attack", "rumours that ... fled"):
  the denial or the accusation is the act, not what it is about;
- ``obituary`` (set by the relevance stage): a life's history.
"""
from __future__ import annotations

import datetime as dt

from spacy.tokens import Token

from . import syntax
from .state import ArticleState

HISTORY_DAYS = 60
# acts only an office holder does: intents to cooperate, material cooperation, rejection, force,
# sanctions and coercion, violence (a former president still speaks, appeals, praises, criticises)
OFFICE_ROOTS = frozenset({"03", "06", "07", "08", "12", "15", "16", "17", "18", "19", "20"})
DURATION_NOUNS = frozenset({"year", "month", "week", "decade", "day"})
DENIAL_VERBS = frozenset({"deny", "dismiss", "refute", "reject", "rebut", "dispute"})
CLAIM_NOUNS = frozenset({"claim", "allegation", "accusation", "rumour", "rumor", "speculation", "suggestion",
                         "report", "theory", "narrative"})
POSSIBILITY_AUX = frozenset({"could", "may", "might", "would", "'d"})
# acts about the future by nature (appeals, intents, demands, rejections, threats): a modal in what
# they say is their content ("said Russia would shoot down missiles" is the threat itself)
FUTURE_ROOTS = frozenset({"02", "03", "10", "12", "13"})
# words of likelihood, expectation, plan or fear that make what they govern not (yet) an act
POSSIBILITY_WORDS = frozenset({"likely", "unlikely", "possible", "possibility", "probable", "probably", "expect",
                               "plan", "planned", "proposed", "propose", "potential", "prospect", "risk", "fear",
                               "sceptical", "skeptical", "doubt", "chance", "option", "upcoming", "looming",
                               "hypothetical", "imagine", "suppose", "consider", "contemplate", "mull", "weigh"})
CLAUSE_DEPS = frozenset({"acl", "relcl", "ccomp", "advcl", "xcomp", "csubj", "parataxis"})
CONFLICT_NOUNS = frozenset({"war", "conflict", "uprising", "revolution", "independence", "outbreak", "crisis"})
FREQUENCY_ADVERBS = frozenset({"always", "often", "usually", "regularly", "routinely", "frequently", "typically",
                               "generally", "sometimes", "never", "constantly", "normally", "rarely", "seldom"})
# speakers with no country who forecast rather than act: analysts, experts, media, academics
COMMENTATOR_SECTORS = frozenset({"SOC", "EDU", "JRN", "MED"})
COMMENTATOR_WORDS = frozenset({"analyst", "expert", "observer", "commentator", "researcher", "scholar",
                               "academic", "professor", "pundit", "columnist", "strategist"})
FORMER_WORDS = frozenset({"former", "ex", "ex-", "late", "then-former"})
HISTORY_ADVERBS = frozenset({"previously", "formerly", "once", "earlier", "historically", "ago"})
HISTORY_PHRASES = ("in the past", "used to", "years ago", "decades ago", "at the time", "back then",
                   "in the early", "in the late", "in the mid")


def _event_day(value: str) -> dt.date | None:
    parts = value.split("-")
    try:
        y = int(parts[0])
        m = int(parts[1]) if len(parts) > 1 else 12
        d = int(parts[2]) if len(parts) > 2 else 28
        return dt.date(y, m, d)
    except (ValueError, IndexError):
        return None


def _past_perfect(tok: Token) -> bool:
    """ "had fought", and its conjuncts ("had armed and supported")."""
    first = tok
    while first.dep_ == "conj" and first.head.i != first.i and first.head.pos_ in {"VERB", "AUX"}:
        first = first.head
    tags = {"VBN"} if first is tok else {"VBN", "VBD"}  # the tagger reads a conjunct as simple past
    return "had" in syntax.aux_words(first) and tok.tag_ in tags and syntax.governing_speech_verb(first) is None


def _possibility(tok: Token, verb: Token, words_only: bool = False) -> str | None:
    """A modal or a word of likelihood/plan on the act or on the clauses above it (to the root);
    ``words_only``: the words, not the modals (for acts about the future by nature)."""
    for c in tok.children:
        if c.dep_ in {"amod", "acl"} and c.lemma_.lower() in POSSIBILITY_WORDS:
            return f"possibility: {c.lower_!r}"
        if c.dep_ == "acl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
            return f"possibility: {c.lower_!r} to come"
    cur = verb
    for _ in range(8):
        aux = {a.lower_ for a in cur.children if a.dep_ in {"aux", "auxpass"}}
        if aux & POSSIBILITY_AUX and not words_only:
            return f"possibility: {sorted(aux & POSSIBILITY_AUX)[0]!r}"
        if "to" in aux and cur.dep_ in {"ROOT", "acl"} and not words_only:  # "a summit to be held on Friday"
            return f"possibility: {cur.lower_!r} to come"
        if cur.lemma_.lower() in POSSIBILITY_WORDS and cur is not tok:
            return f"possibility: {cur.lower_!r}"
        for c in cur.children:
            if c.dep_ in {"acomp", "attr", "advmod"} and c.lemma_.lower() in POSSIBILITY_WORDS:
                return f"possibility: {c.lower_!r}"
        if cur.head.i == cur.i or cur.lemma_.lower() in syntax.SPEECH_VERBS:
            return None
        cur = cur.head
    return None


def _claim_content(tok: Token, verb: Token) -> str | None:
    """'denied that X attacked' / 'the accusation that X attacked': ``tok`` is what is denied or claimed."""
    cur = verb
    for _ in range(6):
        if cur.head.i == cur.i or cur.dep_ not in {"ccomp", "acl", "appos", "xcomp", "conj", "pobj", "prep"}:
            return None
        head = cur.head
        if cur.dep_ in {"ccomp", "acl", "appos"}:
            if head.pos_ == "VERB" and head.lemma_.lower() in DENIAL_VERBS:
                return f"claim: {head.lower_!r}"
            if head.pos_ == "NOUN" and head.lemma_.lower() in CLAIM_NOUNS:
                return f"claim: {head.lower_!r}"
        cur = head
    return None


def _since(verb: Token) -> bool:
    """ "it is four years since X annexed", "two decades since X invaded": the act counted from."""
    if not any(c.dep_ == "mark" and c.lower_ == "since" for c in verb.children):
        return False
    head = verb.head
    return head.i != verb.i and (head.lemma_.lower() in DURATION_NOUNS or any(
        c.lemma_.lower() in DURATION_NOUNS for c in head.children if c.dep_ in {"attr", "npadvmod", "dobj"}))


def _past_office(state: ArticleState, e, anchor: Token) -> str | None:
    """A person the data places in office only before the article's date, not called "former" by
    the article, doing an act of office; or "the then <title>"."""
    if e.cameo.root not in OFFICE_ROOTS or e.source.kind != "person":
        return None
    sent = anchor.sent
    for m in state.actor_mentions:
        if not (sent.start <= m.start < sent.end) or e.source not in m.actors:
            continue
        before = [t.lower_ for t in state.doc[max(sent.start, m.start - 3):m.end]]
        if "then" in before:
            return "history: 'the then' office holder"  # "the then secretary of state, Rex Tillerson"
        said_former = any(w in FORMER_WORDS for w in before)
        if (e.source.role or "").startswith("former") and not said_former:
            return "history: former office holder"
        return None
    return None


def _future_verb(verb: Token) -> Token | None:
    """The verb carrying "will"/"would"/"going to" for ``verb`` (itself or a verb it completes)."""
    cur = verb
    for _ in range(4):
        future = syntax.aux_words(cur) & (syntax.FUTURE_AUX | {"would"})
        if future or any(c.lower_ == "going" and c.dep_ == "aux" for c in cur.children):
            return cur
        if cur.dep_ not in {"xcomp", "acomp"} or cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def _prediction(state: ArticleState, e, tok: Token, verb: Token) -> str | None:
    """ "Damascus will retake Idlib, an analyst said", "Turkey will begin a bombardment, the former
    envoy said": a future act of the source told by someone else is a forecast, not the source's
    act (when the speaker is the source's own side it is the source's intent or threat)."""
    holder = _future_verb(verb) or _future_verb(tok)
    if holder is None or not e.source.country:
        return None
    speech = syntax.governing_speech_verb(holder)
    subj = syntax.subject(speech) if speech is not None else None
    m = state.mention_at(subj.i) if subj is not None else None
    if m is None and subj is not None and {t.lemma_.lower() for t in subj.subtree} & COMMENTATOR_WORDS:
        return f"prediction: told by {subj.lower_!r}"  # "an analyst said", "the analyst Jo Roe said"
    if m is None or not m.actors:
        return None
    speakers = m.actors
    if any(a.country == e.source.country or a == e.source for a in speakers if a.country):
        return None
    if any(a.country for a in speakers) or all(a.sector in COMMENTATOR_SECTORS for a in speakers):
        return f"prediction: told by {m.actors[0].text or m.actors[0].code!r}"
    return None


def _perfect(verb: Token) -> bool:
    aux = syntax.aux_words(verb)
    return bool(aux & {"has", "have", "'ve", "had"}) and (verb.tag_ == "VBN" or "been" in aux)


def _cumulative(verb: Token, year: int) -> str | None:
    """ "more than 330,000 people have been killed since 2011", "has vetoed resolutions 11 times",
    "have been repeating threats for six years": a tally or a long-running state of affairs."""
    if not _perfect(verb):
        return None
    since = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "since"]
    since += [m for c in verb.children if c.dep_ == "advcl"
              for m in c.children if m.dep_ == "mark" and m.lower_ == "since"]
    for t in since:
        words = list(t.subtree) if t.dep_ == "prep" else list(t.head.subtree)
        if any(w.text.isdigit() and len(w.text) == 4 and int(w.text) < year for w in words):
            return "cumulative: since a year before the article's"
        if any(w.lemma_.lower() in CONFLICT_NOUNS for w in words):
            return "cumulative: since the conflict began"
    for t in syntax.phrase(verb, CLAUSE_DEPS):  # its own words, not "held ... since 2013" inside a clause
        if t.lower_ == "for" and t.dep_ == "prep" and any(
                o.dep_ == "pobj" and o.lemma_.lower() in {"year", "decade"} and o.tag_ == "NNS" for o in t.children):
            return "cumulative: for years"
        if t.lower_ == "times" and any(c.like_num for c in t.children):
            return "cumulative: a count of times"
    return None


def _habitual(verb: Token) -> str | None:
    """ "They always complain", "Isis regularly fights from civilian areas", "journalists visit each
    year": a habit or a general truth in the simple present, not a dated act."""
    if verb.tag_ not in {"VBZ", "VBP"} or syntax.aux_words(verb):
        return None
    for c in verb.children:
        if c.dep_ == "advmod" and c.lower_ in FREQUENCY_ADVERBS:
            return f"generic: {c.lower_!r}"
        if c.dep_ == "npadvmod" and any(d.lower_ in {"each", "every"} for d in c.children):
            return f"generic: {c.text!r}"
    return None


def _history_cue(tok: Token) -> str | None:
    for c in tok.children:
        if c.dep_ in {"advmod", "npadvmod"} and c.lower_ in HISTORY_ADVERBS:
            return c.lower_
    window = tok.sent.text.lower()
    for phrase in HISTORY_PHRASES:
        if phrase in window and any(phrase.split()[0] == t.lower_ for t in tok.subtree):
            return phrase
    return None


class BackgroundStage:
    name = "background"
    requires = ("events", "event_dates")
    provides = ("event_background",)

    def __init__(self, nlp, resources):
        pass

    def __call__(self, state: ArticleState) -> None:
        article_day = state.article.date
        for e in state.events:
            day = _event_day(e.date)
            if day is not None and (article_day - day).days > HISTORY_DAYS:
                e.is_background, e.background_reason = True, f"history: dated {e.date}"
                continue
            if e.evidence.sentence.rstrip(" \"'”’)").endswith("?"):
                e.is_background, e.background_reason = True, "question"
                continue
            anchor = state.event_anchors.get(e.event_id)
            if anchor is None:
                continue
            tok = state.doc[anchor]
            verb = tok if tok.pos_ in {"VERB", "AUX"} else tok.head
            undated = e.date in (article_day.isoformat(), article_day.isoformat()[:7], str(article_day.year))
            if undated and (_past_perfect(verb) or _past_perfect(tok)):  # "this year" does not date it
                e.is_background, e.background_reason = True, "history: past perfect, no date of its own"
                if e.modality == "asserted":
                    e.modality = "background"
                continue
            if _since(verb) or _since(tok):
                e.is_background, e.background_reason = True, "history: since"
                continue
            office = _past_office(state, e, tok)
            if office:
                e.is_background, e.background_reason = True, office
                continue
            cue = _cumulative(verb, article_day.year) or _habitual(verb)
            if cue:
                e.is_background, e.background_reason = True, cue
                continue
            cue = _history_cue(verb)
            if cue:
                e.is_background, e.background_reason = True, f"history: {cue!r}"
                continue
            reason = (_possibility(tok, verb, words_only=e.cameo.root in FUTURE_ROOTS) or _claim_content(tok, verb)
                      or _prediction(state, e, tok, verb))
            if reason:
                e.is_background, e.background_reason = True, reason
