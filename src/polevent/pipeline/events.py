"""The event stage: find the act each sentence reports, its source and target, modality and code.

Evidence combined per sentence:
1. the trigger lexicon (``lexicon.py``): verbs and event nouns, cued by their objects;
2. the dependency parse (``syntax.py``): subjects, objects, passives, control verbs
   ("agreed to", "threatened to", "refused to", "demanded that"), reported speech;
3. the learned sentence classifier when one is loaded (``resources.classifier``): it adjusts the
   confidence of a rule's type (agreement raises it) but never creates an event on its own.

Precision before recall: a sentence yields events only from a trigger whose source resolves to an
actor; statements, opinions and background (say, stress, hope ...) are not triggers; negated and
hypothetical acts are kept but marked (``modality``) so that counts can leave them out.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

from spacy.tokens import Span, Token

from ..model import Actor, Event
from . import codes, syntax
from .lexicon import TriggerEntry
from .state import ArticleState
from .violence import one_or_two_sided

OBJECT_DEPS = {"dobj", "obj", "dative", "attr", "prep", "prt", "oprd", "npadvmod", "nsubjpass", "acomp", "agent"}
NOUN_DEPS = {"compound", "amod", "prep", "nmod", "poss"}
BETWEEN = {"between", "among", "amongst"}
LIGHT_TARGET_PREPS = {"to", "against", "with", "toward", "towards"}
NOUN_TARGET_PREPS = {"on", "against", "with", "to", "toward", "towards", "at", "into", "in", "from"}
PRONOUN_SUBJECTS = {"it", "they", "he", "she", "who", "which", "that"}
ALLEGATION_VERBS = {"claim", "allege", "charge", "accuse", "contend", "assert"}
CONTROL_VERBS = codes.SCHEDULE_VERBS | codes.INTENT_VERBS | codes.THREAT_VERBS | codes.REFUSE_VERBS | codes.OBJECT_CONTROL
# verbs and nouns whose that-clause is the content of the act ("demanded that", "a threat that")
CLAUSE_CONTROL = codes.DEMAND_VERBS | codes.APPEAL_VERBS | codes.THREAT_VERBS | {"warning", "threat", "call"} | \
    {"vow", "pledge", "promise", "swear"}  # "vowed (that) the campaign would crush the YPG": a threat
VIOLENT_ROOTS = ("18", "19", "20")
# verbs whose event-noun object is the act reported, by the orderer ("Trump ordered a missile strike")
ORDERING_VERBS = frozenset({"order", "authorise", "authorize"})
# a pronoun ("he", "they", "it") stands for the previous act's source only when that act is in
# this sentence or one of the previous two
PRONOUN_WINDOW = 2
# Roots of acts that two parties do with each other: a joint subject of these ("A and B met", "A and
# B signed") is one record each way (reciprocal). A joint subject of any other act did it together,
# to someone else or no one named ("US and French troops attacked", "A and B condemned"): never
# mirrored. "Clashes/talks between A and B" name the two sides and stay reciprocal for any act.
MUTUAL_ROOTS = ("03", "04", "05", "06")
MUTUAL_LEMMAS = frozenset({"clash", "skirmish", "exchange", "battle", "firefight", "gunbattle", "gunfight", "shootout"})
# Verbs that report the act their event-noun object or passive subject names ("held talks",
# "launched an offensive", "imposed a curfew", "talks were held"). Any other verb on an event noun
# does something else with it ("remained a threat", "faced attacks", "stopped the protest",
# "avoid clashes", "welcomed the pullout") and the noun alone is not the act reported.
LIGHT_VERBS = frozenset({
    "hold", "stage", "launch", "carry", "conduct", "make", "issue", "deliver", "give", "begin", "start",
    "resume", "continue", "mount", "wage", "unleash", "renew", "step", "intensify", "escalate", "expand",
    "sign", "reach", "conclude", "announce", "declare", "impose", "slap", "order", "hand", "submit",
    "tender", "file", "lodge", "level", "express", "extend", "offer", "provide", "send", "pay", "organise",
    "organize", "call", "lead", "join", "take", "have", "perform", "pursue", "host", "attend", "open",
    "complete", "finish", "seal", "strike", "agree", "broker", "mediate", "propose", "plan", "prepare",
    "threaten", "vow", "pledge", "promise", "confirm", "accept", "approve", "authorise", "authorize",
    "undertake", "execute", "press", "push", "sponsor", "co-sponsor", "convene", "chair", "arrange",
    "set", "schedule", "be", "reiterate", "repeat", "restate", "voice", "reimpose", "re-impose", "enforce", "tighten", "maintain", "keep", "stage"})
# Verbs whose subject event noun took place ("talks began", "protests erupted", "the strike hit").
OCCURRENCE_VERBS = frozenset({
    "take", "occur", "happen", "erupt", "break", "begin", "start", "continue", "resume", "end", "conclude",
    "collapse", "spread", "rage", "hit", "kill", "wound", "injure", "destroy", "damage", "target", "leave",
    "strike", "go", "get", "produce", "yield", "follow", "come", "be", "focus", "center", "centre", "last"})
# An event noun with no verb of its own reports an act only inside a phrase of harm or occurrence
# ("killed in Israeli shelling", "died in an air strike"): elsewhere ("fears of an Iranian threat",
# "the Sochi talks") it names an act without reporting one.
HARM_VERBS = frozenset({"die", "kill", "wound", "injure", "destroy", "damage", "flee", "displace", "hit",
                        "level", "raze", "maim", "perish", "hurt", "devastate", "uproot"})
# "warned that ...": a threat only when the warner announces an act of its own; a prediction
# ("warned more deaths are likely", "warned of a clash") is not an act.
WARN_VERBS = frozenset({"warn", "caution"})
DENIAL_VERBS = frozenset({"deny", "dismiss", "refute", "rebut"})
WH_WORDS = frozenset({"why", "how", "what", "whether", "if", "who", "whom", "when", "where", "which"})
# Verbs whose infinitive complement is a cue of the governing verb ("declined to comment" is a
# decline of comment, CAMEO 011, not a refusal of an act).
XCOMP_CUES = frozenset({"comment", "say", "answer", "confirm", "disclose", "reveal", "elaborate", "speculate",
                        "be", "become", "know", "spill", "spiral", "overshadow", "engulf", "unravel"})
# a cue word standing for "the verb governs a clause stating a fact or a view" (no will, would,
# should, must, to): "demonstrates how reckless Russia is", "agreed the regime was responsible";
# not "agreed that troops would withdraw"
CLAUSE_CUE = "_clause_"
CLAUSE_MODALS = frozenset({"will", "would", "shall", "should", "must", "'ll", "to", "can", "could", "may", "might"})
# Acts that move the source's own people or goods (aid given, forces sent, deployed or withdrawn):
# their direct object is what is moved ("withdrew its troops from X"), not the target.
MOVED_OBJECT_ROOTS = ("070", "071", "072", "073", "074", "087", "15", "166")
FORCE_NOUNS = frozenset({"troop", "force", "soldier", "peacekeeper", "army", "unit", "personnel", "contingent",
                         "specialist", "expert", "team", "warship", "jet", "plane", "aircraft"})
# Victims named by a common noun (no actor in the actor data): "detained several suspects",
# "released 19 Christians", "deported a 95-year-old man" are the target of coercion, release and
# violence; the defaults stage gives them the country where it happened.
PERSON_NOUNS = frozenset({
    "man", "woman", "men", "women", "child", "children", "boy", "girl", "people", "person", "suspect",
    "inmate", "prisoner", "detainee", "captive", "hostage", "civilian", "resident", "villager", "student",
    "worker", "fisherman", "fishermen", "farmer", "passenger", "pilgrim", "migrant", "refugee", "christian",
    "muslim", "jew", "teenager", "youth", "family", "tourist", "national", "citizen", "member", "supporter",
    "relative", "guard", "driver", "doctor", "nurse", "teacher", "priest", "monk", "nun", "bystander",
    "activist", "politician", "dissident", "protester", "demonstrator", "journalist", "blogger", "lecturer"})
# "dozens of activists", "a group of students": the people are in the "of" phrase
QUANTITY_NOUNS = frozenset({"dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "score", "scores",
                            "number", "group", "handful", "couple", "lot", "total"})
VICTIM_ROOTS = ("17", "18", "19", "20")
# Verbs of contact whose object is the party a purpose clause addresses ("summoned the ambassador
# to protest", "phoned his counterpart to assure him"), unlike "led / allowed / invited X to do".
CONTACT_VERBS = frozenset({"summon", "call", "phone", "telephone", "ring", "contact", "meet", "visit",
                           "receive", "host", "write", "brief"})
VICTIM_CODES = ("084", "0841")
# Nouns naming a text an actor issues: a participle or relative clause on them ("issued a statement
# urging X to ...", "a report that calls on X") reports the act of the text's author.
STATEMENT_NOUNS = frozenset({"statement", "letter", "report", "communique", "communiqué", "declaration",
                             "message", "resolution", "appeal", "petition", "note"})


@dataclass
class Candidate:
    trigger: Token
    anchor: Token  # the verb carrying subject, tense and modality
    entry: TriggerEntry
    code: str
    rule: str
    sources: list[Actor] = field(default_factory=list)
    targets: list[Actor] = field(default_factory=list)
    joint: bool = False  # sources are a compound subject or "talks between A and B"
    between: bool = False  # the parties were named by "between A and B" (the two sides of the act)
    modality: str = "asserted"
    control_object: Token | None = None  # "asked Obama to help": Obama is the target of the request
    words: list[Token] = field(default_factory=list)
    confidence: float = 0.6

    def rank(self) -> tuple:
        return (bool(self.sources), -syntax.depth(self.anchor), bool(self.entry.cue),
                self.trigger.pos_ == "VERB")


class EventStage:
    name = "events"
    requires = ("doc", "actor_mentions")
    provides = ("events",)

    def __init__(self, nlp, resources):
        self.lexicon = resources.verbs
        self.cameo = resources.cameo
        self.classifier = getattr(resources, "classifier", None)

    # -- entry point -------------------------------------------------------------------------
    def __call__(self, state: ArticleState) -> None:
        last_sources: list[Actor] = []
        last_idx = -1
        for s_idx, sent in enumerate(state.sentences):
            if s_idx - last_idx > PRONOUN_WINDOW:
                last_sources = []  # "He said ..." ten sentences after the last act is someone else
            found = self._candidates(state, sent, last_sources)
            cands = [c for c in found if c.sources]
            cands += self._must_clauses(state, sent, last_sources)
            if not cands:
                # violence with no named perpetrator: kept for the defaults stage, which attributes it
                # to the location's country or drops it
                cands = [c for c in found if c.code[:2] in VIOLENT_ROOTS and c.modality == "asserted"
                         and c.trigger.pos_ == "VERB"]
                for c in cands:
                    c.sources = [Actor(text="", kind="group", reason="unattributed")]
                    # victims named by a common noun take the place's country later: they are not
                    # evidence that the place's country was attacked (see targets.py)
                    c.targets = [t for t in c.targets if not (t.reason or "").startswith("victim")]
                    c.confidence -= 0.15
            if not cands:
                continue
            probs = self._probs(sent)
            best = self._choose(cands, probs)
            self._allegation(state, best, last_sources)
            last_sources, last_idx = best.sources, s_idx
            state.events.extend(self._records(state, sent, s_idx, best, probs))

    def _choose(self, cands: list[Candidate], probs: dict[str, float]) -> Candidate:
        """The candidate highest in the parse with a resolved source; with the classifier loaded, the
        type it finds likelier breaks ties between candidates the parse ranks equally."""
        return max(cands, key=lambda c: (c.rank(), probs.get(self._ptype(c.code) or "", 0.0)))

    def _ptype(self, code: str) -> str | None:
        return self.cameo.plover(code).type if code in self.cameo else None

    def _probs(self, sent: Span) -> dict[str, float]:
        return self.classifier.predict_proba([sent.text])[0] if self.classifier is not None else {}

    # -- candidates --------------------------------------------------------------------------
    def _candidates(self, state: ArticleState, sent: Span, last: list[Actor]) -> list[Candidate]:
        out = []
        for tok in sent:
            lemma = tok.lemma_.lower()
            if tok.pos_ in {"VERB"} and self.lexicon.has(lemma, "VERB"):
                c = self._verb_candidate(state, tok, lemma, last)
            elif tok.pos_ in {"NOUN", "PROPN"} and self.lexicon.has(lemma, "NOUN"):
                c = self._noun_candidate(state, tok, lemma, last)
            else:
                continue
            if c is not None:
                out.append(c)
        return out

    def _verb_candidate(self, state, tok: Token, lemma: str, last) -> Candidate | None:
        if _modifier_participle(tok, state):
            return None  # "alleged war crimes", "heavily-defended airfields", "a red line banning X"
        head_lemma = tok.head.lemma_.lower()
        if tok.dep_ in {"ccomp", "acl"} and head_lemma in CLAUSE_CONTROL and \
                (self.lexicon.has(head_lemma, "VERB") or self.lexicon.has(head_lemma, "NOUN")):
            return None  # "demanded that the US cancel ...": the demand is the act reported
        # a control verb whose complement is itself a trigger leaves the coding to the complement
        # (a complement with cued entries only is a trigger when a cue matches: "urged May to give MPs
        # a vote" is an appeal, "give" is not an act of aid there)
        if any(c.dep_ == "xcomp" and c.pos_ == "VERB" and
               self.lexicon.match(c.lemma_.lower(), "VERB", syntax.context_lemmas(c, OBJECT_DEPS)) is not None
               for c in tok.children) and lemma in CONTROL_VERBS:
            return None
        ctx = syntax.context_lemmas(tok, OBJECT_DEPS)
        cues = {c.lemma_.lower() for c in tok.children if c.dep_ == "xcomp" and c.lemma_.lower() in XCOMP_CUES}
        if any(c.dep_ == "ccomp" and not (syntax.aux_words(c) & CLAUSE_MODALS) and c.lemma_.lower() not in
               syntax.SPEECH_VERBS for c in tok.children) and not any(
                c.dep_ in syntax.OBJ or c.dep_ == "prep" and c.lower_ in {"to", "on", "upon"} for c in tok.children):
            cues.add(CLAUSE_CUE)  # "agreed the regime was responsible", not "agreed to a ceasefire"
        ctx |= cues
        entry = self.lexicon.match(lemma, "VERB", ctx, heads=syntax.head_lemmas(tok, OBJECT_DEPS) | cues)
        if entry is None:
            return None
        if lemma == "call" and not _calls_on_or_for(state, tok):
            return None  # "called on Friday", "called him a liar": not an appeal
        if lemma in ORDERING_VERBS and any(
                c.dep_ == "dobj" and self.lexicon.match(c.lemma_.lower(), "NOUN", syntax.context_lemmas(c, NOUN_DEPS))
                for c in tok.children):
            return None  # "ordered a missile strike", "ordered the withdrawal": the ordered act is the event
        if lemma in WARN_VERBS and _is_prediction(tok):
            return None
        if lemma in codes.APPEAL_VERBS | codes.DEMAND_VERBS and _asks_a_question(tok):
            return None
        cand = Candidate(trigger=tok, anchor=tok, entry=entry, code=entry.cameo, rule=entry.rule_for(ctx),
                         words=[tok], confidence=0.75 if entry.cue else 0.65)
        self._control(cand)
        self._roles(state, cand, last)
        self._clause_complement(state, cand, last)
        return cand

    def _clause_complement(self, state, cand: Candidate, last) -> None:
        """ "X demanded that Y do Z", "X's demand that Y do Z": Y is the target and Z refines the code."""
        lemma = cand.trigger.lemma_.lower()
        if lemma not in CLAUSE_CONTROL:
            return
        for c in cand.trigger.children:
            infinitive = c.dep_ == "advcl" and "to" in syntax.aux_words(c)  # "called on X to reopen ..."
            if c.dep_ not in {"ccomp", "acl"} and not infinitive or c.pos_ not in {"VERB", "AUX"}:
                continue
            subj = syntax.child(c, syntax.SUBJ | syntax.PASS_SUBJ)
            if subj is not None:
                found = self._actors_of(state, subj, last)
                if found:
                    cand.targets = found
            elif infinitive and not cand.targets:  # "threatened to impose restrictions against X"
                cand.targets = self._targets_of(state, c, last, False, cand)
            inner = None
            for v in [c, *c.conjuncts]:  # "vowed the campaign would be swift and would crush the YPG"
                inner = self.lexicon.match(v.lemma_.lower(), "VERB", syntax.context_lemmas(v, OBJECT_DEPS))
                if inner is not None:
                    c = v
                    break
            verb = "demand" if lemma == "demand" else lemma
            changed = codes.transform(verb, inner.cameo) if inner else None
            if changed is not None:
                cand.code = changed[0]
                cand.rule += f"+clause:{inner.lemma}->{changed[0]}"
                cand.words.append(c)
            return

    def _noun_candidate(self, state, tok: Token, lemma: str, last) -> Candidate | None:
        top = tok
        while top.dep_ == "compound" and top.head.pos_ in {"NOUN", "PROPN"}:
            top = top.head  # "a mediation effort", "peace talks": the phrase's head carries the roles
        head = top.head
        light = (top.dep_ in {"dobj", "nsubjpass", "attr", "nsubj"} and head.pos_ in {"VERB", "AUX"}
                 and head.i != top.i)
        if light and not _reports_noun_act(top, head):
            return None
        between = [o for _, o in syntax.prep_objects(top, BETWEEN)]
        if not light and not between and not _noun_in_harm_phrase(top):
            return None
        if any(c.dep_ == "det" and c.lower_ in {"no", "neither"} for c in top.children):
            return None  # "no talks", "no attack": nothing happened
        if light and top.dep_ == "dobj" and self.lexicon.has(head.lemma_.lower(), "VERB") and \
                head.lemma_.lower() not in ORDERING_VERBS:
            verb_entry = self.lexicon.match(head.lemma_.lower(), "VERB",
                                            syntax.context_lemmas(head, OBJECT_DEPS))
            if verb_entry is not None:
                return None  # the verb ("impose sanctions") is the better trigger
        ctx = syntax.context_lemmas(tok, NOUN_DEPS) | {c.lower_ for c in tok.children}
        if top.i != tok.i:
            ctx |= {top.lemma_.lower()} | syntax.context_lemmas(top, NOUN_DEPS)
        entry = self.lexicon.match(lemma, "NOUN", ctx, heads=syntax.head_lemmas(tok, {"prep", "poss", "compound"}))
        if entry is None:
            return None
        anchor = head if light else tok
        cand = Candidate(trigger=tok, anchor=anchor, entry=entry, code=entry.cameo, rule=entry.rule_for(ctx),
                         words=[anchor, tok] if anchor.i != tok.i else [tok], confidence=0.6)
        if not between and light:
            between = [o for _, o in syntax.prep_objects(head, BETWEEN)]
        doer = None
        if light and top.dep_ in {"dobj", "attr"}:
            doer = syntax.subject(head)
        poss = syntax.child(top, {"poss"})
        if poss is not None and poss.pos_ != "PRON":
            cand.sources = self._actors_of(state, poss, last)
        if not cand.sources and doer is not None:
            cand.sources = self._actors_of(state, doer, last)
            cand.joint = len(cand.sources) > 1 and _is_conjoined(doer)
        if between:
            parties = self._actors_of(state, between[0], last)
            if cand.sources:
                cand.targets = parties  # "X launched a mediation effort between A and B"
            else:
                cand.sources, cand.joint = parties, len(parties) > 1  # "talks between A and B"
                cand.between = cand.joint
        if not cand.sources and light:
            ag = syntax.agent(head)
            if ag is not None:
                cand.sources = self._actors_of(state, ag, last)
        if not cand.sources and not light:
            cand.sources = self._modifier_actors(state, top, last)
        if not cand.targets:
            for prep, o in syntax.prep_objects(top, NOUN_TARGET_PREPS):
                if prep == "in" and entry.cue:
                    continue  # "participation in the summit": the meeting, not a party
                found = self._actors_of(state, o, last)
                if found:
                    cand.targets = found
                    break
        if not cand.targets and light:
            # "gave Putin a warning", "issued an ultimatum to the rebels", "held talks with X"
            slots = [c for c in head.children if c.dep_ in {"dative", "iobj"}]
            slots += [o for _, o in syntax.prep_objects(head, LIGHT_TARGET_PREPS)]
            for o in slots:
                found = self._actors_of(state, o, last)
                if found and not any(_same_actor(a, b) for a in found for b in cand.sources):
                    cand.targets = found
                    break
        self._clause_complement(state, cand, last)
        if light:
            cand.modality = self._modality(anchor)
            if cand.modality == "asserted" and anchor.dep_ in {"acl", "relcl", "xcomp"} and \
                    "to" in syntax.aux_words(anchor):
                cand.modality = "scheduled"  # "a summit to be held on Friday"
            self._control(cand)
        if entry.cameo.startswith("03"):
            cand.modality = "intended" if cand.modality == "asserted" else cand.modality
        return cand

    def _allegation(self, state, cand: Candidate, last) -> None:
        """ "X claimed/alleged that Y attacked Z" reports X's accusation of Y (112); when Y is X itself,
        X claims responsibility (015). Plain "said" keeps the reported act."""
        speech = syntax.governing_speech_verb(cand.anchor)
        if speech is None or speech.lemma_.lower() not in ALLEGATION_VERBS or cand.code[:2] < "11":
            return
        subj = syntax.subject(speech)
        speakers = self._actors_of(state, subj, last) if subj is not None else []
        if not speakers:
            return
        doers = cand.sources
        own = {a.country for a in speakers} & {a.country for a in doers if a.country}
        cand.code = "015" if own else "112"
        cand.rule += f"+allegation:{speech.lemma_.lower()}->{cand.code}"
        cand.words.insert(0, speech)
        if not own:
            cand.targets = [a for a in doers if a.country or a.name]
        cand.sources = speakers
        cand.joint = False

    def _must_clauses(self, state, sent: Span, last) -> list[Candidate]:
        """ "X said/declared that Y must/should do Z" reports a demand by X on Y."""
        out = []
        for tok in sent:
            if tok.dep_ != "ccomp" or not ({"must", "should"} & syntax.aux_words(tok)):
                continue
            speech = tok.head
            if speech.lemma_.lower() not in syntax.SPEECH_VERBS:
                continue
            subj = syntax.subject(speech)
            tsubj = syntax.child(tok, syntax.SUBJ | syntax.PASS_SUBJ)
            if subj is None:
                continue
            inner = self.lexicon.match(tok.lemma_.lower(), "VERB", syntax.context_lemmas(tok, OBJECT_DEPS))
            code = codes.demand(inner.cameo) if inner else "100"
            entry = TriggerEntry(tok.lemma_.lower(), "VERB", frozenset(), code, "must-clause")
            cand = Candidate(trigger=tok, anchor=speech, entry=entry, code=code,
                             rule=f"syntax:speech+must-clause->{code}", words=[speech, tok], confidence=0.6)
            cand.sources = self._actors_of(state, subj, last)
            if tsubj is not None:
                cand.targets = self._actors_of(state, tsubj, last)
            if cand.sources:
                out.append(cand)
        return out

    # -- roles and modality ------------------------------------------------------------------
    def _control(self, cand: Candidate) -> None:
        """Climb through control verbs/adjectives ("agreed to", "ready to", "threatened to")."""
        tok = cand.anchor
        for _ in range(4):
            head = tok.head
            infinitive_clause = tok.dep_ == "ccomp" and "to" in syntax.aux_words(tok) and \
                head.lemma_.lower() in codes.OBJECT_CONTROL and syntax.child(tok, syntax.SUBJ) is not None
            if (tok.dep_ != "xcomp" and not infinitive_clause) or head.i == tok.i:
                break
            lemma = head.lemma_.lower()
            if lemma in codes.OBJECT_CONTROL and syntax.is_passive(head):
                break  # "was forced / urged to accept refugees": the subject accepted; no forcer named
            # "asked Obama to help" (object) or "wants Putin to attack" (parsed as the clause's subject)
            obj = syntax.child(tok, syntax.SUBJ) if infinitive_clause else syntax.child(head, syntax.OBJ)
            if lemma in codes.OBJECT_CONTROL and obj is not None:
                cand.control_object = obj
                changed = codes.transform(lemma, cand.code)
            elif lemma in {"want", "need"}:
                changed = (codes.intent(cand.code) or cand.code, "intent")
            elif lemma in codes.SCHEDULE_VERBS:
                changed = (cand.code, "scheduled")
                cand.modality = "scheduled"
            else:
                changed = codes.transform(lemma, cand.code)
            if changed is None:
                break
            cand.code, how = changed
            cand.rule += f"+{how}:{lemma}"
            cand.words.insert(0, head)
            if how in {"intent", "threat"}:
                cand.modality = "intended"
            tok = head
            if head.pos_ == "ADJ" and head.dep_ in {"acomp", "amod"}:
                tok = head.head  # "is ready to" -> the copula carries the subject
        cand.anchor = tok
        if cand.modality == "asserted":
            cand.modality = self._modality(tok, trigger=cand.trigger)
        elif syntax.has_mark(tok, {"if", "unless", "whether"}):
            cand.modality = "hypothetical"  # "unless Turkey is willing to reopen": a condition, no intent
        if cand.modality == "intended" and not cand.code.startswith(("03", "13")):
            new = codes.intent(cand.code)
            if new and new != cand.code:
                cand.rule += f"+future->{new}"
                cand.code = new
        if cand.modality == "negated" and cand.trigger.sent and _has_future(cand.anchor):
            cand.code, cand.modality = codes.refusal(cand.code), "asserted"
            cand.rule += "+will-not->refusal"
        if cand.modality == "intended" and _has_unless(cand.trigger):
            cand.code = codes.threat(cand.code)
            cand.rule += "+unless->threat"

    def _modality(self, verb: Token, trigger: Token | None = None) -> str:
        toks = [verb] + ([trigger] if trigger is not None and trigger.i != verb.i else [])
        toks += _governors(verb)
        if any(syntax.is_negated(t) for t in toks):
            return "negated"
        conj_heads = [t.head for t in toks if t.dep_ == "conj" and t.head.pos_ in {"VERB", "AUX"}]
        conj_heads += [g for h in conj_heads for g in _governors(h)]
        if any(syntax.has_mark(t, {"if", "whether", "unless"}) for t in toks + conj_heads):
            return "hypothetical"  # "unless Turkey is willing to reopen", "if they destroy X and wipe out Y"
        aux = set().union(*(syntax.aux_words(t) for t in toks))
        if aux & syntax.HYPOTHETICAL_AUX:
            return "hypothetical"
        if aux & syntax.FUTURE_AUX or ("would" in aux and syntax.governing_speech_verb(verb) is not None):
            return "intended"
        if "would" in aux:
            return "hypothetical"
        if verb.lower_ == "going" or _is_going_to(verb):
            return "intended"
        return "asserted"

    def _roles(self, state, cand: Candidate, last) -> None:
        verb = cand.anchor
        trig = cand.trigger
        passive = syntax.is_passive(trig) or _passive_participle(trig)
        if passive:
            ag = syntax.agent(trig)
            if ag is not None:
                cand.sources = self._actors_of(state, ag, last)
                cand.joint = len(cand.sources) > 1 and _is_conjoined(ag)
            else:
                self._source_from_event_noun(state, cand, last)
            ps = syntax.child(trig, syntax.PASS_SUBJ)
            if ps is not None:
                cand.targets = self._actors_of(state, ps, last)
        else:
            subj = syntax.subject(verb)
            if subj is None and verb.i != trig.i:  # "Obama is scheduled to attend": passive control verb
                subj = syntax.child(verb, syntax.PASS_SUBJ)
            if subj is None and trig.dep_ == "xcomp" and trig.head.lemma_.lower() in {"force", "compel"} and \
                    syntax.is_passive(trig.head):
                subj = syntax.child(trig.head, syntax.PASS_SUBJ)  # "X was forced to accept": X accepted
            if subj is None or subj.lower_ in {"which", "that"} and subj.head.dep_ == "relcl":
                subj = _statement_author(verb) or subj
            if subj is not None:
                cand.sources = self._actors_of(state, subj, last)
                cand.joint = len(cand.sources) > 1 and _is_conjoined(subj)
        if not cand.sources and not passive and verb.i == trig.i and _misparsed_finite(trig):
            self._linear_fallback(state, cand)
        if cand.entry.roles == "from-source":
            givers = [o for _, o in syntax.prep_objects(trig, {"from"})]
            found = self._actors_of(state, givers[0], last) if givers else []
            if found:
                cand.sources, cand.targets, cand.joint = found, cand.sources, False
                return
        if cand.control_object is not None:
            cand.targets = self._actors_of(state, cand.control_object, last)
        if not cand.sources and not passive:
            self._source_from_event_noun(state, cand, last)
        if not cand.targets and cand.control_object is None:
            for tok in ([trig] if trig.i == verb.i else [trig, verb]):
                cand.targets = self._targets_of(state, tok, last, passive, cand)
                if cand.targets:
                    break
        if not cand.targets:
            for c in trig.children:
                if c.dep_ == "xcomp":
                    cand.targets = self._targets_of(state, c, last, False, cand)
                    if cand.targets:
                        break
        if not cand.targets and cand.control_object is None:
            cand.targets = self._purpose_object(state, cand, last)
        if not cand.targets:
            cand.targets = self._victims(state, cand, passive)
        if not cand.targets:
            cand.targets = self._accused(state, cand, last)
        if not cand.targets and cand.code[:2] in ("02", "10"):
            cand.targets = self._called_for(state, cand, last)

    def _called_for(self, state, cand: Candidate, last) -> list[Actor]:
        """ "called for talks with Ecuador", "demanded sanctions against Bolivia": an appeal or demand
        for something is aimed at the party its content names (the noun's with/against/to object; not
        "on", mostly a topic: "a briefing on Syria")."""
        own = {a.country for a in cand.sources if a.country}
        for _, content in syntax.prep_objects(cand.trigger, {"for"}):
            for _, o in syntax.prep_objects(content, {"with", "against", "toward", "towards", "to"}):
                found = [a for a in self._actors_of(state, o, last) if a.country and a.country not in own]
                if found:
                    cand.rule += "+called-for-object"
                    return found
        return []

    def _accused(self, state, cand: Candidate, last) -> list[Actor]:
        """ "X alleged that Y recruited fighters", "X claims Y was responsible": the accusation is aimed
        at the subject of what is alleged (when the clause holds no act of its own to code)."""
        trig = cand.trigger
        if trig.lemma_.lower() not in ALLEGATION_VERBS:
            return []
        for c in trig.children:
            subj = syntax.child(c, syntax.SUBJ | syntax.PASS_SUBJ) if c.dep_ == "ccomp" else None
            found = self._actors_of(state, subj, last) if subj is not None and subj.pos_ != "PRON" else []
            found = [a for a in found if not any(_same_actor(a, b) for b in cand.sources)]
            if found:
                cand.rule += "+accused-in-clause"
                return found
        return []

    def _purpose_object(self, state, cand: Candidate, last) -> list[Actor]:
        """ "France summoned the Chinese ambassador to complain about ...": the act of a purpose clause
        is aimed at the object of the verb it serves, when that object is another country's actor."""
        trig = cand.trigger
        if trig.dep_ not in {"xcomp", "advcl"} or "to" not in syntax.aux_words(trig) or \
                trig.head.lemma_.lower() not in CONTACT_VERBS:
            return []  # "led Riyadh to renege", "allowed X to ...": the object is the doer
        own = {a.country for a in cand.sources if a.country}
        for obj in (c for c in trig.head.children if c.dep_ == "dobj"):
            found = self._actors_of(state, obj, last)
            if found and all(a.country and a.country not in own for a in found):
                cand.rule += "+purpose-object"
                return found
        return []

    def _victims(self, state, cand: Candidate, passive: bool) -> list[Actor]:
        """Coercion, violence and release of people named by a common noun ("detained several
        suspects", "three villagers were abducted"): those people, as civilians."""
        code = cand.code
        if not (code[:2] in VICTIM_ROOTS or code.startswith(VICTIM_CODES)):
            return []
        trig = cand.trigger
        deps = syntax.PASS_SUBJ if passive else syntax.OBJ
        for c in trig.children:
            if c.dep_ not in deps:
                continue
            head = c
            if c.lemma_.lower() in QUANTITY_NOUNS or c.lower_ in QUANTITY_NOUNS:
                head = next((o for _, o in syntax.prep_objects(c, {"of"})), c)
            m = state.mention_at(head.i)
            if m is not None and head.i != c.i and m.actors and not any(a.country for a in m.actors):
                return list(m.actors)  # "dozens of civilians": the agent, its country filled later
            if head.pos_ == "NOUN" and m is None and \
                    (head.lemma_.lower() in PERSON_NOUNS or head.lower_ in PERSON_NOUNS):
                text = state.doc[c.left_edge.i: head.i + 1].text
                return [Actor(text=text, sector="CVL", kind="group", code="CVL",
                              reason="victim: people named by a common noun")]
        return []

    def _linear_fallback(self, state, cand: Candidate) -> None:
        """A finite verb the parser left without a subject ("X on Saturday hosted Y", parsed as a
        modifier): the nearest actor before it is the source, the nearest after it the target."""
        sent = cand.trigger.sent
        before = [m for m in state.actor_mentions if sent.start <= m.start and m.end <= cand.trigger.i]
        after = [m for m in state.actor_mentions if cand.trigger.i < m.start and m.end <= sent.end]
        if not before:
            return
        cand.sources = list(before[-1].actors)
        if after and not cand.targets:
            cand.targets = list(after[0].actors)
        cand.rule += "+linear-fallback"
        cand.confidence -= 0.15

    def _source_from_event_noun(self, state, cand: Candidate, last) -> None:
        """ "killed in Israeli tank shelling", "a roadside bombing killed ...": the event noun names the
        act more precisely and its modifiers name the doer."""
        trig = cand.trigger
        nouns = [o for _, o in syntax.prep_objects(trig, {"in", "during", "by", "from", "after"})]
        nouns += [c for c in trig.children if c.dep_ in syntax.SUBJ]
        for noun in nouns:
            entry = self.lexicon.match(noun.lemma_.lower(), "NOUN", {t.lemma_.lower() for t in noun.subtree})
            if entry is None:
                continue
            if entry.cameo[:2] in VIOLENT_ROOTS and cand.code[:2] in VIOLENT_ROOTS:
                cand.code = entry.cameo
                cand.rule += f"+event-noun:{noun.lemma_.lower()}->{entry.cameo}"
                cand.words.append(noun)
            actors = self._modifier_actors(state, noun, last)
            if actors:
                cand.sources = actors
            return

    def _modifier_actors(self, state, noun: Token, last) -> list[Actor]:
        """Actors named inside an event noun phrase: "Israeli shelling", "Russia's attack", "strike by X"."""
        for c in noun.children:
            if c.dep_ in {"poss", "amod", "compound", "nmod"} and c.pos_ != "PRON":
                found = self._actors_of(state, c, last)
                if found:
                    return found
        ag = [o for _, o in syntax.prep_objects(noun, {"by"})]
        return self._actors_of(state, ag[0], last) if ag else []

    def _targets_of(self, state, tok: Token, last, passive: bool, cand: Candidate | None = None) -> list[Actor]:
        """The first target slot naming an actor with a country (objects, then prepositions, then
        prepositions of the object: "imposed restrictions against German goods", then of a participle
        on the object: "lifted sanctions imposed on Iran"); failing that, the first slot naming any
        actor by its head ("military aid" names no target). Not targets: the source's own people or
        goods that an act moves ("withdrew its troops from X"), "on behalf of X"."""
        slots: list[Token] = []
        objects = [c for c in tok.children if c.dep_ in syntax.OBJ] if not passive else []
        moved = cand is not None and cand.entry.cameo.startswith(MOVED_OBJECT_ROOTS)
        slots += [o for o in objects if not (moved and self._moved(state, o, cand))]
        slots += [o for _, o in syntax.prep_objects(tok, syntax.TARGET_PREPS)]
        for obj in objects:
            slots += [o for _, o in syntax.prep_objects(obj, syntax.TARGET_PREPS)]
            for part in obj.children:
                if part.dep_ == "acl" and part.tag_ == "VBN":
                    slots += [o for _, o in syntax.prep_objects(part, syntax.TARGET_PREPS)]
        fallback: list[Actor] = []
        for slot in slots:
            if slot.lemma_.lower() == "behalf":
                continue  # "on behalf of the people": whom the source speaks for
            found = self._actors_of(state, slot, last)
            if any(a.country for a in found):
                return found
            if state.mention_at(slot.i) is not None or slot.pos_ in {"PRON", "PROPN"}:
                fallback = fallback or found
        return fallback

    def _moved(self, state, obj: Token, cand: Candidate) -> bool:
        """Is the object what the source moves: its forces or its own people ("sent its troops")?"""
        if obj.lemma_.lower() in FORCE_NOUNS:
            return True
        own = {a.country for a in cand.sources if a.country}
        m = state.mention_at(obj.i)
        return m is not None and bool(m.actors) and all(a.country in own for a in m.actors)

    def _actors_of(self, state: ArticleState, tok: Token, last: list[Actor]) -> list[Actor]:
        """Actors named by the phrase headed by ``tok`` (its conjuncts included)."""
        if tok.lower_ in PRONOUN_SUBJECTS and tok.pos_ == "PRON" or tok.dep_ == "poss" and tok.pos_ == "PRON":
            antecedent = state.notes.get("pronoun_antecedents", {}).get(tok.i)
            if antecedent is not None:  # "He" opening a sentence after one person named (coref.py)
                return [antecedent[0]]
            speech = syntax.governing_speech_verb(tok.head)
            if speech is not None:
                subj = syntax.subject(speech)
                if subj is not None and subj.i != tok.i:
                    return self._actors_of(state, subj, last)
            return list(last) if tok.lower_ in {"it", "they", "he", "she", "his", "her", "its", "their"} else []
        if tok.dep_ == "nsubj" and tok.lower_ in {"who", "which", "that"} and tok.head.dep_ == "relcl":
            return self._actors_of(state, tok.head.head, last)
        actors: list[Actor] = []
        for t in [tok, *tok.conjuncts]:
            m = state.mention_at(t.i)
            if m is None or not any(a.country for a in m.actors):
                # "the foreign ministers of both countries": the countries inside the phrase
                inner = _first_mention_in(state, t, countries_only=m is not None)
                m = inner or m
            if m is not None:
                for a in m.actors:
                    if a not in actors:
                        actors.append(a)
        return actors

    # -- records -----------------------------------------------------------------------------
    def _records(self, state: ArticleState, sent: Span, s_idx: int, cand: Candidate,
                 probs: dict[str, float]) -> list[Event]:
        code = cand.code if cand.code in self.cameo else cand.entry.cameo
        code = one_or_two_sided(code, cand.sources, cand.targets, cand.trigger)
        cameo = self.cameo.cameo(code)
        plover = self.cameo.plover(code)
        conf = self._confidence(cand, plover.type, probs)
        rule = cand.rule
        if probs:
            top = max(probs, key=probs.get)
            rule += f"|model:minilm-linear:{top}={probs[top]:.2f}"
        words = " ".join(t.text for t in sorted({t.i: t for t in cand.words}.values(), key=lambda t: t.i))
        evidence = state.evidence(sent, trigger=words)
        pairs: list[tuple[Actor, Actor | None, bool]] = []
        mutual = cand.between or code[:2] in MUTUAL_ROOTS or cand.trigger.lemma_.lower() in MUTUAL_LEMMAS
        if cand.joint and not cand.targets and mutual:
            for a in cand.sources:
                others = [b for b in cand.sources if b.country != a.country] or [None]
                pairs.extend((a, b, True) for b in others)
        else:
            targets = [t for t in cand.targets] or [None]
            for a in cand.sources:
                for b in targets:
                    if b is not None and _same_actor(a, b):
                        continue
                    pairs.append((a, b, False))
        out = []
        for src, tgt, recip in pairs:
            src, tgt = _as_government(src), _as_government(tgt)
            key = f"{state.article.id}|{s_idx}|{cand.trigger.i}|{src.country}|{src.name}|{tgt and tgt.country}|{tgt and tgt.name}|{code}"
            eid = hashlib.sha1(key.encode()).hexdigest()[:16]
            out.append(Event(event_id=eid, article_id=state.article.id, date=state.article.date.isoformat(),
                             date_precision="day", article_date=state.article.date.isoformat(),
                             source=src, target=tgt, cameo=cameo, plover=plover, modality=cand.modality,
                             location=None, evidence=evidence, rule=rule, confidence=conf,
                             reciprocal=recip))
            state.event_anchors[eid] = cand.trigger.i
        return out

    @staticmethod
    def _confidence(cand: Candidate, ptype: str | None, probs: dict[str, float]) -> float:
        """The rule's confidence, lowered for non-asserted acts; the classifier (when loaded) raises it
        when its top type agrees with the rule's and lowers it when it finds the type unlikely."""
        conf = cand.confidence
        if cand.modality in {"hypothetical", "negated"}:
            conf -= 0.2
        if probs and ptype:
            top = max(probs, key=probs.get)
            conf += 0.15 if top == ptype else (0.0 if probs.get(ptype, 0) > 0.15 else -0.1)
        return round(min(max(conf, 0.05), 0.99), 3)


