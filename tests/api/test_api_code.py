"""POST /api/code: the HTTP side with a stand-in coder, and one real coding with the session's coder."""
import pytest
from fastapi.testclient import TestClient

from polevent.api import create_app
from polevent.api.deps import Settings
from polevent.model import Article

from api_records import FakeCoder


@pytest.fixture
def fake(api_store):
    coder = FakeCoder()
    settings = Settings(db=api_store, max_body_bytes=2_000, max_text_chars=500)
    with TestClient(create_app(api_store, coder=coder, settings=settings)) as c:
        yield c, coder


def test_posted_article_is_coded_not_stored(fake, client):
    c, coder = fake
    before = client.get("/api/events").json()["total"]
    r = c.post("/api/code", json={"date": "2024-01-02", "text": "Chile thanked Peru.", "title": "t"})
    assert r.status_code == 200
    assert set(r.json()) == {"article", "events", "quantities", "agreements"}
    art = coder.seen[-1]
    assert art.id == Article.content_id(art.date, "Chile thanked Peru.") and art.title == "t"
    assert client.get("/api/events").json()["total"] == before


@pytest.mark.parametrize("body, where", [
    ({"text": "Chile thanked Peru."}, "date"),
    ({"date": "2024-02-30", "text": "Chile thanked Peru."}, "date"),
    ({"date": "2024-01-02"}, "text"),
    ({"date": "2024-01-02", "text": ""}, "text"),
    ({"date": "2024-01-02", "text": "   "}, "text"),
    ({"date": "2024-01-02", "text": "x" * 501}, "text"),
    ({"date": "2024-01-02", "text": "Chile thanked Peru.", "colour": "red"}, "colour"),
])
def test_bad_articles_get_422_naming_the_field(fake, body, where):
    c, coder = fake
    n = len(coder.seen)
    r = c.post("/api/code", json=body)
    assert r.status_code == 422 and where in r.json()["detail"]
    assert len(coder.seen) == n


def test_malformed_json_is_422(fake):
    c, _ = fake
    r = c.post("/api/code", content=b'{"date": "2024-01-02", "text": ', headers={"content-type": "application/json"})
    assert r.status_code == 422 and "json" in r.json()["detail"].lower()


@pytest.mark.parametrize("chunked", [False, True])
def test_body_over_the_limit_is_413(fake, chunked):
    c, coder = fake
    payload = b'{"date": "2024-01-02", "text": "' + b"x" * 3_000 + b'"}'
    content = iter([payload[:1000], payload[1000:]]) if chunked else payload
    r = c.post("/api/code", content=content, headers={"content-type": "application/json"})
    assert r.status_code == 413 and "2000 bytes" in r.json()["detail"]
    assert coder.seen == []


def test_coder_is_built_once_on_first_use(api_store):
    built = []

    def factory():
        built.append(FakeCoder())
        return built[-1]

    with TestClient(create_app(api_store, coder_factory=factory)) as c:
        assert built == [] and c.get("/api/events").status_code == 200 and built == []
        for _ in range(2):
            assert c.post("/api/code", json={"date": "2024-01-02", "text": "Chile thanked Peru."}).status_code == 200
    assert len(built) == 1 and len(built[0].seen) == 2


def test_no_coder_is_503(api_store):
    with TestClient(create_app(api_store)) as c:
        r = c.post("/api/code", json={"date": "2024-01-02", "text": "Chile thanked Peru."})
    assert r.status_code == 503 and "coding is not available" in r.json()["detail"]


@pytest.mark.slow
def test_real_coder_codes_a_signing(api_store, coder):
    with TestClient(create_app(api_store, coder=coder)) as c:
        r = c.post("/api/code", json={"date": "2023-05-04",
                                      "text": "Kazakhstan and Tajikistan signed a treaty on Thursday."})
    assert r.status_code == 200
    pairs = {(e["source"]["country"], e["target"]["country"], e["cameo"]["code"][:2]) for e in r.json()["events"]}
    assert ("KAZ", "TJK", "05") in pairs
