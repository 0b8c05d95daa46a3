"""Weapons and aircraft act for their country's military, not its government (issue 11 audit)."""
import pytest


@pytest.mark.slow
@pytest.mark.parametrize("text, source", [
    ("Chadian planes bombed a rebel camp near Abeche on Monday.", "TCDMIL"),
    ("A Nigerian airstrike killed nine insurgents near Maiduguri.", "NGAMIL"),
    ("Indian helicopters attacked militant positions in Kashmir.", "INDMIL"),
])
def test_weapon_subjects_are_the_military(coder, make_article, text, source):
    events = coder.code_one(make_article(text, date="2024-03-12")).events
    assert events and {e.source.code for e in events} == {source}
