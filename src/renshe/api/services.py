"""The API's name for the application object (`renshe.app.Renshe`), kept for the routes and pages."""

from __future__ import annotations

from renshe.app import Renshe, as_dict, check_database, file_identity

Services = Renshe

__all__ = ["Services", "as_dict", "check_database", "file_identity"]
