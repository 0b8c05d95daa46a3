"""Readers (articles in) and writers (records out)."""
