"""The knowledge base: SQLite schema, build, read-only query API."""

from renshe.kb.query import KB

__all__ = ["KB"]
