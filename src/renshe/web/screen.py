"""The 政策找人 page: a few questions at a time, the list of policies updated as facts are added.

Why GET and hidden fields: every answer given so far travels in the form (hidden inputs) and the
URL, so the page works without JavaScript, Back and reload show the same list, and nothing is
kept on the server. htmx (progressive enhancement) swaps only the `#screen` region. An ID number
is never asked and never accepted here: it must not sit in a URL or a log (the birth month and
sex say the same for the rules).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from renshe.api.routes import clean
from renshe.errors import InputError
from renshe.web.pages import page, svc

router = APIRouter(include_in_schema=False)
PER_PAGE = 3  # questions asked at a time: the ones that decide the most policies
NEVER_ASKED = frozenset({"person.id_number"})
SENSITIVE = "为保护个人信息，身份证号码不会放进网址；请填写出生年月和性别。"


def _known(params: list[tuple[str, str]]) -> tuple[dict[str, str], list[str]]:
    """(fact → value, notes) from the query: only shared facts, cleaned, the ID number dropped."""
    from renshe.screen.profile import fact_of

    known: dict[str, str] = {}
    notes: list[str] = []
    for k, v in params:
        fact = fact_of(k)
        if fact is None or not v.strip():
            continue
        if fact in NEVER_ASKED:
            notes.append(SENSITIVE)
            continue
        known[fact] = clean(v[:200], fact)
    return known, notes


@router.get("/screen", response_class=HTMLResponse)
def screen_page(
    request: Request,
    on: Annotated[str | None, Query(max_length=10)] = None,
    skip: Annotated[str | None, Query(max_length=2000)] = None,
    asked: Annotated[str | None, Query(max_length=2000)] = None,
) -> HTMLResponse:
    """The questions and the list; a blank answer to a question shown is skipped next time."""
    from renshe.rules.declarations import shared_facts
    from renshe.screen import GROUPS

    params = list(request.query_params.multi_items())
    try:
        known, notes = _known(params)
    except InputError as err:  # a control character in an answer
        known, notes = {}, [err.message]
    skipped = {s for s in (skip or "").split(",") if s} | {
        a for a in (asked or "").split(",") if a and a not in known
    }
    error = None
    day = date.today()
    if on:
        try:
            day = date.fromisoformat(on.strip())
        except ValueError:
            error = f"日期“{on}”无效,请写成 YYYY-MM-DD,如 2026-12-01"
    doc: dict[str, Any] | None = None
    try:
        doc = svc(request).screen(dict(known), day)
    except InputError as err:
        error = err.message
        bad = err.field
        known = {k: v for k, v in known.items() if k != bad}
        doc = svc(request).screen(dict(known), day)
    facts = shared_facts()
    pending = [q for q in doc["questions"] if q["fact"] and q["fact"] not in NEVER_ASKED]
    ask = [q for q in pending if q["fact"] not in skipped][:PER_PAGE]
    label = {n: f.label for n, f in facts.items()}
    shown = [
        {"fact": k, "label": label.get(k, k), "value": v, "edit": _url(known, day, skipped - {k}, drop=k)}
        for k, v in known.items()
    ]
    return page(
        request,
        "screen.html",
        status=422 if error else 200,
        groups=GROUPS,
        doc=doc,
        questions=ask,
        more=max(len(pending) - len(ask), 0),
        known=known,
        shown=shown,
        skip=",".join(sorted(skipped)),
        asked=",".join(q["fact"] for q in ask),
        on=day.isoformat(),
        error=error,
        notes=list(dict.fromkeys(notes)),
        restart=_url({}, day, set()),
        unskip=_url(known, day, set()) if skipped else None,
    )


def _url(known: dict[str, str], day: date, skipped: set[str], drop: str | None = None) -> str:
    q = {k: v for k, v in known.items() if k != drop}
    q["on"] = day.isoformat()
    if skipped:
        q["skip"] = ",".join(sorted(skipped))
    return "/screen?" + urlencode(q)
