"""Templates the provinces make themselves: the Excel workbook of a template and signed
template packs (made by the receiving office, installed by the communes).

This package sits above ``exports`` (it reads and writes ``.xlsx`` with openpyxl and signs
with ``cryptography``, which the headless core may not import) and beside ``office``; the core
parts it builds on — the printed-formula grammar (``template.formulas``), the YAML writer
(``template.writer``), the lint (``template.lint``) and the registry of installed templates
(``template.installed``) — stay in the template layer.
"""
