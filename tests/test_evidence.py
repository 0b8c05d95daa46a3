"""The learned evidence model: the PENTA mapping, loading checks, the stage's policy (veto,
retype, confidence, rule string) with a hand-made weight file, and the training script end to end."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from polevent import evidence as evm
from polevent.cameo import CameoTable
from polevent.classifier import SoftmaxModel
from polevent.errors import DataError
from polevent.model import Actor, Article, Event, Evidence
from polevent.pipeline.evidence import EvidenceStage
from polevent.pipeline.state import ArticleState

DIM = 3  # the fake embedder's dimension
NPARSE = len(evm.PARSE_FEATURES)


class FakeEmbedder:
    """Sentence -> a fixed vector: 'clash' words point to axis 0, 'talks' words to axis 1."""

    def embed(self, texts):
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, t in enumerate(texts):
            out[i, 0] = float("clash" in t.lower())
            out[i, 1] = float("talks" in t.lower())
            out[i, 2] = 1.0
        return out


def handmade_model(tmp_path: Path, policy: dict, dim: int = DIM) -> Path:
    """Weights where axis 0 votes material conflict (4) and axis 1 verbal cooperation (1)."""
    weights = np.zeros((dim + NPARSE, len(evm.PENTA)))
    weights[0, 4] = 6.0
    weights[1, 1] = 6.0
    model = SoftmaxModel(labels=evm.PENTA, weights=weights, bias=np.zeros(len(evm.PENTA)))
    evm.save(model, tmp_path, {"policy": policy, "features": {"embedding_dimension": dim,
                                                              "parse": list(evm.PARSE_FEATURES)}})
    return tmp_path


def event(sentence: str, index: int, code: str, confidence: float, cameo: CameoTable, target: str | None = "VLR",
          eid: str | None = None) -> Event:
    return Event(event_id=eid or f"e{index}{code}", article_id="a", date="2024-03-02", date_precision="day",
                 article_date="2024-03-02", source=Actor(text="Ostravia", country="OST"),
                 target=Actor(text="Valdoria", country=target) if target else None,
                 cameo=cameo.cameo(code), plover=cameo.plover(code), modality="asserted", location=None,
                 evidence=Evidence(sentence=sentence, sentence_index=index, start=0, end=len(sentence)),
                 rule=f"lexicon:verb->{code}", confidence=confidence)


@pytest.fixture(scope="module")
def cameo():
    return CameoTable.load()


def run_stage(model, cameo, events):
    st = ArticleState(article=Article(id="a", date=dt.date(2024, 3, 2), text=""), doc=None,
                      resources=SimpleNamespace())
    st.events = list(events)
    st.event_anchors = {e.event_id: n for n, e in enumerate(events)}
    EvidenceStage(None, SimpleNamespace(evidence=model, cameo=cameo))(st)
    return st


@pytest.mark.parametrize("code, cls", [("010", 0), ("0234", 0), ("036", 1), ("057", 1), ("061", 2), ("0871", 2),
                                       ("090", 3), ("1246", 3), ("138", 3), ("141", 4), ("190", 4), ("204", 4),
                                       ("", None), (None, None), ("21", None), ("XYZ", None)])
def test_penta_class_follows_the_cameo_root(code, cls):
    assert evm.penta_class(code) == cls


def test_rule_features_describe_the_rules_reading(cameo):
    x = evm.rule_features([event("Ostravia shelled Valdoria.", 0, "190", 0.7, cameo)])
    names = dict(zip(evm.PARSE_FEATURES, x))
    assert names["rule_class=material_conflict"] == 1 and names["rule_class=none"] == 0
    assert names["rule_confidence"] == pytest.approx(0.7) and names["modality=asserted"] == 1
    assert names["has_target"] == 1
    assert dict(zip(evm.PARSE_FEATURES, evm.rule_features([])))["rule_class=none"] == 1


def test_stage_vetoes_blends_confidence_and_names_the_model(tmp_path, cameo):
    model = evm.EvidenceModel.load(FakeEmbedder(), handmade_model(tmp_path, {"veto_below": 0.2,
                                                                             "confidence_weight": 0.5}))
    clash = "Ostravia and Valdoria clash at the border."     # the model: material conflict
    talks = "Ostravia opened talks with Valdoria."          # the model: verbal cooperation
    events = [event(clash, 0, "190", 0.6, cameo),            # agrees: kept, confidence raised
              event(talks, 1, "190", 0.6, cameo),            # disagrees strongly: vetoed
              event(talks, 1, "190", 0.6, cameo, eid="e1b"),  # same sentence: vetoed too
              event("Ostravia spoke.", 2, "040", 0.6, cameo)]  # no cue: p(class 1) = 0.2 exactly, kept
    st = run_stage(model, cameo, events)
    assert [e.evidence.sentence_index for e in st.events] == [0, 2]
    assert set(st.event_anchors) == {events[0].event_id, events[3].event_id}
    kept = st.events[0]
    p = np.exp(6) / (np.exp(6) + 4)
    assert kept.confidence == pytest.approx(round(0.5 * 0.6 + 0.5 * p, 3))
    assert kept.rule == f"lexicon:verb->190|model:minilm-penta:material_conflict={p:.2f}"
    assert st.events[1].confidence == pytest.approx(0.4)  # (0.6 + 0.2) / 2


def test_stage_retypes_when_the_policy_allows_it(tmp_path, cameo):
    codes = ["020", "030", "084", "120", "190"]
    model = evm.EvidenceModel.load(FakeEmbedder(), handmade_model(
        tmp_path, {"veto_below": 0.0, "confidence_weight": 0.0, "retype_above": 0.9, "codes": codes}))
    talks = "Ostravia opened talks with Valdoria."
    st = run_stage(model, cameo, [event(talks, 0, "120", 0.65, cameo), event("Ostravia spoke.", 1, "120", 0.65, cameo)])
    retyped, plain = st.events
    assert retyped.cameo.code == "030" and retyped.plover.type == cameo.plover("030").type
    assert retyped.rule.endswith("|model:minilm-penta:retype:verbal_cooperation=0.99->030")
    assert retyped.confidence == pytest.approx(round(np.exp(6) / (np.exp(6) + 4), 3))
    assert plain.cameo.code == "120" and plain.confidence == 0.65  # no cue: uniform, below 0.9


def test_stage_without_a_model_changes_nothing(cameo):
    events = [event("Ostravia shelled Valdoria.", 0, "190", 0.6, cameo)]
    st = run_stage(None, cameo, events)
    assert st.events == events


def test_loading_checks_files_and_shapes(tmp_path, cameo):
    with pytest.raises(DataError, match="missing"):
        evm.EvidenceModel.load(FakeEmbedder(), tmp_path / "nothing")
    good = handmade_model(tmp_path / "good", {"veto_below": 0.1, "confidence_weight": 0.0})
    model = evm.EvidenceModel.load(FakeEmbedder(), good)
    assert model.model.weights.shape == (DIM + NPARSE, len(evm.PENTA))
    assert model.policy == evm.Policy(0.1, 0.0)
    # metadata that says another embedding size than the weights have
    meta = json.loads((good / evm.METADATA).read_text())
    meta["features"]["embedding_dimension"] = DIM + 1
    (good / evm.METADATA).write_text(json.dumps(meta))
    with pytest.raises(DataError, match="weight rows"):
        evm.EvidenceModel.load(FakeEmbedder(), good)
    # a feature layout this polevent does not compute
    meta["features"] = {"embedding_dimension": DIM, "parse": ["rule_confidence"]}
    (good / evm.METADATA).write_text(json.dumps(meta))
    with pytest.raises(DataError, match="parse features"):
        evm.EvidenceModel.load(FakeEmbedder(), good)
    # weights for a wider embedder than the one given: caught at prediction time
    wide = evm.EvidenceModel.load(FakeEmbedder(), handmade_model(tmp_path / "wide", {}, dim=DIM + 2))
    with pytest.raises(DataError, match="expects"):
        wide.predict_proba(["Ostravia spoke."], [evm.rule_features([])])
    with pytest.raises(DataError, match="labels"):
        evm.EvidenceModel(SoftmaxModel(labels=("a", "b"), weights=np.zeros((4, 2)), bias=np.zeros(2)), FakeEmbedder())


def test_shipped_weights_load_with_their_shapes():
    directory = evm.default_directory()
    if not (directory / evm.WEIGHTS).is_file():
        pytest.skip("no shipped evidence weights")
    meta = json.loads((directory / evm.METADATA).read_text())
    model = evm.EvidenceModel.load(FakeEmbedder(), directory)  # the embedder is only used to predict
    assert model.model.weights.shape == (meta["features"]["embedding_dimension"] + NPARSE, len(evm.PENTA))
    assert "GPL-3.0" in meta["licence"] and meta["training_data"]["items"] > 1000


# ------------------------------------------------------------------------------------ training script
PENTA_ITEMS = [  # our own sentences, four per class
    (0, "The Ostravian foreign minister said the border was calm."),
    (0, "Valdoria's president urged citizens to stay calm."),
    (0, "The Ostravian government appealed for international help."),
    (0, "Valdorian officials commented on the new census."),
    (1, "Ostravia and Valdoria agreed to hold talks next month."),
    (1, "The Valdorian president praised Ostravia for its restraint."),
    (1, "Ostravia's prime minister met the Valdorian envoy in the capital."),
    (1, "Valdoria signed a cooperation pact with Ostravia."),
    (2, "Ostravia sent food aid to flood victims in Valdoria."),
    (2, "Valdoria released forty Ostravian prisoners on Monday."),
    (2, "Ostravia lifted its trade embargo on Valdoria."),
    (2, "The Valdorian army withdrew its troops from the disputed valley."),
    (3, "Ostravia accused Valdoria of spying on its diplomats."),
    (3, "Valdoria threatened to expel the Ostravian ambassador."),
    (3, "The Ostravian government rejected Valdoria's proposal."),
    (3, "Valdoria demanded that Ostravia close the camps."),
    (4, "Valdorian troops shelled the Ostravian town of Mirsk."),
    (4, "Ostravian police arrested twelve Valdorian activists."),
    (4, "Rebels attacked a Valdorian army convoy near the border."),
    (4, "Ostravia imposed sanctions on Valdoria's banks."),
]


def bag_of_words(texts):
    """A deterministic stand-in for the sentence encoder (hashed words, unit length)."""
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for i, t in enumerate(texts):
        for w in t.lower().split():
            out[i, int(hashlib.md5(w.encode()).hexdigest(), 16) % 384] += 1.0
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def test_training_script_runs_end_to_end(tmp_path, coder):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    import train_evidence

    gold = tmp_path / "penta.jsonl"
    with gold.open("w") as fh:
        for n, (cls, text) in enumerate(PENTA_ITEMS):
            fh.write(json.dumps({"id": f"P{n}", "scheme": "PENTA", "date": None, "text": text, "penta_class": cls,
                                 "source_spans": [text.split()[0]], "target_spans": None}) + "\n")
    plover = tmp_path / "plover.jsonl"
    plover.write_text(json.dumps({"id": "V1", "scheme": "PLOVER", "date": "2024-03-02",
                                  "text": "Ostravia accused Valdoria of spying.", "no_event": False,
                                  "events": [{"code": "DISAPPROVE", "source": "OST", "target": "VLR"}]}) + "\n")
    out = tmp_path / "out"
    report = train_evidence.main(["--penta", str(gold), "--plover", str(plover), "--folds", "2", "--inner-folds", "2",
                                  "--cache", str(tmp_path / "cache"), "--out", str(out),
                                  "--report", str(tmp_path / "report.json")], embed=bag_of_words, coder=coder)
    assert report["data"]["penta"]["items"] == len(PENTA_ITEMS)
    for name in ("rules", "combined"):
        assert 0.0 <= report["cv"][name]["macro_f1"] <= 1.0
    assert len(report["cv"]["folds"]) == 2 and "plover" in report["transfer"]
    meta = json.loads((out / evm.METADATA).read_text())
    assert "GPL-3.0" in meta["licence"] and meta["training_data"]["sha256"] == train_evidence.sha256(gold)
    loaded = evm.EvidenceModel.load(SimpleNamespace(embed=bag_of_words), out)
    probs = loaded.predict_proba(["Ostravia shelled Mirsk."], [evm.rule_features([])])
    assert probs.shape == (1, len(evm.PENTA)) and probs.sum() == pytest.approx(1.0)
    # the coding is cached: a second run does not parse again and gives the same weights
    first = np.load(out / evm.WEIGHTS)["weights"]
    train_evidence.main(["--penta", str(gold), "--folds", "2", "--inner-folds", "2", "--cache", str(tmp_path / "cache"),
                         "--out", str(out)], embed=bag_of_words, coder=coder)
    assert np.array_equal(np.load(out / evm.WEIGHTS)["weights"], first)
