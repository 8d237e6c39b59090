"""`GET /api/procedures` and `GET /api/procedures/{name}?date=…`: the named procedures as JSON.

The same documents as `renshe deadline --list` / `--procedure` (`renshe.procedures.answer`).
Any query parameter other than `date` is an input of the procedure (recognised_on=…, birth=…,
category=…), so a new catalogue entry needs no new route.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam

from renshe.api.routes import ERRORS, MAX_REF, clean, opt, parse_date, services
from renshe.errors import InputError

router = APIRouter(prefix="/api", responses=ERRORS)
MAX_INPUTS = 10


@router.get("/procedures", summary="具名程序列表:起算点、期限、单位、办理主体、条款及其效力")
def list_procedures(
    request: Request,
    on: Annotated[str | None, Query(max_length=20, description="效力日期 YYYY-MM-DD,默认今天")] = None,
    area: Annotated[str | None, Query(max_length=20, description="领域,如 工伤保险")] = None,
) -> dict[str, Any]:
    from renshe.procedures.answer import listing

    return listing(services(request).kb(), parse_date(on, "on"), opt(area, "area"))


@router.get("/procedures/{name}", summary="一个程序:不给 date 时为条目,给出 date 时计算期限")
def get_procedure(
    request: Request,
    name: Annotated[str, PathParam(max_length=MAX_REF, description="程序名称、别名或标识,如 退休一件事")],
    date: Annotated[
        str | None, Query(max_length=20, description="起算日期 YYYY-MM-DD(按月计的程序可写 YYYY-MM)")
    ] = None,
    strict: Annotated[bool, Query(description="超出已公布放假安排时拒绝计算(默认估算并标注预估)")] = False,
) -> dict[str, Any]:
    from renshe.procedures.answer import deadline_doc, entry
    from renshe.procedures.catalogue import find

    kb = services(request).kb()
    key = clean(name, "name")
    if date is None or not date.strip():
        return entry(find(key), kb)
    inputs = {k: clean(v, k) for k, v in request.query_params.items() if k not in ("date", "strict")}
    if len(inputs) > MAX_INPUTS:
        raise InputError(f"输入项过多(不超过{MAX_INPUTS}个)", "inputs")
    return deadline_doc(kb, key, clean(date, "date"), inputs, strict)
