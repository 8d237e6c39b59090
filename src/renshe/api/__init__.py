"""HTTP JSON API (FastAPI): `create_app()` serves it together with the web pages."""

from renshe.api.app import create_app

__all__ = ["create_app"]
