"""polevent: dated news articles in, political event data out, every record tied to its sentence."""

__version__ = "0.1.0"
