"""Dependency-parse helpers: who is the subject, what is the object, how a clause is framed.

Pure functions over spaCy tokens (English UD-style labels of spaCy's English models).
"""
from __future__ import annotations

from typing import Iterator

from spacy.tokens import Span, Token

SUBJ = {"nsubj", "csubj"}
PASS_SUBJ = {"nsubjpass", "csubjpass"}
OBJ = {"dobj", "obj", "dative", "iobj"}
TARGET_PREPS = {"with", "against", "on", "upon", "to", "toward", "towards", "at", "from", "into", "over"}
SPEECH_VERBS = {"say", "declare", "allege", "contend", "announce", "state", "tell", "add", "note", "stress", "emphasize",
                "emphasise", "reiterate", "insist", "conclude", "claim", "report", "inform", "confirm",
                "write", "assert", "argue", "indicate", "suggest", "explain", "quote", "underline"}
PRONOUNS = {"it", "they", "he", "she", "we", "i", "its", "their", "his", "her", "our", "them", "him",
            "who", "which", "that"}
HYPOTHETICAL_AUX = {"could", "might", "may"}
# "by/after/while doing X, Y ...": Y is the doer of X
MANNER_PREPS = {"by", "after", "while", "before", "in", "through", "since"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in PASS_SUBJ or c.dep_ == "auxpass" for c in verb.children)


def child(tok: Token, deps: set[str]) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def agent(verb: Token) -> Token | None:
    """The object of a passive's 'by' phrase."""
    for c in verb.children:
        if c.dep_ == "agent":
            return child(c, {"pobj"})
    return None


def prep_objects(tok: Token, preps: set[str]) -> Iterator[tuple[str, Token]]:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for o in c.children:
                if o.dep_ == "pobj":
                    yield c.lower_, o


def subject(verb: Token) -> Token | None:
    """Grammatical subject of ``verb`` or, failing that, of the clause that controls it."""
    seen = 0
    tok = verb
    while tok is not None and seen < 6:
        s = child(tok, SUBJ)
        if s is not None:
            return s
        if tok.dep_ in {"xcomp", "conj", "advcl", "acomp"} and tok.head.i != tok.i:
            tok = tok.head
        elif tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.lower_ in MANNER_PREPS:
            tok = tok.head.head  # "By attacking the Kurds, Erdogan challenged ...": Erdogan attacked
        elif tok.dep_ == "relcl":
            return tok.head
        else:
            return None
        seen += 1
    return None


def governing_speech_verb(tok: Token) -> Token | None:
    """The reporting verb whose clausal complement contains ``tok`` ("X said that ...")."""
    cur = tok
    for _ in range(6):
        if cur.head.i == cur.i:
            return None
        if cur.dep_ in {"ccomp", "parataxis", "xcomp"} and cur.head.lemma_.lower() in SPEECH_VERBS:
            return cur.head
        if cur.dep_ not in {"ccomp", "xcomp", "conj", "advcl", "aux", "dobj", "prep", "pobj"}:
            return None
        cur = cur.head
    return None


def aux_words(verb: Token) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}


def is_negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def has_mark(tok: Token, words: set[str]) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in words for c in tok.children)


def depth(tok: Token) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok = tok.head
        d += 1
    return d


def head_lemmas(tok: Token, deps: set[str]) -> set[str]:
    """Lemmas of the heads of ``tok``'s child phrases with the given labels (a preposition's object
    for a prepositional phrase): "meet the tests of X" -> {"test", "tests"}, not the words inside."""
    out: set[str] = set()
    for c in tok.children:
        if c.dep_ not in deps:
            continue
        for h in ([o for o in c.children if o.dep_ == "pobj"] if c.dep_ == "prep" else [c]):
            out.update((h.lemma_.lower(), h.lower_))
    return out


def phrase(tok: Token, stop_deps) -> Iterator[Token]:
    """``tok`` and the tokens below it, not descending through the labels in ``stop_deps`` (the
    clauses inside a phrase)."""
    stack = [tok]
    while stack:
        t = stack.pop()
        yield t
        stack.extend(c for c in t.children if c.dep_ not in stop_deps)


def context_lemmas(tok: Token, deps: set[str]) -> set[str]:
    """Lemmas in the subtrees of ``tok``'s children with the given dependency labels."""
    out: set[str] = set()
    for c in tok.children:
        if c.dep_ in deps:
            for t in c.subtree:
                out.add(t.lemma_.lower())
                out.add(t.lower_)
    return out


def in_sentence(tok: Token, sent: Span) -> bool:
    return sent.start <= tok.i < sent.end


DATE_PREPS = frozenset("in on since until by from of early late mid last next this".split())


def is_date_word(tok: Token) -> bool:
    """ "on May 5", "in May": a month, not Theresa May (a date the NER found, read with its neighbours)."""
    if tok.ent_type_ not in ("DATE", "TIME"):
        return False
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    prev = tok.nbor(-1) if tok.i > 0 else None
    return (nxt is not None and nxt.like_num) or (prev is not None and prev.lower_ in DATE_PREPS)
