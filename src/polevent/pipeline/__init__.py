"""The coding pipeline: stages that enrich one ArticleState in order (see coder.py)."""