def _same_actor(a: Actor, b: Actor) -> bool:
    """The same entity named twice (not two sectors of one country: protesters vs government)."""
    if a.id and b.id:
        return a.id == b.id
    return (a.country, a.sector, a.name, a.kind) == (b.country, b.sector, b.name, b.kind)


def _as_government(actor: Actor | None) -> Actor | None:
    """A state named as the doer or undergoer of an act is its government ("Kazakhstan signed")."""
    if actor is None or actor.kind != "state" or actor.sector or not actor.country:
        return actor
    return replace(actor, sector="GOV", code=f"{actor.country}GOV",
                   reason=f"{actor.reason or 'state'}+state-acts-through-government")


def _calls_on_or_for(state: ArticleState, verb: Token) -> bool:
    """ "called for a ceasefire", "called on Ruritania to withdraw": an appeal. "Called on Friday",
    "called him a liar", "a town called Zenda" are not: "on" must name an actor."""
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "for":
            return True
        if c.dep_ == "prep" and c.lower_ in {"on", "upon"}:
            if any(o.dep_ == "pobj" and (state.mention_at(o.i) is not None or _first_mention_in(state, o))
                   for o in c.children):
                return True
    return False


def _statement_author(verb: Token) -> Token | None:
    """ "X issued a statement urging ...", "a report by X that calls on ...": the text's author, as
    the subject of the verb that issued it, its possessor or its "by" phrase."""
    noun = verb.head if verb.dep_ in {"acl", "relcl"} else None
    if noun is None or noun.lemma_.lower() not in STATEMENT_NOUNS:
        return None
    poss = syntax.child(noun, {"poss"})
    if poss is not None and poss.pos_ != "PRON":
        return poss
    by = [o for _, o in syntax.prep_objects(noun, {"by", "from"})]
    if by:
        return by[0]
    if noun.dep_ in {"dobj", "attr"} and noun.head.pos_ in {"VERB", "AUX"}:
        return syntax.subject(noun.head)
    return None


