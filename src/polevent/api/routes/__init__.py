"""Routes, one module per concern: events, dyads, reference lists, coding, the docs page, the web pages."""
