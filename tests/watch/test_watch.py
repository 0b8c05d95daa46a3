"""`polevent watch` end to end against feeds served on 127.0.0.1 (Atom, RSS 2.0, one malformed, one too
slow), a growing JSON Lines file and a webhook receiver: cycles, restarts, alerts matched and not."""
import json

import duckdb
import pytest

from feedserver import Route, atom, rss
from polevent.cli import main

pytestmark = pytest.mark.slow

ATOM = [
    {"id": "urn:ledger:101", "title": "Water deal", "link": "http://127.0.0.1/ledger/101",
     "updated": "2026-11-30T07:00:00Z",
     "content": "&lt;p&gt;Kazakhstan and Tajikistan signed an agreement on water sharing in Dushanbe on Monday, "
                "said Marat Oskenbay, a spokesman.&lt;/p&gt;"},
    {"id": "urn:ledger:102", "title": "Border clash", "link": "http://127.0.0.1/ledger/102",
     "updated": "2026-11-30T09:00:00Z",
     "summary": "Kazakh border guards clashed with Tajik troops near the border on Sunday, officials said."},
]
RSS = [
    {"guid": "courier-7", "title": "Shelling", "link": "http://127.0.0.1/courier/7",
     "date": "Tue, 24 Nov 2026 10:00:00 +0000",
     "description": "&lt;p&gt;Azerbaijani forces shelled Armenian positions near Jermuk on Tuesday, the defence "
                    "ministry in Yerevan said.&lt;/p&gt;"},
    {"title": "Talks", "link": "http://127.0.0.1/courier/8",  # no guid: the link is the key
     "description": "Uzbekistan and Kyrgyzstan held talks on energy cooperation in Tashkent on Friday."},
]
NEW_ENTRY = {"id": "urn:ledger:103", "title": "Market attack", "link": "http://127.0.0.1/ledger/103",
             "updated": "2026-12-01T09:00:00Z",
             "summary": "Tajik police attacked Kazakh traders at a market in Khujand on Saturday, witnesses said."}


class CountingCoder:
    """The session's coder, counting how often each article is coded."""

    def __init__(self, coder):
        self.coder, self.nlp, self.coded = coder, coder.nlp, []

    def code(self, articles, on_error=None):
        for c in self.coder.code(articles):
            self.coded.append(c.article.id)
            yield c


@pytest.fixture
def counting(monkeypatch, coder):
    counting = CountingCoder(coder)
    counting.loads = 0

    def load(args):
        counting.loads += 1
        return counting

    monkeypatch.setattr("polevent.cli._common.load_coder", load)
    return counting


def rows(db, sql):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def kaz_tjk_events(db, since_articles=()):
    sql = ("SELECT event_id FROM events WHERE ((source_country = 'KAZ' AND target_country = 'TJK') OR "
           "(source_country = 'TJK' AND target_country = 'KAZ'))")
    return {r[0] for r in rows(db, sql)} - set(since_articles)


