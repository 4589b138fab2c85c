"""Vietnamese texts: ui (see the package docstring)."""

from __future__ import annotations
