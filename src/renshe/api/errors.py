"""The error contract over HTTP: one JSON object, a Chinese message, never a stack trace.

docs/cli.md fixes the error object `{"error": {"code", "message", "field"}}`. Every failure path
of the app goes through here so that a client (or a schemathesis run) can rely on it: invalid
input 422, an unknown document / provision / rule 404, a service not built yet 503, anything
unexpected 500 with a generic message (the details go to the log, masked, not to the client).
"""

from __future__ import annotations

import logging
import re
import sqlite3
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from renshe.errors import InputError, NotFound, ServiceUnavailable, safe_message

log = logging.getLogger("renshe.api")

# 18-digit resident ID numbers (and 15-digit old ones) must never reach a log line, also when
# written in groups (500101 19750315 002X) with spaces, %20, + or - between the groups.
_SEP = r"(?:\s|%20|\+|-)?"
_ID_NUMBER = re.compile(r"(?<![0-9])([0-9]{6})[0-9]{5,8}([0-9]{3}[0-9Xx])(?![0-9Xx])")
_ID_GROUPED = re.compile(
    rf"(?<![0-9])([0-9]{{6}}){_SEP}(?:[0-9]{{8}}|[0-9]{{6}}){_SEP}([0-9]{{3}}[0-9Xx]?)(?![0-9Xx])"
)


def mask_id_numbers(text: str) -> str:
    """Replace the middle of anything that looks like an ID number (keeps region and last 4)."""
    text = _ID_NUMBER.sub(lambda m: f"{m.group(1)}********{m.group(2)}", text)
    return _ID_GROUPED.sub(lambda m: f"{m.group(1)}********{m.group(2)}", text)


