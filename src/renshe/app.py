"""The application object: one per process, shared by the CLI, the HTTP API and the web pages.

Why one object (Datasette's `Datasette` is the model): the database is ensured (built on first
use, or rebuilt when its builders changed) in exactly one place, each worker thread gets its own
read-only SQLite connection (FastAPI runs plain `def` endpoints in a thread pool and a connection
must not be used by two threads at once), a rebuilt or damaged file is noticed the same way
everywhere, and every interface reaches search, rules, validity and batch through the same calls.
The layers are explicit imports, made inside the methods so that a command loads only the layer
it uses; `KB.open()` only opens.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from renshe.build import ensure_database
from renshe.errors import InputError, ServiceUnavailable, as_input_error
from renshe.kb import KB

log = logging.getLogger("renshe.app")


class Renshe:
    """The knowledge base and every service built on it; cheap to call from any worker thread."""

    def __init__(self, db_path: Path | str | None = None) -> None:
        self._db_path = Path(db_path) if db_path is not None else None
        self._path: Path | None = None
        self._lock = threading.Lock()
        self._local = threading.local()
        self._health: tuple[tuple[int, ...], dict[str, Any]] | None = None

    # -- the knowledge base -------------------------------------------------------------------
    def path(self) -> Path:
        """The database file, built on first use (docs/cli.md: built automatically), once."""
        if self._path is None:
            with self._lock:
                if self._path is None:
                    self._path = ensure_database(self._db_path)
        return self._path

    def warm_up(self) -> None:
        """Load the search lexicon and the rules' parameters once, before requests run in
        parallel: rjieba's dictionary loading is not thread-safe ("Already borrowed" when two
        first searches race), and first requests queued behind the parameter files."""
        from renshe.rules.registry import all_rules
        from renshe.search.lexicon import lexicon

        self.path()
        lexicon()
        for rule in all_rules():
            for example in rule.examples[:1]:
                with contextlib.suppress(InputError):
                    rule.run(dict(example))

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
            kb = KB.open(p)
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
        """Ranked provisions; `as_of` ranks down documents the validity layer says are not in force."""
        from renshe.search.engine import search
        from renshe.validity.status import in_force_ids

        result: dict[str, Any] = search(self.kb().conn, query, in_force=in_force_ids, **kw)
        if "suggestions" in result:  # nothing found: the calculators are worth offering too
            result["suggestions"]["calculators"] = [
                {"name": r.name, "title": r.title, "link": f"/calc/{r.name}"} for r in self.rules()
            ]
        return result

    def ask(self, question: str, limit: int = 5) -> dict[str, Any]:
        """The computed answer (a calculator's or the validity layer's), then the provisions."""
        from renshe.answers import ask

        result: dict[str, Any] = ask(self.kb().conn, question, limit=limit)
        return result

    # -- documents: one resolver for every reference -------------------------------------------
    def document(self, ref: str) -> dict[str, Any]:
        from renshe.validity.resolve import document

        return document(self.kb(), ref)

    def provision(self, ref: str) -> dict[str, Any]:
        from renshe.validity.resolve import provision

        return provision(self.kb(), ref)

    # -- rules ----------------------------------------------------------------------------------
    def rules(self) -> list[Any]:
        from renshe.rules.registry import all_rules

        return list(all_rules())

    def rule(self, name: str) -> Any:
        from renshe.rules.registry import get_rule

        return get_rule(name)

    def calc(self, name: str, inputs: dict[str, Any], on: date | None = None) -> dict[str, Any]:
        """One calculation; any failure computing from these inputs is a 422 (as_input_error).
        `on`: the date asked (default today), supplied by the interface; rules never read the clock."""
        rule = self.rule(name)
        try:
            result: dict[str, Any] = rule.run(inputs, on)
        except InputError:
            raise
        except Exception as err:
            log.warning("计算失败:%s %s", name, type(err).__name__)
            raise as_input_error(err) from None
        return result

    # -- validity -------------------------------------------------------------------------------
    def has_validity(self) -> bool:
        """Kept for the web pages: the validity layer is always part of the application."""
        return True

    def status(self, ref: str, on: date | None = None) -> dict[str, Any]:
        from renshe.validity.status import status_of

        return as_dict(status_of(self.kb(), ref, on or date.today()))

    def refs(self, ref: str) -> dict[str, Any]:
        from renshe.validity.graph import refs_of

        return refs_of(self.kb(), ref)

    # -- screen (政策找人) --------------------------------------------------------------------------
    def screen(self, facts: dict[str, Any], on: date | None = None, keep_ids: bool = True) -> dict[str, Any]:
        """Every rule on one profile of shared facts (docs/screen.md)."""
        from renshe.screen import screen

        return screen(facts, on or date.today(), keep_ids=keep_ids)

    def screen_register(self, in_path: str | Path, out_path: str | Path, **kw: Any) -> dict[str, Any]:
        """Screen every row of a register file into `out_path` and its summary file (docs/screen.md)."""
        return screen_register(Path(in_path), Path(out_path), **kw)

    # -- batch ----------------------------------------------------------------------------------
    def batch_runner(self) -> Callable[..., Any]:
        """The batch machinery's file runner: `run_batch(rule, input, output, ...) -> summary`."""
        from renshe.batch import run_batch

        return run_batch


def summary_path(out: Path) -> Path:
    """Where the per-rule summary of a screened register goes: beside the output, 名册.汇总.xlsx."""
    return out.with_name(f"{out.stem}.汇总{out.suffix}")


