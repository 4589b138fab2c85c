"""The application layer: every use case on a report, for the screens and both command lines.

Screens and CLIs reach a report only through this package; business rules (what makes a
report signable, which findings can be explained) live here once.
"""
