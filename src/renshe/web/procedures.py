"""The web page of the named procedures: the list, and a form that computes one deadline."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from renshe.errors import InputError
from renshe.web.pages import page, svc

router = APIRouter(include_in_schema=False)


@router.get("/procedures", response_class=HTMLResponse)
def procedures_page(
    request: Request,
    name: Annotated[str | None, Query(max_length=100)] = None,
    date: Annotated[str | None, Query(max_length=20)] = None,
) -> HTMLResponse:
    """All procedures; with name and date, the deadline (the other fields are the procedure's inputs)."""
    from renshe.procedures.answer import deadline_doc, listing

    kb = svc(request).kb()
    doc = listing(kb)
    result = error = None
    inputs = {
        k: v.strip() for k, v in request.query_params.items() if k not in ("name", "date") and v.strip()
    }
    if name and date:
        try:
            result = deadline_doc(kb, name, date, inputs)
        except InputError as err:
            error = err.message
    return page(
        request,
        "procedures.html",
        status=422 if error else 200,
        doc=doc,
        result=result,
        error=error,
        name=name or "",
        date=date or "",
        inputs=inputs,
    )