def screen_register(
    src: Path,
    dst: Path,
    *,
    on: date | None = None,
    keep_ids: bool = False,
    encoding: str | None = None,
    sheet: str | None = None,
    chunk_size: int = 20_000,
    workers: int | None = None,
) -> dict[str, Any]:
    """The register glue (here because the screen and the batch readers are sibling layers):
    the batch layer reads and writes the files chunk by chunk, the screen makes each row.

    Every input row comes back, in order, with its result or its error. The output and the
    summary are written to temporary files and renamed when complete; nothing is kept elsewhere."""
    import time

    import polars as pl

    from renshe.batch.io import Writer, file_format, open_table, remove_stale_parts
    from renshe.errors import printable
    from renshe.screen.profile import fact_of
    from renshe.screen.register import SUMMARY_COLUMNS, RegisterScreen, map_headers

    started = time.perf_counter()
    if src.resolve() == dst.resolve():
        raise InputError("输出文件不能与输入文件相同", "output")
    if not dst.parent.is_dir():
        raise InputError(f"输出目录不存在:{printable(str(dst.parent))}", "output")
    file_format(dst, "output")
    remove_stale_parts(dst.parent)
    table = open_table(
        src, lambda h: fact_of(h) is not None, encoding=encoding, sheet=sheet, chunk_size=chunk_size
    )
    headers = [h for h in table.headers]
    if not map_headers(headers)[0]:
        table.close()
        raise InputError(f"{printable(src.name)} 的表头中没有可识别的情况(如 出生年月、性别、区县)", "input")
    screen = RegisterScreen(headers, on or date.today(), keep_ids=keep_ids)
    columns = screen.columns()
    writer = Writer(dst)
    totals = Writer(summary_path(dst), numeric={SUMMARY_COLUMNS["total_amount"]})
    schema = {c: pl.String for c in columns}
    blocks = (
        chunk.drop("__extra", strict=False).slice(i, BLOCK).to_dicts()
        for chunk in table.chunks
        for i in range(0, chunk.height, BLOCK)
    )
    try:
        for rows in _screened(screen, blocks, headers, workers):
            writer.write(pl.DataFrame(rows, schema=schema, orient="row"))
        summary = screen.summary()
        totals.write(
            pl.DataFrame(
                [
                    {SUMMARY_COLUMNS[k]: (str(v) if v is not None else None) for k, v in r.items()}
                    for r in summary
                ],
                schema={c: pl.String for c in SUMMARY_COLUMNS.values()},
                orient="row",
            )
        )
        writer.commit(columns)
        totals.commit(list(SUMMARY_COLUMNS.values()))
    except BaseException:
        writer.abort()
        totals.abort()
        raise
    finally:
        table.close()
        screen.close()
    seconds = time.perf_counter() - started
    facts, identity, ignored = map_headers(headers)
    return {
        "input": str(src),
        "output": str(dst),
        "summary_output": str(summary_path(dst)),
        "workers": _workers(workers),
        "on": screen.on.isoformat(),
        "rows": screen.rows,
        "results": screen.rows - screen.errors - screen.blank,
        "errors": screen.errors,
        "blank_rows": screen.blank,
        "ids_masked": not keep_ids,
        "columns": facts,
        "identity_columns": identity,
        "ignored_columns": ignored,
        "rules": summary,
        "seconds": round(seconds, 3),
        "rows_per_second": round(screen.rows / seconds) if seconds > 0 else None,
    }


BLOCK = 2_000  # rows per task of a worker process


def _workers(asked: int | None) -> int:
    """Worker processes for a register: as asked, else one per core (at most 4)."""
    return max(1, asked if asked is not None else min(4, os.cpu_count() or 1))


def _screened(screen: Any, blocks: Any, headers: list[str], workers: int | None) -> Any:
    """Each block's output rows, in input order: in this process, or (several cores) in worker
    processes, each with its own screen, the tallies added back here. A block's rows are split
    among the workers by birth date (`RegisterScreen.shard`: a projection that holds a birth is
    run by one worker only) and put back in order here. At most three blocks are in flight, so a
    large register is never held in memory whole."""
    n = _workers(workers)
    if n == 1:
        for rows in blocks:
            yield [screen.row(r) for r in rows]
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from contextlib import ExitStack

    from renshe.screen.register import start_worker, work

    ctx = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    init = (headers, screen.on, screen.keep_ids)
    with ExitStack() as stack:
        pools = [
            stack.enter_context(
                ProcessPoolExecutor(1, mp_context=ctx, initializer=start_worker, initargs=init)
            )
            for _ in range(n)
        ]
        pending: deque[Any] = deque()
        start = 0
        for rows in blocks:
            places: list[list[int]] = [[] for _ in range(n)]
            for j, raw in enumerate(rows):
                places[screen.shard(raw, n)].append(j)
            parts = [
                (idx, pool.submit(work, [start + j + 1 for j in idx], [rows[j] for j in idx]))
                for pool, idx in zip(pools, places, strict=True)
                if idx
            ]
            pending.append((len(rows), parts))
            start += len(rows)
            while len(pending) >= 3:
                yield _gathered(screen, *pending.popleft())
        while pending:
            yield _gathered(screen, *pending.popleft())


def _gathered(screen: Any, count: int, parts: list[tuple[list[int], Any]]) -> list[Any]:
    """A block's rows back in input order from its workers' parts (tallies added here)."""
    out: list[Any] = [None] * count
    for idx, fut in parts:
        got, delta = fut.result()
        screen.add(len(idx), delta)
        for j, row in zip(idx, got, strict=True):
            out[j] = row
    return out


@cache
def default_app() -> Renshe:
    """The command line's application object (RENSHE_DB or the per-user database)."""
    return Renshe()


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
