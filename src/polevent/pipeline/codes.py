"""How control verbs and modality change a CAMEO code.

"agreed to lift sanctions" is an intent to ease sanctions (0354), "threatened to impose a curfew" a
threat (1323), "refused to withdraw" a refusal to de-escalate (1246), "demanded the release" a demand
for release (1053). These tables turn the embedded action's code into the code of the act reported,
following the parallel structure of the CAMEO 03/10/12/13 branches.
"""
from __future__ import annotations

# (prefix of the embedded action's code, resulting code); longest prefix wins.
_INTENT = [("04", "036"), ("05", "032"), ("06", "031"), ("061", "0311"), ("062", "0312"), ("063", "0313"),
           ("064", "0314"), ("07", "033"), ("071", "0331"), ("072", "0332"), ("073", "0333"), ("074", "0334"),
           ("08", "035"), ("081", "0351"), ("082", "0352"), ("083", "034"), ("0831", "0341"), ("084", "0353"),
           ("085", "0354"), ("086", "0355"), ("087", "0356"), ("03", None), ("09", "030"), ("0871", "037")]
_THREAT = [("16", "131"), ("161", "1313"), ("162", "1311"), ("163", "1312"), ("164", "134"), ("165", "135"),
           ("166", "136"), ("17", "137"), ("172", "132"), ("1722", "1322"), ("1723", "1323"), ("1724", "1324"),
           ("173", "137"), ("174", "137"), ("18", "1383"), ("19", "138"), ("191", "1381"), ("192", "1382"),
           ("20", "1385"), ("14", "133"), ("15", "138"), ("13", None), ("12", "130"), ("11", "130"), ("10", "130")]
_REFUSE = [("03", "120"), ("04", "125"), ("05", "120"), ("06", "121"), ("061", "1211"), ("062", "1212"),
           ("063", "1213"), ("064", "1214"), ("07", "122"), ("08", "124"), ("081", "1241"), ("082", "1242"),
           ("083", "123"), ("084", "1243"), ("085", "1244"), ("086", "1245"), ("087", "1246"), ("045", "126"),
           ("02", "120"), ("10", "120"), ("12", None)]
_DEMAND = [("03", "100"), ("04", "106"), ("045", "108"), ("05", "102"), ("06", "101"), ("061", "1011"),
           ("062", "1012"), ("063", "1013"), ("064", "1014"), ("07", "103"), ("071", "1031"), ("072", "1032"),
           ("073", "1033"), ("074", "1034"), ("08", "105"), ("081", "1051"), ("082", "1052"), ("083", "104"),
           ("0831", "1041"), ("084", "1053"), ("085", "1054"), ("086", "1055"), ("087", "1056"), ("0871", "107"),
           ("10", None), ("02", None)]

_APPEAL = [("03", "020"), ("04", "026"), ("045", "028"), ("05", "022"), ("06", "021"), ("061", "0211"),
           ("062", "0212"), ("063", "0213"), ("064", "0214"), ("07", "023"), ("071", "0231"), ("072", "0232"),
           ("073", "0233"), ("074", "0234"), ("08", "025"), ("081", "0251"), ("082", "0252"), ("083", "024"),
           ("0831", "0241"), ("084", "0253"), ("085", "0254"), ("086", "0255"), ("087", "0256"), ("0871", "027"),
           ("02", None), ("10", None)]

# Control verbs: the verb whose xcomp/ccomp action they govern, and the table applied.
INTENT_VERBS = {"agree", "promise", "pledge", "vow", "offer", "commit", "undertake", "plan", "intend", "decide",
                "prepare", "expect", "hope", "aim", "seek", "volunteer", "swear", "resolve", "consider", "propose",
                "ready", "willing", "prepared", "confirm"}
THREAT_VERBS = {"threaten", "warn"}
# a scheduled act is coded as the act itself, with modality "scheduled" ("is scheduled to attend a summit")
SCHEDULE_VERBS = {"schedule", "slate", "due", "set"}
REFUSE_VERBS = {"refuse", "reject", "decline", "oppose", "veto"}
DEMAND_VERBS = {"demand", "insist", "press", "pressure", "require", "push"}
# an order from an authority is coercion: "ordered the newspaper to suspend publication" keeps the
# coercive act's code (17x); ordering anything else is coercion in general (170)
ORDER_VERBS = {"order", "force", "compel"}
APPEAL_VERBS = {"urge", "ask", "call", "appeal", "request", "want", "invite", "encourage", "need", "tell", "persuade"}
# verbs whose object is the subject of the embedded act ("asked Obama to help Iran"): the act
# reported is the request, from the subject to the object
OBJECT_CONTROL = DEMAND_VERBS | APPEAL_VERBS | ORDER_VERBS


def _lookup(table: list[tuple[str, str | None]], code: str) -> str | None | bool:
    best = None
    for prefix, out in table:
        if code.startswith(prefix) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, out)
    if best is None:
        return False  # no mapping
    return best[1] if best[1] is not None else code  # None in the table: keep the code as it is


def intent(code: str) -> str | None:
    """Code for an expressed intent to do ``code``; conflictual acts become threats."""
    out = _lookup(_INTENT, code)
    if out is False:
        return threat(code)
    return out


def threat(code: str) -> str:
    out = _lookup(_THREAT, code)
    return "130" if out is False else out


def refusal(code: str) -> str:
    out = _lookup(_REFUSE, code)
    return "120" if out is False else out


def demand(code: str) -> str:
    out = _lookup(_DEMAND, code)
    return "100" if out is False else out


def appeal(code: str) -> str:
    out = _lookup(_APPEAL, code)
    return "020" if out is False else out


def transform(control_lemma: str, code: str) -> tuple[str, str] | None:
    """(new code, how) when ``control_lemma`` governs an action coded ``code``; None if it doesn't."""
    if control_lemma in THREAT_VERBS:
        return threat(code), "threat"
    if control_lemma in REFUSE_VERBS:
        return refusal(code), "refusal"
    if control_lemma in DEMAND_VERBS:
        return demand(code), "demand"
    if control_lemma in ORDER_VERBS:
        return (code if code.startswith("17") else "170"), "order"
    if control_lemma in APPEAL_VERBS:
        return appeal(code), "appeal"
    if control_lemma in INTENT_VERBS:
        return intent(code), "intent"
    return None