class MaskIdNumbers(logging.Filter):
    """A logging filter that masks ID numbers in the message and in its %-arguments.

    Attached to uvicorn's access and error loggers and to ours: the access log prints request
    paths and query strings, which is where a person's ID number could otherwise end up.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask_id_numbers(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(mask_id_numbers(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: mask_id_numbers(v) if isinstance(v, str) else v for k, v in record.args.items()}
        return True


def install_log_masking() -> None:
    """Attach the filter once to every logger that may print request data."""
    for name in (
        "uvicorn.access",
        "uvicorn.error",
        "uvicorn",
        "renshe",
        "renshe.api",
        "renshe.web",
    ):
        logger = logging.getLogger(name)
        if not any(isinstance(f, MaskIdNumbers) for f in logger.filters):
            logger.addFilter(MaskIdNumbers())


def error_body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "field": field}}


def error_json(status: int, code: str, message: str, field: str | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message, field), status_code=status)


_PYDANTIC_MESSAGES: dict[str, str] = {
    "missing": "缺少必填项",
    "int_parsing": "必须是整数",
    "int_type": "必须是整数",
    "int_from_float": "必须是整数",
    "float_parsing": "必须是数字",
    "bool_parsing": "必须是 true 或 false",
    "string_type": "必须是文本",
    "string_too_short": "不能为空",
    "string_too_long": "太长",
    "date_parsing": "必须是 YYYY-MM-DD 格式的日期",
    "date_from_datetime_parsing": "必须是 YYYY-MM-DD 格式的日期",
    "json_invalid": "不是有效的 JSON",
    "dict_type": "必须是一个 JSON 对象",
    "model_attributes_type": "必须是一个 JSON 对象",
}


def validation_error(err: RequestValidationError) -> tuple[str, str | None]:
    """The first request-validation error as (Chinese message, field)."""
    errors = err.errors()
    if not errors:
        return "请求无效", None
    e = errors[0]
    loc = [str(x) for x in e.get("loc", ()) if x not in ("body", "query", "path", "header", "cookie")]
    field = loc[-1] if loc else None
    kind = str(e.get("type", ""))
    ctx = e.get("ctx") or {}
    if kind in ("greater_than_equal", "greater_than"):
        msg = f"不能小于 {ctx.get('ge', ctx.get('gt'))}"
    elif kind in ("less_than_equal", "less_than"):
        msg = f"不能大于 {ctx.get('le', ctx.get('lt'))}"
    elif kind == "string_too_long":
        msg = f"太长(最多 {ctx.get('max_length')} 个字符)"
    elif kind == "string_pattern_mismatch":
        msg = "格式不对"
    else:
        msg = _PYDANTIC_MESSAGES.get(kind, "无效")
    return (f"参数 {field}:{msg}" if field else msg), field


def wants_html(request: Request) -> bool:
    """Web pages get HTML errors; the API, /healthz and /openapi.json get the JSON object."""
    path = request.url.path
    return not (path.startswith("/api") or path in ("/healthz", "/openapi.json"))


async def _input_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, InputError)
    status = 404 if isinstance(exc, NotFound) or exc.code in ("not_found", "unknown_rule") else 422
    return await _render(request, status, exc.code, exc.message, exc.field)


async def _validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    message, field = validation_error(exc)
    return await _render(request, 422, "invalid_input", message, field)


async def _unavailable(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ServiceUnavailable)
    return await _render(request, 503, "unavailable", exc.message, exc.field)


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    refused = getattr(exc.__cause__, "error", None)
    if isinstance(refused, InputError):  # the body limit, hit while FastAPI was reading the body
        close = {"connection": "close"}
        return await _render(request, 422, refused.code, refused.message, refused.field, close)
    if exc.status_code == 400:  # starlette's multipart / form parser: bad input, said in Chinese
        return await _render(
            request, 422, "invalid_input", "请求体无法解析(multipart 或表单格式错误)", "body"
        )
    messages = {404: "找不到这个地址", 405: "不支持这种请求方法", 413: "上传的文件太大"}
    message = messages.get(exc.status_code, str(exc.detail) if exc.detail else "请求无法处理")
    if isinstance(exc.detail, str) and exc.status_code not in (404, 405):
        message = exc.detail
    code = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(exc.status_code, "http_error")
    return await _render(request, exc.status_code, code, message, None, dict(exc.headers or {}))


async def _unexpected(request: Request, exc: Exception) -> Response:
    if isinstance(exc, UnicodeError):  # lone surrogates and the like in user text: bad input
        return await _render(request, 422, "invalid_input", "输入含有无效字符", None)
    if isinstance(exc, sqlite3.DatabaseError):  # the file was damaged or replaced under us
        log.error("知识库错误:%s %s → %s", request.method, request.url.path, type(exc).__name__)
        return await _render(
            request, 503, "unavailable", "知识库暂时不可用(文件损坏或正在替换);请稍后再试", None
        )
    if type(exc).__name__ == "BatchCancelled":
        return await _render(request, 503, "cancelled", "批量计算已取消(连接已断开或服务器正在停止)", None)
    # The type only: exception messages may echo user input (an ID number) into the log.
    log.error("内部错误:%s %s → %s", request.method, request.url.path, type(exc).__name__)
    return await _render(request, 500, "internal_error", "服务器内部错误,请稍后再试", None)


async def _render(
    request: Request,
    status: int,
    code: str,
    message: str,
    field: str | None,
    headers: dict[str, str] | None = None,
) -> Response:
    message = safe_message(message)
    if wants_html(request):
        render = getattr(request.app.state, "render_error", None)
        if render is not None:
            resp: Response = render(request, status, message)
            if headers:
                resp.headers.update(headers)
            return resp
    return JSONResponse(error_body(code, message, field), status_code=status, headers=headers)


HANDLERS: dict[Any, Any] = {
    InputError: _input_error,
    RequestValidationError: _validation,
    ServiceUnavailable: _unavailable,
    StarletteHTTPException: _http,
}


class CatchAll:
    """ASGI middleware: an unexpected exception becomes a 500 error object, not a traceback.

    Starlette's own server-error middleware would re-raise and print the traceback with the
    exception's message (which may quote user input); this one logs the type only.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            if started:
                log.error("内部错误(响应已开始):%s", type(exc).__name__)
                return
            request = Request(scope, receive)
            response = await _unexpected(request, exc)
            await response(scope, receive, send)
