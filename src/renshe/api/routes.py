"""The JSON API under /api: the same services as the CLI, the DESIGN.md shapes, OpenAPI described.

Endpoints are plain `def` functions (run in the thread pool; SQLite and the rules are
synchronous). Every user-supplied string passes `clean()` first, so control characters and
unencodable text are a 422 with the error object rather than an exception deep in SQLite.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, File, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from renshe.api.errors import error_body
from renshe.api.services import Services
from renshe.errors import InputError

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
        "description": "输入无效(错误对象)",
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
    """DESIGN.md search result: `{query, total, results: [{doc_id, doc_number, …, highlights}]}`."""
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
    return services(request).kb().document(clean(ref, "ref"))


@router.get("/provisions/{provision_id:path}", summary="一个条款:全文、路径、引用")
def provision(
    request: Request,
    provision_id: Annotated[
        str, PathParam(max_length=MAX_REF, description="条款标识,如 渝人社发〔2024〕22号/一/(一)")
    ],
) -> dict[str, Any]:
    return services(request).kb().show(clean(provision_id, "provision_id"))


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


@router.get("/status/{ref}", summary="文件在某日的效力状态", responses=UNAVAILABLE)
def status(
    request: Request,
    ref: Annotated[str, PathParam(max_length=MAX_REF, description="文号、标识或标题")],
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
    """DESIGN.md calculator result: `{rule, inputs, result, steps, citations, warnings}`."""
    from renshe.cli_validity import parse_day

    asked = parse_day(clean(on, "on")) if on is not None else None
    return services(request).calc(clean(rule, "rule"), _clean_inputs(inputs), asked)


def _clean_inputs(raw: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in raw.items():
        key = clean(str(k), "inputs")
        out[key] = clean(v, key) if isinstance(v, str) else v
    return out


@router.post(
    "/batch/{rule}",
    summary="批量计算:上传 CSV/XLSX/Parquet,返回结果文件",
    response_class=FileResponse,
    responses=UNAVAILABLE,
)
def batch(
    request: Request,
    rule: Annotated[str, PathParam(max_length=64)],
    file: Annotated[UploadFile, File(description="CSV、XLSX 或 Parquet 文件,不超过 5 MB")],
) -> FileResponse:
    name, workdir, out, suffix, summary = run_upload(services(request), rule, file)  # unknown rule → 404
    headers = {"X-Renshe-Summary": _summary_header(summary)}
    return FileResponse(
        out,
        media_type=UPLOAD_TYPES[suffix],
        filename=f"{name}-结果{suffix}",
        headers=headers,
        background=BackgroundTask(shutil.rmtree, workdir, True),
    )


def save_upload(file: UploadFile) -> tuple[Path, Path, str]:
    """Copy an upload into a private temporary directory under a name of our choosing.

    The client's file name is used for its extension only (no path traversal); the size is
    checked while copying (no trust in Content-Length); the type by extension and magic bytes.
    """
    suffix = Path(os.path.basename(file.filename or "")).suffix.lower()
    if suffix not in UPLOAD_TYPES:
        raise InputError("只接受 CSV、XLSX 或 Parquet 文件(.csv / .xlsx / .parquet)", "file", code="bad_type")
    workdir = Path(tempfile.mkdtemp(prefix="renshe-batch-"))
    src = workdir / f"输入{suffix}"
    size = 0
    try:
        with src.open("wb") as fh:
            while chunk := file.file.read(64 * 1024):
                size += len(chunk)
                if size > MAX_UPLOAD_BYTES:
                    raise InputError(
                        f"文件太大:不能超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB",
                        "file",
                        code="too_large",
                    )
                fh.write(chunk)
        if size == 0:
            raise InputError("上传的文件是空的", "file")
        head = src.read_bytes()[:4]
        if (suffix == ".xlsx" and head[:2] != b"PK") or (suffix == ".parquet" and head != b"PAR1"):
            raise InputError("文件内容与扩展名不符", "file", code="bad_type")
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    return workdir, src, suffix


def run_batch(runner: Any, rule: str, src: Path, out: Path) -> dict[str, Any]:
    from renshe.api.services import as_dict

    summary = runner(rule, src, out)
    return as_dict(summary) if summary is not None else {}


def run_upload(svc: Services, rule: str, file: UploadFile) -> tuple[str, Path, Path, str, dict[str, Any]]:
    """Check the rule, save the upload and run the batch; (rule, workdir, output, suffix, summary).

    The one sequence behind the API's and the web page's batch: an unknown rule is refused before
    the file is touched, and the private directory is removed if anything fails.
    """
    runner = svc.batch_runner()
    name = clean(rule, "rule")
    svc.rule(name)
    workdir, src, suffix = save_upload(file)
    out = workdir / f"结果{suffix}"
    try:
        summary = run_batch(runner, name, src, out)
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    src.unlink(missing_ok=True)
    return name, workdir, out, suffix, summary


def _summary_header(summary: dict[str, Any]) -> str:
    parts = [f"{k}={summary[k]}" for k in ("rows", "results", "errors") if k in summary]
    return ";".join(parts)
