"""The store: SQLModel tables on SQLite, Alembic migrations, and the report repository."""
