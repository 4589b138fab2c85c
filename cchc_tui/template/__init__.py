"""Report templates: typed model, loader and checks. Templates are versioned data files."""
