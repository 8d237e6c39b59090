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
import sqlite3
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from renshe.api.errors import ServiceUnavailable
from renshe.errors import InputError
from renshe.kb import KB

NOT_YET = "尚未提供"


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

    # -- the knowledge base -------------------------------------------------------------------
    def path(self) -> Path:
        """Build the knowledge base on first use (DESIGN.md: built automatically), once."""
        if self._path is None:
            with self._lock:
                if self._path is None:
                    kb = KB.open(self._db_path)
                    kb.close()
                    warm_up()
                    self._path = kb.path
        return self._path

    def kb(self) -> KB:
        """This thread's read-only knowledge base."""
        kb: KB | None = getattr(self._local, "kb", None)
        if kb is None:
            p = self.path()
            conn = sqlite3.connect(f"file:{p}?mode=ro", uri=True, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            kb = KB(conn, p)
            self._local.kb = kb
        return kb

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

    def calc(self, name: str, inputs: dict[str, Any], on: date | None = None) -> dict[str, Any]:
        """`on`: the date asked (default today), supplied by the interface; rules never read the clock."""
        result: dict[str, Any] = self.rule(name).run(inputs, on)
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