def test_two_cycles_restart_alerts_and_webhook(tmp_path, server, counting, capsys):
    server.routes["/atom.xml"] = Route(atom(ATOM), "application/atom+xml")
    server.routes["/rss.xml"] = Route(rss(RSS), "application/rss+xml")
    server.routes["/bad.xml"] = Route(b"<rss version='2.0'><channel><item><title>cut sh", "application/rss+xml")
    server.routes["/slow.xml"] = Route(rss(RSS), delay=3.0)
    wire = tmp_path / "wire.jsonl"
    wire.write_text(json.dumps({"date": "2026-11-29", "text": "Armenia accused Azerbaijan of shelling villages "
                                "near Jermuk on Tuesday.", "url": "http://127.0.0.1/wire/1"}) + "\n", encoding="utf-8")
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  - name: kaz-tjk\n    dyad: KAZ-TJK\n", encoding="utf-8")
    db = tmp_path / "watch.duckdb"
    feeds = [server.url(p) for p in ("/atom.xml", "/rss.xml", "/bad.xml", "/slow.xml")]
    cmd = ["watch", *feeds, str(wire), "--db", str(db), "--once", "--timeout", "0.5", "--retries", "1",
           "--alert", str(rules), "--webhook", server.url("/hook")]
    server.fail_posts = 1  # the first POST fails once: retried

    # cycle 1: everything is new; the malformed and the slow feed give one line each, the rest goes on
    assert main(cmd) == 1
    out, err = capsys.readouterr()
    errors = [l for l in err.splitlines() if "[E010]" in l]
    assert len(errors) == 2 and "bad.xml: malformed feed" in errors[0] and "slow.xml: timed out" in errors[1]
    assert "watch cycle 1: 5 sources (2 failed); read 5 new items: stored 5" in err
    articles = rows(db, "SELECT url, title, source FROM articles ORDER BY url")
    assert articles == [("http://127.0.0.1/courier/7", "Shelling", "Pamir Courier"),
                        ("http://127.0.0.1/courier/8", "Talks", "Pamir Courier"),
                        ("http://127.0.0.1/ledger/101", "Water deal", "Steppe Ledger"),
                        ("http://127.0.0.1/ledger/102", "Border clash", "Steppe Ledger"),
                        ("http://127.0.0.1/wire/1", None, None)]
    dates = dict(rows(db, "SELECT url, date::VARCHAR FROM articles"))
    assert dates["http://127.0.0.1/ledger/102"] == "2026-11-30" and dates["http://127.0.0.1/courier/7"] == "2026-11-24"
    # the dyad rule prints exactly the new KAZ-TJK events, one JSON line each
    alerts = [json.loads(l) for l in out.splitlines()]
    first = kaz_tjk_events(db)
    assert len(first) >= 2 and sorted(a["event"]["event_id"] for a in alerts) == sorted(first)
    assert all(a["rules"] == ["kaz-tjk"] and a["article"]["url"].startswith("http://127.0.0.1/ledger/")
               for a in alerts)
    assert sorted(p["event"]["event_id"] for p in server.posts) == sorted(first)  # retried after a 503
    assert len(counting.coded) == 5

    # cycle 2, a restart: nothing new, nothing coded, no alert, and the model is not even loaded
    assert main(cmd) == 1
    out, err = capsys.readouterr()
    assert out == "" and "read 0 new items: stored 0" in err and len(counting.coded) == 5
    assert counting.loads == 1

    # cycle 3: the feed and the file grew; only the new items are coded, and alerted when they match
    server.routes["/atom.xml"] = Route(atom(ATOM + [NEW_ENTRY]), "application/atom+xml")
    with wire.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"date": "2026-11-30", "text": "Georgia and Armenia held talks in Tbilisi."}) + "\n")
    server.posts.clear()
    assert main(cmd) == 1
    out, err = capsys.readouterr()
    assert "read 2 new items: stored 2" in err and len(counting.coded) == 7
    assert len(set(counting.coded)) == 7  # no article coded twice over the three runs
    new = kaz_tjk_events(db) - first
    assert new and sorted(json.loads(l)["event"]["event_id"] for l in out.splitlines()) == sorted(new)
    assert sorted(p["event"]["event_id"] for p in server.posts) == sorted(new)
    assert rows(db, "SELECT count(*), count(DISTINCT id) FROM articles") == [(7, 7)]


def test_no_match_no_alert_and_alerts_to_a_file(tmp_path, server, counting, capsys):
    server.routes["/rss.xml"] = Route(rss(RSS), "application/rss+xml")
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rules]]\nname = "kaz-tjk"\ndyad = "KAZ-TJK"\n\n[[rules]]\nname = "armenia-fight"\n'
                     'country = "ARM"\ntype = ["FIGHT", "ASSAULT"]\n', encoding="utf-8")
    out_file = tmp_path / "alerts.jsonl"
    db = tmp_path / "w.duckdb"
    assert main(["watch", server.url("/rss.xml"), "--db", str(db), "--once", "--alert", str(rules),
                 "--alert-out", str(out_file)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    lines = [json.loads(l) for l in out_file.read_text(encoding="utf-8").splitlines()]
    fights = rows(db, "SELECT event_id FROM events WHERE plover_type IN ('FIGHT', 'ASSAULT') AND "
                      "'ARM' IN (source_country, target_country, location_country)")
    assert lines and sorted(a["event"]["event_id"] for a in lines) == sorted(r[0] for r in fights)
    assert all(a["rules"] == ["armenia-fight"] for a in lines)  # the KAZ-TJK rule matched nothing
    assert f"; {len(lines)} alerts;" in err


@pytest.mark.parametrize("args, says", [
    (["--every", "soon"], "--every 'soon': expected a duration"),
    (["--webhook", "http://127.0.0.1:9/h"], "--webhook and --alert-out need --alert RULES"),
    (["--timeout", "0"], "--timeout 0: must be above 0"),
])
def test_usage_errors(tmp_path, capsys, args, says):
    assert main(["watch", str(tmp_path), "--once", *args]) == 2
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1


def test_bad_rules_file_stops_before_any_work(tmp_path, capsys):
    rules = tmp_path / "r.yaml"
    rules.write_text("rules:\n  - dyad: KAZ\n", encoding="utf-8")
    assert main(["watch", str(tmp_path), "--once", "--alert", str(rules), "--db", str(tmp_path / "x.duckdb")]) == 1
    err = capsys.readouterr().err
    assert "[E011]" in err and err.count("\n") == 1 and not (tmp_path / "x.duckdb").exists()
