"""The domain layer: numbers, text, report data, rules and validation. Imports no Textual."""
