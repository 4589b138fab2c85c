"""The receiving office (Sở Nội vụ since July 2025), without a screen.

* :mod:`.database` — open the office database: a SQLite file, or an engine URL (PostgreSQL);
* :mod:`.keys` — the registry of units' public keys (``cchc office keys``);
* :mod:`.importer` — verify and import signed bundles from a USB stick (``cchc office import``);
* :mod:`.status` — who has reported for a period (``cchc office status``);
* :mod:`.consolidate` — the consolidated workbook of a period (``cchc office consolidate``);
* :mod:`.cli` — the commands.

Nothing here imports Textual; openpyxl, rich and cryptography are imported only when used.
"""
