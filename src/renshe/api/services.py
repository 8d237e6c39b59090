"""The services the API and the web pages share: the knowledge base, search, rules, validity, batch.

One object per app. The knowledge base is built (if needed) once, then each worker thread gets
its own read-only SQLite connection: FastAPI runs plain `def` endpoints in a thread pool and a
connection must not be used by two threads at once.

Layers that are built by other work (validity, batch) are imported when first used; when a
module is not installed the call raises `ServiceUnavailable`, which the app turns into a 503
with a Chinese message rather than a crash, so the rest of the app runs without them.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import sqlite3
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from renshe.api.errors import ServiceUnavailable
from renshe.errors import InputError, as_input_error
from renshe.kb import KB

NOT_YET = "尚未提供"
log = logging.getLogger("renshe.api")


def optional(module: str, attr: str) -> Callable[..., Any] | None:
    """`module.attr` if that module exists, else None (a missing dependency *inside* it still raises)."""
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as err:
        if err.name and module.startswith(err.name):
            return None
        raise
    fn = getattr(mod, attr, None)
    return fn if callable(fn) else None


def warm_up() -> None:
    """Load the search lexicon once, before requests run in parallel.

    The search layer loads its dictionary into rjieba lazily on first use, which is not
    thread-safe ("RuntimeError: Already borrowed" when two first searches race); the rules
    load their parameter files on first use, which made the first requests queue up.
    """
    load = optional("renshe.search.lexicon", "lexicon")
    if load is not None:
        load()
    rules = optional("renshe.rules.registry", "all_rules")
    for rule in rules() if rules is not None else []:
        for example in rule.examples[:1]:  # loads the rule's parameter files once
            with contextlib.suppress(InputError):
                rule.run(dict(example))


class Services:
    """What a request may ask for; cheap to call from any worker thread."""

    def __init__(self, db_path: Path | str | None = None) -> None:
        self._db_path = Path(db_path) if db_path is not None else None
        self._path: Path | None = None
        self._lock = threading.Lock()
        self._local = threading.local()
        self._health: tuple[tuple[int, ...], dict[str, Any]] | None = None

    # -- the knowledge base -------------------------------------------------------------------
    def path(self) -> Path:
        """Build the knowledge base on first use (docs/cli.md: built automatically), once."""
        if self._path is None:
            with self._lock:
                if self._path is None:
                    kb = KB.open(self._db_path)
                    kb.close()
                    warm_up()
                    self._path = kb.path
        return self._path

    def kb(self) -> KB:
        """This thread's read-only knowledge base, reopened when the file changed.

        One `stat` per call: when the file's identity (device, inode, size, mtime) differs from
        the one this thread's connection was opened on — `renshe build` renamed a new file into
        place, or the file was overwritten — the connection is reopened, so a rebuilt knowledge
        base is served without a restart. A missing file is a 503, not a 500 per request.
        """
        p = self.path()
        ident = file_identity(p)
        if ident is None:
            raise ServiceUnavailable(f"知识库文件 {p} 不存在;请运行 renshe build 后重启服务", None)
        kb: KB | None = getattr(self._local, "kb", None)
        if kb is not None and getattr(self._local, "ident", None) != ident:
            with contextlib.suppress(sqlite3.Error):
                kb.close()
            kb = None
        if kb is None:
            conn = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            kb = KB(conn, p)
            self._local.kb = kb
            self._local.ident = ident
        return kb

    def health(self) -> dict[str, Any]:
        """Is the database file sound? Checked once per file identity (cached until it changes):
        SQLite's quick_check and the content hash recomputed against the one stored at build."""
        p = self.path()
        ident = file_identity(p)
        if ident is None:
            return {"ok": False, "message": "知识库文件不存在;请运行 renshe build"}
        with self._lock:
            cached = self._health
        if cached is not None and cached[0] == ident:
            return cached[1]
        verdict = check_database(p)
        with self._lock:
            self._health = (ident, verdict)
        return verdict

    # -- search ---------------------------------------------------------------------------------
    def search(self, query: str, **kw: Any) -> dict[str, Any]:
        fn = optional("renshe.search.engine", "search")
        if fn is None:
            raise ServiceUnavailable(f"检索功能{NOT_YET}")
        result: dict[str, Any] = fn(self.kb().conn, query, **kw)
        return result

    # -- rules ----------------------------------------------------------------------------------
    def rules(self) -> list[Any]:
        fn = optional("renshe.rules.registry", "all_rules")
        if fn is None:
            raise ServiceUnavailable(f"计算器{NOT_YET}")
        rules: list[Any] = fn()
        return rules

    def rule(self, name: str) -> Any:
        fn = optional("renshe.rules.registry", "get_rule")
        if fn is None:
            raise ServiceUnavailable(f"计算器{NOT_YET}")
        return fn(name)

    def calc(self, name: str, inputs: dict[str, Any]) -> dict[str, Any]:
        """One calculation; any failure computing from these inputs is a 422 (as_input_error)."""
        rule = self.rule(name)
        try:
            result: dict[str, Any] = rule.run(inputs)
        except InputError:
            raise
        except Exception as err:
            log.warning("计算失败:%s %s", name, type(err).__name__)
            raise as_input_error(err) from None
        return result

    # -- validity -------------------------------------------------------------------------------
    def has_validity(self) -> bool:
        return optional("renshe.validity.status", "status_of") is not None

    def status(self, ref: str, on: date | None = None) -> dict[str, Any]:
        fn = optional("renshe.validity.status", "status_of")
        if fn is None:
            raise ServiceUnavailable(f"文件效力查询{NOT_YET}(效力模块尚未安装)", "ref")
        out = fn(self.kb(), ref, on or date.today())
        return as_dict(out)

    # -- batch ----------------------------------------------------------------------------------
    def batch_runner(self) -> Callable[..., Any]:
        """The batch machinery's file runner: `run_file(rule, input, output, ...) -> summary`."""
        for module, attr in (
            ("renshe.batch", "run_file"),
            ("renshe.batch.run", "run_file"),
            ("renshe.batch", "run_batch"),
            ("renshe.batch.run", "run_batch"),
        ):
            fn = optional(module, attr)
            if fn is not None:
                return fn
        raise ServiceUnavailable(f"批量计算{NOT_YET}(批量模块尚未安装)", "file")


