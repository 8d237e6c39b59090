"""Build the one SQLite file that everything reads: knowledge base, then the later layers' indexes.

This is the application-level builder: it runs the corpus parser, writes the knowledge base and
lets each later layer (search, validity) add its tables to the same file. The file is written
under a temporary name and renamed when complete, so a reader never sees half a build.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from renshe import __version__
from renshe.corpus import load_source, parse_corpus
from renshe.corpus.source import Source, data_file, default_source_path
from renshe.kb.build import (
    KB_TABLES,
    SCHEMA_VERSION,
    content_hash,
    create_schema,
    write_corpus,
    write_external,
)
from renshe.paths import default_db_path

# Later layers that add tables to the knowledge-base file: (module, function, tables it writes).
STAGES: tuple[tuple[str, str], ...] = (
    ("renshe.search.index", "build_index"),
    ("renshe.validity.build", "build_validity"),
)


def _stage(module: str, func: str) -> Callable[[sqlite3.Connection], Any] | None:
    try:
        mod = __import__(module, fromlist=[func])
    except ModuleNotFoundError as err:
        if err.name and module.startswith(err.name):
            return None
        raise
    fn: Callable[[sqlite3.Connection], Any] = getattr(mod, func)
    return fn


def available_stages() -> list[str]:
    """The later layers installed in this copy of renshe, in build order."""
    return [module for module, func in STAGES if _stage(module, func) is not None]


def build_database(db_path: Path | None = None, source_path: Path | None = None) -> dict[str, Any]:
    """Parse the source and write the whole database; returns a small report with timings."""
    t0 = time.perf_counter()
    path = db_path or default_db_path()
    source = load_source(source_path)
    corpus = parse_corpus(source)
    t_parse = time.perf_counter() - t0
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    if tmp.exists():
        tmp.unlink()
    conn = sqlite3.connect(tmp)
    try:
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        create_schema(conn)
        write_corpus(conn, corpus)
        write_external(conn, data_file("external_provisions.yaml"))
        stages_run = []
        for module, func in STAGES:
            fn = _stage(module, func)
            if fn is not None:
                fn(conn)
                stages_run.append(module)
        tables = tuple(r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
        digest = content_hash(conn, tuple(sorted(t for t in tables if t in KB_TABLES or t.startswith("v_"))))
        meta = {
            "schema_version": SCHEMA_VERSION,
            "renshe_version": __version__,
            "source_sha256": source.sha256,
            "content_hash": digest,
            "stages": ",".join(stages_run),
        }
        conn.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
        conn.commit()
    finally:
        conn.close()
    os.replace(tmp, path)
    return {
        "path": str(path),
        "content_hash": digest,
        "documents": len(corpus.documents),
        "findings": len(corpus.findings),
        "parse_seconds": round(t_parse, 3),
        "seconds": round(time.perf_counter() - t0, 3),
    }


def is_current(db_path: Path, source: Source | None = None) -> bool:
    """True when the file exists and was built from this source by this schema and version."""
    if not db_path.is_file():
        return False
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    if meta.get("schema_version") != SCHEMA_VERSION or meta.get("renshe_version") != __version__:
        return False
    if meta.get("stages", "") != ",".join(available_stages()):
        return False  # a layer was added (or removed) since this file was built
    try:
        src = source or load_source()
    except FileNotFoundError:
        return True  # an installed copy without the source text: trust the file
    return meta.get("source_sha256") == src.sha256


def ensure_database(db_path: Path | None = None) -> Path:
    """Build the database on first use (or when the source or schema changed); return its path."""
    path = db_path or default_db_path()
    if not is_current(path):
        build_database(path, default_source_path() if not os.environ.get("RENSHE_SOURCE") else None)
    return path
