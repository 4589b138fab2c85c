"""Alembic migration environment of the store (run programmatically by ``db.engine``)."""