def file_identity(path: Path) -> tuple[int, ...] | None:
    """(device, inode, size, mtime in ns) of the file, or None when it is missing."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def check_database(path: Path) -> dict[str, Any]:
    """The verdict on one version of the file: quick_check, the stored content hash recomputed."""
    from renshe.kb.build import KB_TABLES, content_hash

    try:
        with contextlib.closing(
            sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        ) as conn:
            quick = conn.execute("PRAGMA quick_check").fetchone()
            if quick is None or quick[0] != "ok":
                return {
                    "ok": False,
                    "message": "知识库文件已损坏(SQLite 完整性检查未通过);请运行 renshe build",
                }
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            tables = tuple(r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
            digest = content_hash(
                conn, tuple(sorted(t for t in tables if t in KB_TABLES or t.startswith("v_")))
            )
            if digest != meta.get("content_hash"):
                return {"ok": False, "message": "知识库内容与构建时记录的校验值不符;请运行 renshe build"}
            docs = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            provs = conn.execute("SELECT count(*) FROM provisions").fetchone()[0]
    except sqlite3.Error:
        return {"ok": False, "message": "知识库文件无法读取(已损坏或不是数据库);请运行 renshe build"}
    return {"ok": True, "documents": docs, "provisions": provs, "content_hash": digest}


def as_dict(value: Any) -> dict[str, Any]:
    """A service result as a JSON-ready dict (plain dict, pydantic model or object with to_json)."""
    if isinstance(value, dict):
        return value
    for attr in ("to_json", "model_dump", "to_dict"):
        fn = getattr(value, attr, None)
        if callable(fn):
            out = fn(mode="json") if attr == "model_dump" else fn()
            if isinstance(out, dict):
                return out
    raise InputError("服务返回了无法识别的结果", None, code="internal")
