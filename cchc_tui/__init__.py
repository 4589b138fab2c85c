"""cchc-tui: offline terminal app for a Vietnamese commune's administrative-reform report."""

__version__ = "0.1.0"
