"""Server-rendered web pages (Jinja2 templates, vendored htmx 2.x in static/)."""
