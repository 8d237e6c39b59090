"""HTTP JSON API (FastAPI routes under /api); `renshe.server.create_app()` serves it with the web pages."""
