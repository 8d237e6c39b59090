"""Where the knowledge base lives: `RENSHE_DB`, else the per-user data directory."""

from __future__ import annotations

import os
from pathlib import Path


def default_db_path() -> Path:
    env = os.environ.get("RENSHE_DB")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "renshe" / "renshe.db"
