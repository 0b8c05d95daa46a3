"""The DuckDB event store: schema and migrations, ingest (one writer), queries."""
