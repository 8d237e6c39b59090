"""The JSON API under /api: the same services as the CLI, the docs/cli.md shapes, OpenAPI described.

Endpoints are plain `def` functions (run in the thread pool; SQLite and the rules are
synchronous). Every user-supplied string passes `clean()` first, so control characters and
unencodable text are a 422 with the error object rather than an exception deep in SQLite.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import tempfile
import threading
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Body, File, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from renshe.api.errors import error_body
from renshe.api.services import Services
from renshe.errors import InputError
from renshe.limits import Limits, describe_bytes

MAX_QUERY = 200
MAX_REF = 300
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
UPLOAD_TYPES = {
    ".csv": "text/csv",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".parquet": "application/vnd.apache.parquet",
}
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

ERRORS: dict[int | str, dict[str, Any]] = {
    404: {
        "description": "找不到(错误对象)",
        "content": {"application/json": {"example": error_body("not_found", "找不到文档“某某”", "ref")}},
    },
    422: {
        "description": (
            "输入无效(错误对象):参数或 JSON 无效、multipart 无法解析、"
            "请求体或文件超过上限(code 为 too_large)、请求体发送停顿(timeout)、"
            "输入超出可计算的范围(cannot_compute)"
        ),
        "content": {"application/json": {"example": error_body("invalid_input", "参数 q:缺少必填项", "q")}},
    },
}
UNAVAILABLE: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    503: {"description": "该功能尚未提供(错误对象)"},
}


def clean(value: str, field: str) -> str:
    """User text that is safe to pass on: no control characters, no lone surrogates."""
    if _BAD_CHARS.search(value):
        raise InputError(f"参数 {field} 含有无效字符", field)
    return value.strip()


def opt(value: str | None, field: str) -> str | None:
    """An optional text parameter: cleaned, and None when blank."""
    return (clean(value, field) or None) if value is not None else None


def services(request: Request) -> Services:
    svc: Services = request.app.state.services
    return svc


def parse_date(value: str | None, field: str) -> date | None:
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(clean(value, field))
    except ValueError:
        raise InputError(f"参数 {field}:日期格式应为 YYYY-MM-DD", field) from None


router = APIRouter(prefix="/api", responses=ERRORS)


@router.get("/stats", summary="知识库统计")
def stats(request: Request) -> dict[str, Any]:
    return services(request).kb().stats()


@router.get("/search", summary="检索条款")
def search(
    request: Request,
    q: Annotated[
        str,
        Query(min_length=1, max_length=MAX_QUERY, description="检索词,如 最低工资、渝人社发[2024]16号"),
    ],
    limit: Annotated[int, Query(ge=1, le=100, description="返回条数")] = 10,
    category: Annotated[str | None, Query(max_length=50, description="分类,如 社会保险")] = None,
    doc: Annotated[
        str | None, Query(max_length=MAX_REF, description="只在这份文件中检索(文号或标识)")
    ] = None,
    level: Annotated[
        str | None, Query(max_length=20, description="national(国家)或 municipal(重庆市)")
    ] = None,
    year: Annotated[int | None, Query(ge=1949, le=2100, description="发文年份")] = None,
    as_of: Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD:优先该日有效的文件")] = None,
    group: Annotated[str | None, Query(max_length=10, description="doc:每份文件只列最相关的一条")] = None,
) -> dict[str, Any]:
    """docs/cli.md search result: `{query, total, results: [{doc_id, doc_number, …, highlights}]}`."""
    on = parse_date(as_of, "as_of")
    return services(request).search(
        clean(q, "q"),
        limit=limit,
        category=opt(category, "category"),
        doc=opt(doc, "doc"),
        level=opt(level, "level"),
        year=year,
        as_of=on.isoformat() if on else None,
        group=opt(group, "group"),
    )


@router.get("/ask", summary="回答问题:计算器或效力判断的答案 + 相关条款")
def ask(
    request: Request,
    q: Annotated[
        str,
        Query(min_length=1, max_length=MAX_QUERY, description="问题,如 我68年的男的什么时候退休"),
    ],
    limit: Annotated[int, Query(ge=1, le=100, description="答案下列出的条款数")] = 5,
) -> dict[str, Any]:
    """`{query, answer: {intent, title, lines, ask, citations, link, …} | null, total, results}`."""
    from renshe.answers import ask as answer_question

    return answer_question(services(request).kb().conn, clean(q, "q"), limit=limit)


@router.get("/docs", summary="文件列表")
def docs(
    request: Request,
    category: Annotated[str | None, Query(max_length=50, description="分类或子分类")] = None,
) -> dict[str, Any]:
    items = services(request).kb().documents(opt(category, "category"))
    return {"total": len(items), "documents": items}


@router.get("/docs/{ref}", summary="一份文件:元数据、目录、表格")
def document(
    request: Request,
    ref: Annotated[str, PathParam(max_length=MAX_REF, description="文号(任意括号写法)、标识或标题片段")],
) -> dict[str, Any]:
    from renshe.validity.resolve import document as resolve_document

    return resolve_document(services(request).kb(), clean(ref, "ref"))


@router.get("/provisions/{provision_id:path}", summary="一个条款:全文、路径、引用")
def provision(
    request: Request,
    provision_id: Annotated[
        str, PathParam(max_length=MAX_REF, description="条款标识,如 渝人社发〔2024〕22号/一/(一)")
    ],
) -> dict[str, Any]:
    from renshe.validity.resolve import provision as resolve_provision

    return resolve_provision(services(request).kb(), clean(provision_id, "provision_id"))


@router.get("/tables/{table_id:path}", summary="一张表格")
def table(
    request: Request,
    table_id: Annotated[str, PathParam(max_length=MAX_REF, description="表格标识,如 延迟退休决定/表1")],
) -> dict[str, Any]:
    return services(request).kb().get_table(clean(table_id, "table_id"))


@router.get("/findings", summary="源文本的数据质量问题")
def findings(request: Request) -> dict[str, Any]:
    items = services(request).kb().findings()
    return {"total": len(items), "findings": items}


@router.get("/status/{ref:path}", summary="文件或条款在某日的效力状态", responses=UNAVAILABLE)
def status(
    request: Request,
    ref: Annotated[
        str,
        PathParam(
            max_length=MAX_REF, description="文号、标识或标题,或条款标识(如 渝人社发〔2024〕14号/五/(五))"
        ),
    ],
    on: Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD,默认今天")] = None,
) -> dict[str, Any]:
    return services(request).status(clean(ref, "ref"), parse_date(on, "on"))


@router.get("/rules", summary="计算器列表(输入的 JSON Schema、法律依据)")
def rules(request: Request) -> dict[str, Any]:
    return {"rules": [r.describe() for r in services(request).rules()]}


@router.get("/rules/{rule}", summary="一个计算器的说明")
def rule(request: Request, rule: Annotated[str, PathParam(max_length=64)]) -> dict[str, Any]:
    described: dict[str, Any] = services(request).rule(clean(rule, "rule")).describe()
    return described


@router.post("/calc/{rule}", summary="运行一个计算器")
def calc(
    request: Request,
    rule: Annotated[str, PathParam(max_length=64, description="计算器名称,如 retirement")],
    inputs: Annotated[
        dict[str, Any],
        Body(
            description="输入(见 /api/rules 的 input_schema)",
            examples=[{"birth": "1971-04", "category": "male60"}],
        ),
    ],
    on: Annotated[
        str | None,
        Query(max_length=10, description="所问的日期 YYYY-MM-DD(默认今天):是否仍有效、期限是否已过"),
    ] = None,
) -> dict[str, Any]:
    """docs/cli.md calculator result: `{rule, inputs, result, steps, citations, warnings}`."""
    asked = parse_date(on, "on")
    return services(request).calc(clean(rule, "rule"), _clean_inputs(inputs), asked)


@router.post("/screen", summary="政策找人:按一个人(及其单位)的情况筛查全部政策")
def screen(
    request: Request,
    facts: Annotated[
        dict[str, Any],
        Body(
            description="情况:rules/facts.yaml 的事实名称或中文名称 → 值,每项都可不填(docs/screen.md)",
            examples=[{"person.birth": "1970-05", "person.sex": "男", "person.contribution_months": 300}],
        ),
    ],
    on: Annotated[
        str | None,
        Query(max_length=10, description="所问的日期 YYYY-MM-DD(默认今天):政策是否到期、申请期是否已过"),
    ] = None,
) -> dict[str, Any]:
    """docs/screen.md: `{profile, on, rules, counts, groups, questions, exclusions}`."""
    asked = parse_date(on, "on")
    return services(request).screen(_clean_inputs(facts), asked)


def _clean_inputs(raw: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in raw.items():
        key = clean(str(k), "inputs")
        out[key] = clean(v, key) if isinstance(v, str) else v
    return out


@router.post(
    "/batch/{rule}",
    summary="批量计算:上传 CSV/XLSX/Parquet,返回结果文件",
    description=(
        "上限(可配置,见 docs/limits.md):文件 5 MB、200 列、200 万个单元格、60 秒;"
        "超出时返回 422 错误对象(code 为 too_large),multipart 格式错误也返回 422。"
    ),
    response_class=FileResponse,
    responses=UNAVAILABLE,
)
async def batch(
    request: Request,
    rule: Annotated[str, PathParam(max_length=64)],
    file: Annotated[UploadFile, File(description="CSV、XLSX 或 Parquet 文件,不超过 5 MB")],
) -> FileResponse:
    name, workdir, out, suffix, summary = await run_upload_guarded(request, rule, file)
    headers = {"X-Renshe-Summary": _summary_header(summary)}
    return FileResponse(
        out,
        media_type=UPLOAD_TYPES[suffix],
        filename=f"{name}-结果{suffix}",
        headers=headers,
        background=BackgroundTask(shutil.rmtree, workdir, True),
    )


def save_upload(
    file: UploadFile, root: Path | None = None, limit: int = MAX_UPLOAD_BYTES
) -> tuple[Path, Path, str]:
    """Copy an upload into a private directory (under the app's work root) under our own name.

    The client's file name is used for its extension only (no path traversal); the size is
    checked while copying (no trust in Content-Length); the type by extension and magic bytes.
    """
    suffix = Path(os.path.basename(file.filename or "")).suffix.lower()
    if suffix not in UPLOAD_TYPES:
        raise InputError("只接受 CSV、XLSX 或 Parquet 文件(.csv / .xlsx / .parquet)", "file", code="bad_type")
    if root is not None:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="batch-", dir=root))
    src = workdir / f"输入{suffix}"
    size = 0
    try:
        with src.open("wb") as fh:
            while chunk := file.file.read(64 * 1024):
                size += len(chunk)
                if size > limit:
                    raise InputError(f"文件太大:不能超过 {describe_bytes(limit)}", "file", code="too_large")
                fh.write(chunk)
        if size == 0:
            raise InputError("上传的文件是空的", "file")
        with src.open("rb") as fh:
            head = fh.read(4)
        if (suffix == ".xlsx" and head[:2] != b"PK") or (suffix == ".parquet" and head != b"PAR1"):
            raise InputError("文件内容与扩展名不符", "file", code="bad_type")
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    return workdir, src, suffix


HTTP_CHUNK = 20_000  # rows per chunk over HTTP: the budget and the stop signal are checked this often


def run_upload(
    svc: Services, rule: str, file: UploadFile, budget: Any = None, root: Path | None = None
) -> tuple[str, Path, Path, str, dict[str, Any]]:
    """Check the rule, save the upload and run the batch; (rule, workdir, output, suffix, summary).

    The one sequence behind the API's and the web page's batch: an unknown rule is refused before
    the file is touched, and the private directory is removed if anything fails.
    """
    from renshe.api.services import as_dict

    runner = svc.batch_runner()
    name = clean(rule, "rule")
    svc.rule(name)
    limits = Limits.from_env()
    workdir, src, suffix = save_upload(file, root, limits.upload_bytes)
    out = workdir / f"结果{suffix}"
    try:
        kwargs: dict[str, Any] = {"chunk_size": HTTP_CHUNK, "limits": limits}
        if budget is not None:
            kwargs["budget"] = budget
        summary = runner(name, src, out, **kwargs)
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    src.unlink(missing_ok=True)
    return name, workdir, out, suffix, as_dict(summary) if summary is not None else {}


async def run_upload_guarded(
    request: Request, rule: str, file: UploadFile
) -> tuple[str, Path, Path, str, dict[str, Any]]:
    """`run_upload` in a worker thread with a budget (cells, seconds) and a stop signal that is
    set when the client disconnects or the server shuts down, so no run outlives its request."""
    from renshe.batch.runner import Budget

    limits = Limits.from_env()
    stop = threading.Event()
    shutdown: threading.Event | None = getattr(request.app.state, "shutdown", None)
    budget = Budget(max_cells=limits.cells, seconds=limits.batch_seconds, stop=stop)
    root: Path | None = getattr(request.app.state, "workroot", None)
    svc = services(request)
    done = anyio.Event()

    async def watch() -> None:
        while not done.is_set():
            if (shutdown is not None and shutdown.is_set()) or await request.is_disconnected():
                stop.set()
                return
            with anyio.move_on_after(0.25):
                await done.wait()

    watcher = asyncio.ensure_future(watch())
    try:
        return await anyio.to_thread.run_sync(run_upload, svc, rule, file, budget, root)
    finally:
        done.set()
        watcher.cancel()


def _summary_header(summary: dict[str, Any]) -> str:
    parts = [f"{k}={summary[k]}" for k in ("rows", "results", "errors") if k in summary]
    return ";".join(parts)
