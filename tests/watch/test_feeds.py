"""Feed items to articles (Atom and RSS 2.0 of our own), and HTML to text; no network, no model."""
import datetime as dt

import pytest

from feedserver import atom, rss
from polevent.errors import InputError, SourceError
from polevent.watch import feeds
from polevent.watch.html import to_text

TODAY = dt.date(2026, 12, 2)


def test_atom_item_keeps_id_url_title_source_and_its_date():
    body = atom([{"id": "urn:ledger:1", "title": "Water deal", "link": "http://127.0.0.1/a/1",
                  "updated": "2026-11-29T22:10:00Z",
                  "content": "&lt;p&gt;Kazakhstan and Tajikistan &lt;b&gt;signed&lt;/b&gt; a deal.&lt;/p&gt;"}])
    [item] = feeds.parse(body, "http://127.0.0.1/f.xml", TODAY)
    a = item.item
    assert item.key == "urn:ledger:1" and a.id == feeds.article_id("urn:ledger:1")
    assert (a.text, a.title, a.url, a.source, a.date) == (
        "Kazakhstan and Tajikistan signed a deal.", "Water deal", "http://127.0.0.1/a/1", "Steppe Ledger",
        dt.date(2026, 11, 29))


def test_rss_item_with_only_a_summary_is_coded_from_it_and_dated_today_without_a_date():
    body = rss([{"title": "Talks", "link": "http://127.0.0.1/p/7",
                 "description": "&lt;p&gt;Uzbekistan held talks&lt;br/&gt;with Kyrgyzstan.&lt;/p&gt;"
                                "&lt;script&gt;alert(1)&lt;/script&gt;"}])
    [item] = feeds.parse(body, "http://127.0.0.1/r.xml", TODAY)
    assert item.key == "http://127.0.0.1/p/7"  # no guid: the link is the key
    assert item.item.text == "Uzbekistan held talks\n\nwith Kyrgyzstan."
    assert item.item.date == TODAY and item.item.url == "http://127.0.0.1/p/7"


def test_rss_pubdate_is_used():
    body = rss([{"guid": "pc-1", "link": "http://127.0.0.1/p/1", "date": "Sat, 28 Nov 2026 09:00:00 +0000",
                 "description": "Tajik police detained traders."}])
    [item] = feeds.parse(body, "u", TODAY)
    assert item.key == "pc-1" and item.item.date == dt.date(2026, 11, 28)


def test_item_without_text_is_a_one_line_input_error():
    body = rss([{"guid": "pc-2", "link": "http://127.0.0.1/p/2", "description": ""}])
    [item] = feeds.parse(body, "http://127.0.0.1/r.xml", TODAY)
    assert isinstance(item.item, InputError) and "no content or summary" in str(item.item)
    assert "\n" not in str(item.item) and "http://127.0.0.1/r.xml item 1" in str(item.item)


@pytest.mark.parametrize("body", [b"<rss><channel><item><title>broken", b"this is not a feed at all",
                                  b"<html><body><p>a web page</p></body></html>"])
def test_malformed_feed_is_a_source_error(body):
    with pytest.raises(SourceError) as exc:
        list(feeds.parse(body, "http://127.0.0.1/bad.xml", TODAY))
    assert str(exc.value).startswith("[E010] http://127.0.0.1/bad.xml: ") and "\n" not in str(exc.value)


def test_same_item_in_two_feeds_is_one_article():
    one = rss([{"guid": "shared-9", "link": "http://127.0.0.1/x", "description": "Armenia protested."}])
    two = atom([{"id": "shared-9", "link": "http://127.0.0.1/y", "summary": "Armenia protested."}])
    a = next(feeds.parse(one, "u1", TODAY)).item
    b = next(feeds.parse(two, "u2", TODAY)).item
    assert a.id == b.id


def test_html_to_text():
    assert to_text("<div>One&nbsp;&amp; two</div><style>p{}</style><ul><li>three</li></ul>") == "One & two\n\nthree"
    assert to_text("  plain\ttext  ") == "plain text"


def test_html_entities_in_a_feed_are_tolerated():
    body = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Kura&nbsp;Daily</title><item>'
            b'<guid>k-1</guid><link>http://127.0.0.1/k/1</link><description>Georgia &eacute; Armenia met.'
            b'</description></item></channel></rss>')
    [item] = feeds.parse(body, "u", TODAY)
    assert item.item.text.startswith("Georgia") and item.item.text.endswith("Armenia met.")
