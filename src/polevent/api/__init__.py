"""polevent's REST API and web dashboard over the event store (``polevent serve``)."""
from .app import create_app

__all__ = ["create_app"]
