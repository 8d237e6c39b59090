"""Build the one SQLite file that everything reads: knowledge base, then the later layers' indexes.

This is the application-level builder: it runs the corpus parser, writes the knowledge base and
lets each later layer (search, validity) add its tables to the same file. It is hermetic: every
stage receives the `Source` it builds from, nothing reads an environment variable, and a missing
shipped file is an error that names it. The file is written under a temporary name (removed if
the build fails) and renamed when complete, so a reader never sees half a build; a lock file makes
two processes that start at once build it once.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from renshe import __version__
from renshe.corpus import Source, load_source, parse_corpus
from renshe.corpus.source import SOURCE_NAME, SOURCE_SHA256
from renshe.errors import InputError, SetupError
from renshe.kb.build import (
    KB_TABLES,
    SCHEMA_VERSION,
    content_hash,
    create_schema,
    write_corpus,
    write_external,
    write_provision_aliases,
)
from renshe.paths import default_db_path
from renshe.resources import data_text

# The later layers that add tables to the file, in build order. Recorded in `meta.stages`, so a
# file written by a copy of renshe with other layers is rebuilt.
STAGE_NAMES = ("search", "validity")
SHIPPED = "shipped"  # meta.source_origin of a file built from the text inside the package
# What a database's content depends on besides the source text: the code and data of the layers
# that write it. Their fingerprint is stored in `meta`; a changed parser, index or synonym list
# rebuilds the file on next use, with no version number to remember to bump.
BUILDERS = ("corpus", "kb", "search", "validity", "data")


def build_fingerprint() -> str:
    """SHA-256 over the builders' shipped files (read as bytes, not imported: a few ms)."""
    root = files("renshe")
    digest = hashlib.sha256((root / "build.py").read_bytes())

    def walk(node: Traversable, rel: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            path = f"{rel}/{child.name}"
            if child.is_dir():
                if child.name != "__pycache__":
                    walk(child, path)
            elif child.name.endswith((".py", ".sql", ".yaml", ".txt")) and child.name != SOURCE_NAME:
                digest.update(path.encode())
                digest.update(child.read_bytes())

    for name in BUILDERS:
        walk(root / name, name)
    return digest.hexdigest()


def _stages() -> tuple[Callable[[sqlite3.Connection, Source], None], ...]:
    """The stage functions; imported here, not at module load, so that a command that only
    checks freshness does not load the search and validity layers."""
    from renshe.search.index import build_index
    from renshe.validity.build import build_validity

    def search(conn: sqlite3.Connection, source: Source) -> None:
        build_index(conn)

    return (search, build_validity)


def build_database(
    db_path: Path | None = None, source: Source | None = None, *, origin: str = SHIPPED
) -> dict[str, Any]:
    """Parse `source` (default: the shipped text) and write the whole database at `db_path`.

    `origin` is recorded in the file: `shipped`, or the path a custom source was read from, so
    that a database built with `renshe build --source X` stays current for X.
    """
    t0 = time.perf_counter()
    path = db_path or default_db_path()
    src = source if source is not None else load_source()
    try:
        corpus = parse_corpus(src)
    except (IndexError, KeyError, ValueError) as err:
        if origin == SHIPPED:
            raise  # the shipped text always parses: this is a bug, not input
        raise InputError(f"源文本无法解析({type(err).__name__}),应为汇编全文", field="source") from None
    if not corpus.documents:
        raise InputError("源文本中找不到汇编的目录和文档,无法构建知识库(应为汇编全文)", field="source")
    t_parse = time.perf_counter() - t0
    _make_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with contextlib.closing(sqlite3.connect(tmp)) as conn:
            conn.execute("PRAGMA journal_mode=OFF")
            conn.execute("PRAGMA synchronous=OFF")
            create_schema(conn)
            write_corpus(conn, corpus)
            write_external(conn, data_text("external_provisions.yaml"))
            write_provision_aliases(conn, data_text("provision_aliases.yaml"))
            for stage in _stages():
                stage(conn, src)
            tables = tuple(r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
            digest = content_hash(
                conn, tuple(sorted(t for t in tables if t in KB_TABLES or t.startswith("v_")))
            )
            meta = {
                "schema_version": SCHEMA_VERSION,
                "renshe_version": __version__,
                "source_sha256": src.sha256,
                "source_origin": origin,
                "content_hash": digest,
                "stages": ",".join(STAGE_NAMES),
                "build_fingerprint": build_fingerprint(),
            }
            conn.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
            conn.commit()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return {
        "path": str(path),
        "content_hash": digest,
        "documents": len(corpus.documents),
        "findings": len(corpus.findings),
        "parse_seconds": round(t_parse, 3),
        "seconds": round(time.perf_counter() - t0, 3),
    }


def read_meta(db_path: Path) -> dict[str, str] | None:
    """The file's `meta` table, or None when it is missing or not a renshe database."""
    if not db_path.is_file():
        return None
    try:
        with contextlib.closing(sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            return {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM meta").fetchall()}
    except sqlite3.Error:
        return None


def _same_build(meta: dict[str, str]) -> bool:
    return (
        meta.get("schema_version") == SCHEMA_VERSION
        and meta.get("renshe_version") == __version__
        and meta.get("stages") == ",".join(STAGE_NAMES)
        and meta.get("build_fingerprint") == build_fingerprint()
    )


def is_current(db_path: Path, source: Source | None = None) -> bool:
    """True when the file was built by this schema, version and layers from `source`.

    Without `source`: from the source the file records — the shipped text (checked against its
    pinned SHA-256, so no text is read) or the custom file it was built from, which is trusted
    and never silently replaced by the shipped text.
    """
    meta = read_meta(db_path)
    if meta is None or not _same_build(meta):
        return False
    if source is not None:
        return meta.get("source_sha256") == source.sha256
    if meta.get("source_origin", SHIPPED) == SHIPPED:
        return meta.get("source_sha256") == SOURCE_SHA256
    return True


def ensure_database(db_path: Path | None = None, *, quiet: bool = False) -> Path:
    """Build the database on first use (or when this renshe's schema or layers changed).

    Says "正在构建知识库…" on stderr while it builds; holds a lock so that processes starting at
    once build once. A stale file built from a custom source is rebuilt from that source if it
    is still there; otherwise the user is told to run `renshe build --source` again.
    """
    path = db_path or default_db_path()
    if path.is_dir():
        raise SetupError(f"RENSHE_DB 指向一个目录({path}),应为数据库文件路径,如 {path / 'renshe.db'}")
    if is_current(path):
        return path
    _make_dir(path.parent)
    with _build_lock(path):
        if is_current(path):  # another process built it while we waited
            return path
        meta = read_meta(path) or {}
        origin = meta.get("source_origin", SHIPPED)
        source: Source | None = None
        if origin != SHIPPED:
            custom = Path(origin)
            if not custom.is_file():
                raise SetupError(
                    f"知识库 {path} 由 {origin} 构建,但已过期且该源文件已不存在;"
                    "请运行 renshe build(或 renshe build --source 文件)重新构建"
                )
            source = load_source(custom)
        if not quiet:
            sys.stderr.write("正在构建知识库…(首次使用,约需数秒)\n")
            sys.stderr.flush()
        build_database(path, source, origin=origin)
    return path


@contextlib.contextmanager
def _build_lock(path: Path) -> Iterator[None]:
    """An exclusive advisory lock beside the database, held for the whole build."""
    lock_path = path.with_name(f".{path.name}.lock")
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise _setup_error(path.parent, err) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _make_dir(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe = directory / f".renshe-write-test.{os.getpid()}"
        probe.touch()
        probe.unlink()
    except OSError as err:
        raise _setup_error(directory, err) from None


def _setup_error(directory: Path, err: OSError) -> SetupError:
    reason = err.strerror or type(err).__name__
    return SetupError(
        f"无法在 {directory} 写入知识库({reason});"
        "请设置环境变量 RENSHE_DB 为一个可写的文件路径,例如 RENSHE_DB=/tmp/renshe.db"
    )
