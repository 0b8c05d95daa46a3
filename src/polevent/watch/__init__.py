"""``polevent watch``: follow feeds, folders and growing JSON Lines files, code what is new, raise alerts.

sources.py (what a SOURCE is and how each kind is read), feeds.py (RSS/Atom items to articles),
fetch.py (HTTP with timeouts, bounded retries and one request at a time per host), html.py (HTML to
text), state.py (what has been read, in the store), alerts.py (rules and matching), webhook.py
(posting alerts from a background thread), loop.py (one watch cycle over every source).
"""
