import pytest

from polevent.cameo import CameoTable
from polevent.pipeline import codes


@pytest.fixture(scope="module")
def table():
    return CameoTable.load()


@pytest.mark.parametrize("control, code, expected", [
    ("agree", "085", "0354"),      # agreed to lift sanctions -> intent to ease economic sanctions
    ("promise", "042", "036"),     # promised to visit -> intent to meet
    ("offer", "073", "0333"),      # offered humanitarian aid
    ("threaten", "1723", "1323"),  # threatened to impose a curfew
    ("threaten", "162", "1311"),   # threatened to cut aid
    ("warn", "190", "138"),        # warned it would use force
    ("refuse", "0874", "1246"),    # refused to withdraw
    ("refuse", "046", "125"),      # refused to negotiate
    ("demand", "084", "1053"),     # demanded the release
    ("urge", "0874", "0256"),      # urged to withdraw: an appeal to de-escalate
    ("pressure", "0874", "1056"),  # pressured to withdraw: a demand
    ("say", "057", None),          # a speech verb is not a control verb
])
def test_transform(table, control, code, expected):
    out = codes.transform(control, code)
    if expected is None:
        assert out is None
    else:
        assert out[0] == expected and out[0] in table


def test_every_mapped_code_exists(table):
    for code in table.codes():
        for fn in (codes.intent, codes.threat, codes.refusal, codes.demand):
            out = fn(code)
            assert out is None or out in table, (fn.__name__, code, out)


def test_intent_of_conflict_is_threat():
    assert codes.intent("190").startswith("13")