def _is_conjoined(tok: Token) -> bool:
    # "and" inside the phrase covers misparses ("Donald Trump and Theresa May" with Trump as a modifier)
    return bool(tok.conjuncts) or tok.lower_ in {"parties", "sides", "countries", "presidents", "leaders"} or \
        any(t.lower_ in {"both", "two"} or t.dep_ == "cc" and t.lower_ in {"and", "&"} and t.head.pos_ == "PROPN"
            and t.head.dep_ in {"nmod", "compound"} for t in tok.subtree)


def _first_mention_in(state: ArticleState, tok: Token, countries_only: bool = False):
    """The actor mention nearest to the head inside ``tok``'s phrase (not crossing clauses)."""
    best = None
    orgs = []
    for t in _phrase(tok):
        m = state.mention_at(t.i)
        if m is not None and countries_only and not any(a.country for a in m.actors):
            continue
        if m is not None and _backer(state, m):
            continue  # "the American-backed Kurdish militia" is not American
        if m is not None and (best is None or abs(t.i - tok.i) < best[0]):
            best = (abs(t.i - tok.i), m)
        if m is not None and (m.reason or "").startswith("org") and m.actors[0].country:
            orgs.append(m)
    if best is not None and orgs and all(a.kind == "state" and a.sector is None for a in best[1].actors):
        # "the director of the UK surveillance agency GCHQ": the organisation, not the bare country
        same = [o for o in orgs if o.actors[0].country in {a.country for a in best[1].actors}]
        if same:
            return same[0]
    return best[1] if best else None


CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "appos"}


def _phrase(tok: Token):
    """Tokens of the phrase headed by ``tok``, not descending into clauses or appositions."""
    return syntax.phrase(tok, CLAUSE_DEPS)


BACKING = ("-backed", "-supported", "-sponsored", "-allied", "-armed", "-trained", "-funded", "-aligned")


def _backer(state: ArticleState, m) -> bool:
    """A mention inside "X-backed", "X-supported" ... names the backer of the phrase's head."""
    doc = state.doc
    after = doc[m.end].text.lower() if m.end < len(doc) else ""
    inside = doc[m.end - 1].text.lower() if m.end > m.start else ""
    return after in {"-", "–"} and m.end + 1 < len(doc) and doc[m.end + 1].lower_ in {
        b[1:] for b in BACKING} or any(inside.endswith(b) for b in BACKING) or \
        any(after.startswith(b) for b in BACKING)


def _misparsed_finite(tok: Token) -> bool:
    """A past-tense or present finite verb attached as a modifier or compound: a misparse."""
    return tok.tag_ in {"VBD", "VBZ", "VBP", "VBN"} and tok.dep_ in {"amod", "compound", "npadvmod", "nmod", "appos", "ROOT", "dep"} \
        and not any(c.dep_ in syntax.SUBJ | syntax.PASS_SUBJ | {"auxpass"} for c in tok.children)


