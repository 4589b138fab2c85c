"""The base layer, used by every other: errors, vi-VN numbers, text, the rule language, ids,
paths, safe file writes and the log. Imports no Textual, SQLAlchemy or file-format library."""
