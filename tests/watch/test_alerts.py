"""Alert rules: YAML and TOML files, one-line errors, and which events each rule matches."""
import json

import pytest

from polevent.cameo import CameoTable
from polevent.errors import AlertError
from polevent.model import Actor, Article, Cameo, CodedArticle, Event, Evidence, Location, Plover
from polevent.watch.alerts import alert_line, load_rules, matches

TYPES = CameoTable.load().plover_types()


def event(n, src, tgt, code="190", ptype="FIGHT", goldstein=-10.0, confidence=0.8, place=None,
          modality="asserted", src_code=None):
    return Event(event_id=f"e{n}", article_id="art", date="2026-11-30", date_precision="day",
                 article_date="2026-11-30", source=Actor(text=src, country=src, code=src_code or f"{src}MIL"),
                 target=Actor(text=tgt, country=tgt) if tgt else None,
                 cameo=Cameo(code=code, root=code[:2], name="x", goldstein=goldstein, quad_class=4),
                 plover=Plover(type=ptype), modality=modality,
                 location=Location(name=place, country=place) if place else None,
                 evidence=Evidence("s", 0, 0, 1), rule="r", confidence=confidence)


EVENTS = [event(1, "KAZ", "TJK"), event(2, "TJK", "KAZ", code="057", ptype="AGREE", goldstein=8.0),
          event(3, "AZE", "ARM", code="194", place="ARM", confidence=0.5),
          event(4, "RUS", "UKR", code="183", ptype="ASSAULT", modality="negated"),
          event(5, "TUR", "GEO", code="036", ptype="CONSULT", goldstein=4.0, place="ARM", src_code="TURGOV")]
CODED = [CodedArticle(article=Article(id="art", date=__import__("datetime").date(2026, 11, 30), text="t",
                                      url="http://127.0.0.1/a", title="T", source="S"), events=EVENTS)]


def matched(tmp_path, text, suffix=".yaml"):
    p = tmp_path / f"rules{suffix}"
    p.write_text(text, encoding="utf-8")
    return [(a["rules"], a["event"]["event_id"]) for a in matches(load_rules(p, TYPES), CODED)]


@pytest.mark.parametrize("rule, ids", [
    ("dyad: KAZ-TJK", ["e1", "e2"]),  # either direction
    ("dyad: tjk-kaz\n    type: [ASSAULT, FIGHT]", ["e1"]),
    ("country: ARM", ["e3", "e5"]),  # either side or where it happened
    ("actor: TURGOV", ["e5"]),
    ("cameo: ['18', '19']", ["e1", "e3", "e4"]),
    ("min_goldstein: 4", ["e2", "e5"]),
    ("max_goldstein: -5\n    min_confidence: 0.6", ["e1", "e4"]),
    ("modality: negated", ["e4"]),
    ("dyad: [KAZ-TJK, ARM-AZE]\n    max_goldstein: 0", ["e1", "e3"]),
    ("dyad: KAZ-UZB", []),
])
def test_rule_matches_exactly_its_events(tmp_path, rule, ids):
    got = matched(tmp_path, f"rules:\n  - name: r\n    {rule}\n")
    assert got == [(["r"], i) for i in ids]


def test_toml_rules_and_several_names_per_event(tmp_path):
    text = '[[rules]]\nname = "kz"\ndyad = "KAZ-TJK"\n\n[[rules]]\ntype = ["FIGHT"]\n'
    assert matched(tmp_path, text, ".toml") == [(["kz", "rule-2"], "e1"), (["kz"], "e2"), (["rule-2"], "e3")]


def test_alert_line_is_one_json_object_with_event_and_article(tmp_path):
    p = tmp_path / "r.yaml"
    p.write_text("- dyad: KAZ-TJK\n", encoding="utf-8")  # a bare list is fine too
    line = alert_line(next(iter(matches(load_rules(p, TYPES), CODED))))
    assert "\n" not in line
    obj = json.loads(line)
    assert obj["event"]["source"]["country"] == "KAZ" and obj["event"]["cameo"]["code"] == "190"
    assert obj["article"] == {"id": "art", "date": "2026-11-30", "title": "T", "url": "http://127.0.0.1/a",
                              "source": "S"}


@pytest.mark.parametrize("text, says", [
    ("rules:\n  - dyad: KAZ\n", "rule-1: dyad 'KAZ': expected two different codes"),
    ("rules:\n  - type: [FIGTH]\n", "rule-1: unknown PLOVER type(s) FIGTH"),
    ("rules:\n  - dyad: KAZ-TJK\n  - colour: red\n", "rule-2: unknown key(s) colour"),
    ("rules:\n  - name: only\n", "rule-1: a rule needs at least one condition"),
    ("rules:\n  - min_goldstein: high\n", "rule-1: min_goldstein must be a number"),
    ("rules:\n  - cameo: abc\n", "rule-1: cameo must be CAMEO codes"),
    ("rules: [\n", "malformed YAML"),
    ("rules: []\n", "expected a list of rules"),
    ("rules:\n  - {name: a, dyad: KAZ-TJK}\n  - {name: a, country: ARM}\n", "two rules have the same name"),
])
def test_bad_rules_are_one_line_errors_naming_file_and_rule(tmp_path, text, says):
    p = tmp_path / "r.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(AlertError) as exc:
        load_rules(p, TYPES)
    msg = str(exc.value)
    assert msg.startswith(f"[E011] {p}") and says in msg and "\n" not in msg
