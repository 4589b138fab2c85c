"""Exports: files that leave the app (JSON, and later Excel, Word and the signed bundle)."""