def _has_future(tok: Token) -> bool:
    return bool(syntax.aux_words(tok) & (syntax.FUTURE_AUX | {"would"}))


def _has_unless(tok: Token) -> bool:
    return any(t.lower_ in {"unless", "otherwise"} for t in tok.sent) or \
        any(t.lower_ == "face" and t.head.lower_ in {"or"} for t in tok.sent)


def _is_going_to(verb: Token) -> bool:
    return verb.dep_ == "xcomp" and verb.head.lower_ == "going"


def _reports_noun_act(noun: Token, verb: Token) -> bool:
    """Does ``verb`` report the act its event noun names ("held talks", "talks began")?"""
    forms = _verb_forms(verb)
    return bool(forms & (OCCURRENCE_VERBS if noun.dep_ == "nsubj" else LIGHT_VERBS))


def _verb_forms(verb: Token) -> set[str]:
    """The lemma and simple de-inflections of the word (the lemmatizer reads "staged" as "stag")."""
    w = verb.lower_
    out = {verb.lemma_.lower(), w}
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""),
                         ("ing", ""), ("ing", "e"), ("d", "")):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            out.add(w[: -len(suffix)] + repl)
    return out


def _noun_in_harm_phrase(noun: Token) -> bool:
    """ "killed in Israeli shelling", "wounded during the bombardment", "died in an air strike"."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in {"in", "during", "by", "from", "after", "amid"}:
        return False
    return bool(_verb_forms(prep.head) & HARM_VERBS)


def _is_prediction(verb: Token) -> bool:
    """ "warned that more deaths are likely", "warned of a clash": a forecast, not a threat. A warning
    is a threat when its clause announces an act of the warner's own ("warned it would retaliate",
    "warned that Ankara will not stand by") or when it is addressed to someone ("warned Iran
    against ...", "warned the rebels to leave")."""
    if any(c.dep_ in syntax.OBJ for c in verb.children) or any(c.dep_ == "xcomp" for c in verb.children):
        return False
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if clause is None:
        return True  # "warned of the dangers", "warned on Monday"
    subj = syntax.child(clause, syntax.SUBJ | syntax.PASS_SUBJ)
    if subj is None:
        return True
    own = subj.lower_ in {"it", "we", "i", "they", "he", "she"} or subj.pos_ == "PROPN" and \
        syntax.subject(verb) is not None and subj.lower_ == syntax.subject(verb).lower_
    if not own:
        return True
    aux = syntax.aux_words(clause)
    return not (aux & (syntax.FUTURE_AUX | {"would", "could"}) or any(t.lower_ in {"if", "unless"} for t in verb.sent))


def _asks_a_question(verb: Token) -> bool:
    """ "asked her why she wears ...", "asked whether talks would resume": a question, not a request."""
    for c in verb.children:
        if c.dep_ in {"ccomp", "advcl"}:
            first = c.left_edge
            if first.lower_ in WH_WORDS or any(g.dep_ == "mark" and g.lower_ in {"whether", "if"} for g in c.children):
                return True
            if any(g.tag_ in {"WRB", "WP", "WDT"} and g.i < c.i for g in c.children):
                return True
        if c.dep_ == "dobj" and c.lemma_.lower() in {"question", "questions"}:
            return True
    return False


def _modifier_participle(tok: Token, state: ArticleState) -> bool:
    """A participle that modifies a noun which is not an actor ("alleged war crimes", "the
    heavily-defended airfields", "a red line banning chemical weapons") describes, it does not
    report an act. A participle on an actor ("rebels fighting the regime") keeps its doer."""
    if tok.dep_ not in {"amod", "acl", "compound"} or tok.tag_ not in {"VBN", "VBG", "JJ"}:
        return False
    if any(c.dep_ in syntax.SUBJ for c in tok.children):
        return False
    head = tok.head
    if tok.tag_ == "VBG" and tok.dep_ == "acl" and head.lemma_.lower() in STATEMENT_NOUNS:
        return False  # "issued a statement urging X to ...": the statement's author acts
    m = state.mention_at(head.i)
    return m is None or not any(a.country or a.name for a in m.actors)


def _passive_participle(tok: Token) -> bool:
    """ "the opposition, pressured by the fact ...", "militants captured by the army": a past
    participle without auxiliary is passive; the clause's subject is the undergoer, not the doer."""
    return tok.tag_ == "VBN" and tok.dep_ in {"advcl", "acl", "amod", "conj"} and \
        not any(c.dep_ in {"aux", "auxpass", "nsubj", "nsubjpass"} for c in tok.children) and \
        not (tok.dep_ == "conj" and tok.head.tag_ != "VBN")


def _governors(verb: Token) -> list[Token]:
    """Verbs that govern ``verb``'s clause through control or complement links ("must now watch the
    Americans march", "were never to receive", "cannot afford attacks"), up to the clause that
    reports it; reporting verbs stop the climb (their own tense is not the act's)."""
    out: list[Token] = []
    tok = verb
    for _ in range(4):
        if tok.dep_ not in {"xcomp", "ccomp", "dobj", "pobj", "prep", "advcl", "acomp"} or tok.head.i == tok.i:
            break  # acomp: "unless Turkey is willing to reopen", "is not ready to attack"
        head = tok.head
        if head.lemma_.lower() in syntax.SPEECH_VERBS:
            break
        if head.pos_ in {"VERB", "AUX"}:
            out.append(head)
        tok = head
    return out
