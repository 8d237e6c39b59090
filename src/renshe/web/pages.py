"""The web pages: server-rendered Jinja2, the same services as the JSON API.

Every page works as plain HTML forms and links (no JavaScript needed); htmx only swaps the
results region in place when it is present (`hx-select` on the full page, so there is one
template per page and no separate fragment endpoints to keep in step).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
import shutil
import threading
import time
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape

from renshe.api.routes import (
    MAX_QUERY,
    MAX_REF,
    UPLOAD_TYPES,
    clean,
    opt,
    parse_date,
    run_upload_guarded,
)
from renshe.api.services import Services
from renshe.errors import InputError, ServiceUnavailable
from renshe.web import forms, labels, render
from renshe.web.labels import chinese_message, schema_names, value_words
from renshe.web.timeline import retirement_timeline, timeline_list, timeline_points

log = logging.getLogger("renshe.web")
PAGE_SIZE = 10
MAX_PAGES = 10
STATUS_CLASS = {
    "现行有效": "ok",
    "尚未生效": "pending",
    "已修改": "amended",
    "已废止": "void",
    "失效": "void",
    "已到期": "void",
    "待核实": "unknown",
    "推定有效": "presumed",
}

env = Environment(loader=PackageLoader("renshe.web", "templates"), autoescape=select_autoescape(default=True))
env.globals.update(
    doc_url=render.doc_url,
    provision_url=render.provision_url,
    anchor=render.anchor,
    search_url=render.search_url,
    highlight=render.highlight,
    status_class=STATUS_CLASS,
    report_url=render.report_url,
)
env.filters["cn_month"] = render.cn_month

router = APIRouter(include_in_schema=False)


def svc(request: Request) -> Services:
    s: Services = request.app.state.services
    return s


def page(request: Request, template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    """A rendered page; a successful GET gets an ETag and a 304 when the browser has it."""
    html = env.get_template(template).render(request=request, path=request.url.path, **ctx)
    if request.method != "GET" or status != 200:
        return HTMLResponse(html, status_code=status)
    tag = etag(svc(request), html)
    if tag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return HTMLResponse(None, status_code=304, headers={"ETag": tag, "Cache-Control": PAGE_CACHE})
    return HTMLResponse(html, status_code=status, headers={"ETag": tag, "Cache-Control": PAGE_CACHE})


PAGE_CACHE = "public, max-age=300, must-revalidate"


def etag(s: Services, html: str) -> str:
    """The KB's content hash, today's date (badges and horizons depend on it) and the page's own
    bytes: a new KB, a new day or a new template each make a new tag."""
    kb_hash = _kb_hash(s)
    body = hashlib.sha256(html.encode("utf-8")).hexdigest()[:16]
    return f'W/"{kb_hash}-{date.today().isoformat()}-{body}"'


def _kb_memo(s: Services) -> dict[str, Any]:
    """A small cache that lives on the opened KB object itself (the KB is read-only; a reopened
    KB is a new object with an empty cache)."""
    kb = s.kb()
    memo: dict[str, Any] | None = getattr(kb, "_web_memo", None)
    if memo is None:
        memo = {}
        kb._web_memo = memo  # type: ignore[attr-defined]
    return memo


def _kb_hash(s: Services) -> str:
    """The open KB's content hash, read once per opened KB."""
    memo = _kb_memo(s)
    if "hash" not in memo:
        memo["hash"] = str(s.kb().stats().get("content_hash") or "")[:16]
    return str(memo["hash"])


class CachedStatic(StaticFiles):
    """The static files with a Cache-Control (they change only with a new release)."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        resp = super().file_response(*args, **kwargs)
        resp.headers["Cache-Control"] = "public, max-age=86400"
        return resp


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    """The HTML error page (registered on app.state for the error handlers)."""
    titles = {404: "找不到页面", 422: "输入有误", 503: "功能尚未提供", 413: "文件太大"}
    return page(request, "error.html", status=status, title=titles.get(status, "出错了"), message=message)


def _doc_statuses(s: Services) -> dict[str, str]:
    """Every compilation document's status today, for the badges in lists and search results."""
    if not s.has_validity():
        return {}
    try:
        from renshe.validity.status import as_of

        memo, day = _kb_memo(s), date.today().isoformat()
        if memo.get("as_of_day") != day:  # one day's statuses per opened KB
            memo["as_of"], memo["as_of_day"] = as_of(s.kb().conn, date.today()), day
        return dict(memo["as_of"])
    except Exception as err:  # a failing badge must not take the list down
        log.error("效力查询失败：%s", type(err).__name__)
        return {}


def _rule_tiles(s: Services) -> list[dict[str, Any]]:
    try:
        return [{"name": r.name, "title": r.title, "summary": r.summary} for r in s.rules()]
    except ServiceUnavailable:
        return []


# -- home, search -------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    s = svc(request)
    kb = s.kb()
    return page(request, "home.html", tiles=_rule_tiles(s), categories=kb.categories(), stats=kb.stats())


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: Annotated[str, Query(max_length=MAX_QUERY)] = "",
    category: Annotated[str | None, Query(max_length=50)] = None,
    level: Annotated[str | None, Query(max_length=20)] = None,
    as_of: Annotated[str | None, Query(max_length=10)] = None,
    group: Annotated[str | None, Query(max_length=10)] = None,
    page_no: Annotated[int, Query(alias="page", ge=1, le=MAX_PAGES)] = 1,
) -> HTMLResponse:
    s = svc(request)
    query = clean(q, "q")
    filters = {
        "category": opt(category, "category"),
        "level": opt(level, "level"),
        "as_of": opt(as_of, "as_of"),
        "group": "doc" if group == "doc" else None,
    }
    result: dict[str, Any] | None = None
    answer: dict[str, Any] | None = None
    error: str | None = None
    if query:
        try:
            parse_date(filters["as_of"], "as_of")
            result = s.search(query, limit=min(page_no * PAGE_SIZE, 100), **filters)
            if page_no == 1:
                from renshe.answers import answer as answer_of

                answer = answer_of(s.kb().conn, query)
        except InputError as err:
            error = err.message
    hits = result["results"][(page_no - 1) * PAGE_SIZE :] if result else []
    total = result["total"] if result else 0
    pages = min(MAX_PAGES, -(-total // PAGE_SIZE)) if total else 0
    return page(
        request,
        "search.html",
        status=422 if error else 200,
        q=query,
        filters=filters,
        hits=hits,
        answer=answer,
        suggestions=(result or {}).get("suggestions"),
        total=total,
        page_no=page_no,
        pages=pages,
        error=error,
        categories=s.kb().categories(),
        doc_status=_doc_statuses(s) if hits else {},
    )


# -- documents ----------------------------------------------------------------------------------


@router.get("/docs", response_class=HTMLResponse)
def docs_page(request: Request, category: Annotated[str | None, Query(max_length=50)] = None) -> HTMLResponse:
    kb = svc(request).kb()
    cat = opt(category, "category")
    docs = kb.documents(cat)
    groups: dict[str, list[dict[str, Any]]] = {}
    for d in docs:
        groups.setdefault(d["category"], []).append(d)
    return page(
        request,
        "docs.html",
        groups=groups,
        category=cat,
        categories=kb.categories(),
        doc_status=_doc_statuses(svc(request)),
    )


def _refs_of(s: Services, doc_id: str) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
    """Citations out of each provision of a document, and the provisions elsewhere that cite it."""
    conn = s.kb().conn
    out: dict[str, list[dict[str, Any]]] = {}
    external = "/status/" if s.has_validity() else None
    for r in conn.execute(
        "SELECT from_provision, doc_number, to_doc, raw, start FROM refs WHERE from_doc = ? ORDER BY start",
        (doc_id,),
    ):
        item = dict(r)
        if external and not item["to_doc"]:
            item["external_href"] = external + quote(item["doc_number"], safe="")
        out.setdefault(item["from_provision"], []).append(item)
    cited_by = [
        dict(r)
        for r in conn.execute(
            "SELECT DISTINCT r.from_provision, r.from_doc, d.title FROM refs r "
            "JOIN documents d ON d.id = r.from_doc WHERE r.to_doc = ? AND r.from_doc != ? "
            "ORDER BY d.ord, r.from_provision",
            (doc_id, doc_id),
        )
    ]
    return out, cited_by


def _validity(s: Services, doc: dict[str, Any]) -> dict[str, Any]:
    """The badge: the validity service's answer when installed, else the document's own dates."""
    today = date.today()
    if s.has_validity():
        try:
            st = s.status(doc["id"], today)
            status = st.get("status")
            return {
                "status": status,
                "label": "推定有效" if st.get("presumed") else status,
                "presumed": bool(st.get("presumed")),
                "since": st.get("since"),
                "decided_by": [_basis_item(d) for d in st.get("decided_by") or []],
                "notes": st.get("notes") or [],
                "clause": _clause(st),
                "full": True,
            }
        except (InputError, ServiceUnavailable):
            pass
        except Exception as err:  # a failing badge must not take the reader down
            log.error("效力查询失败：%s %s", doc["id"], type(err).__name__)
    start, end = doc.get("effective_from"), doc.get("effective_until")
    if start and start > today.isoformat():
        status, since = "尚未生效", start
    elif end and end < today.isoformat():
        status, since = "已到期", end
    else:
        status, since = "现行有效", start or doc.get("signed_on")
    return {
        "status": status,
        "label": "推定有效" if status == "现行有效" else status,
        "presumed": status == "现行有效",
        "since": since,
        "decided_by": [],
        "clause": None,
        "full": False,
        "notes": ["仅依据本文件所载的施行和截止日期判断；废止、修改等情况的完整判断尚未提供。"],
    }


def _basis_item(d: dict[str, Any]) -> dict[str, Any]:
    """One 效力依据 line for people: who says it (文号, else the document's own words), never None."""
    pid = d.get("provision_id") or ""
    who = d.get("doc_number") or (pid.split("/", 1)[0] if pid else "") or d.get("doc_id") or "本文件"
    return {**d, "who": who}


def _clause(st: dict[str, Any]) -> dict[str, Any] | None:
    """The clause that ended a document (已到期 / 已废止 / 失效), to quote beside the badge."""
    if st.get("status") not in ("已到期", "已废止", "失效"):
        return None
    first = next((d for d in st.get("decided_by") or [] if d.get("quote")), None)
    return _basis_item(first) if first else None


@router.get("/docs/{ref}", response_class=HTMLResponse, response_model=None)
def reader(request: Request, ref: str) -> Response:
    s = svc(request)
    kb = s.kb()
    doc = kb.document(clean(ref[:MAX_REF], "ref"))
    if doc["id"] != ref:
        return RedirectResponse(render.doc_url(doc["id"]), status_code=307)
    provisions = kb.provisions(doc["id"])
    refs, cited_by = _refs_of(s, doc["id"])
    tables: dict[str, list[dict[str, Any]]] = {}
    for t in kb.tables(doc["id"]):
        tables.setdefault(t["provision_id"] or "", []).append(t)
    depth_of = {o["id"]: o["depth"] for o in doc["outline"]}
    items = [
        {
            "p": p,
            "depth": depth_of.get(p["id"], 1),
            "html": render.link_citations(p["text"], refs.get(p["id"], [])),
            "tables": tables.get(p["id"], []),
            "refs": refs.get(p["id"], []),
        }
        for p in provisions
    ]
    loose = tables.get("", [])
    outline = [o for o in doc["outline"] if o["depth"] <= 2 and o["kind"] not in ("paragraph", "item")]
    return page(
        request,
        "reader.html",
        doc=doc,
        items=items,
        loose_tables=loose,
        outline=outline,
        cited_by=cited_by,
        validity=_validity(s, doc),
        horizon=date.today() > HORIZON,
    )


@router.get("/p/{provision_id:path}", response_model=None)
def provision_redirect(request: Request, provision_id: str) -> Response:
    """A stable short link to a provision: redirects into its document's reader at the anchor
    (through the one resolver: an old id a parser fix replaced still lands on its provision)."""
    p = svc(request).provision(clean(provision_id[:MAX_REF], "provision_id"))
    return RedirectResponse(render.provision_url(p["id"], p["doc_id"]), status_code=307)


@router.get("/status/{ref}", response_class=HTMLResponse)
def status_page(
    request: Request, ref: str, on: Annotated[str | None, Query(max_length=10)] = None
) -> HTMLResponse:
    s = svc(request)
    day = parse_date(on, "on") or date.today()
    st = s.status(clean(ref[:MAX_REF], "ref"), day)
    in_kb: str | None = None
    try:
        in_kb = s.kb().resolve(ref)
    except InputError:
        in_kb = None
    return page(request, "status.html", ref=ref, on=day.isoformat(), st=st, doc_id=in_kb)


# -- calculators --------------------------------------------------------------------------------


@router.get("/calc", response_class=HTMLResponse)
def calc_index(request: Request) -> HTMLResponse:
    return page(request, "calc_index.html", tiles=_rule_tiles(svc(request)))


DATA_NOTE = re.compile(r"源文本第|文字错乱|混入|页眉|知识库")
HORIZON = date(2024, 12, 31)  # the compilation's last signing date (docs/validity.md, Horizon)
SENSITIVE_IN_URL = "为保护个人信息，身份证号码不会放进网址；请改填出生年月和人员类别后再计算。"


def _months_after_horizon(doc: dict[str, Any]) -> bool:
    """True when the answer speaks of a date after the compilation's horizon (or is asked today)."""
    text = json.dumps(doc.get("result") or {}, ensure_ascii=False, default=str)
    latest = max((m for m in re.findall(r"\b(\d{4}-\d{2})(?:-\d{2})?\b", text)), default="")
    return latest > HORIZON.isoformat()[:7] or date.today() > HORIZON


def retirement_answer(s: Services, inputs: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any] | None:
    """The direct answer for the retirement calculator without 拟退休年月: the statutory month,
    the flexible window, and the written-notice deadlines for its earliest and latest choice.

    The deadlines come from the same rule run with 拟退休年月 set to the window's ends (one
    implementation of the law), so the page never computes a date itself.
    """
    r = doc.get("result") or {}
    early, late = r.get("flexible_early_month"), r.get("flexible_late_month")
    out: dict[str, Any] = {
        "month": r.get("retirement_month"),
        "age": r.get("retirement_age_text"),
        "early": early,
        "late": late,
        "notice": None,
        "agreement": None,
        "warnings": [],
        "citations": [],
    }
    base = {k: v for k, v in inputs.items() if k != "planned_month"}
    for key, month, field in (
        ("notice", early, "notice_deadline_month"),
        ("agreement", late, "agreement_deadline_month"),
    ):
        if not month:
            continue
        try:
            extra = s.calc("retirement", {**base, "planned_month": month})
        except InputError:
            continue
        out[key] = ((extra.get("result") or {}).get("planned") or {}).get(field)
        out["warnings"] += [w for w in extra.get("warnings") or [] if w not in (doc.get("warnings") or [])]
        seen = {c.get("provision_id") for c in doc.get("citations") or []} | {
            c.get("provision_id") for c in out["citations"]
        }
        out["citations"] += [c for c in extra.get("citations") or [] if c.get("provision_id") not in seen]
    return out if out["month"] else None


def _calc_page(
    request: Request,
    name: str,
    values: dict[str, str],
    doc: dict[str, Any] | None,
    error: InputError | None,
    status: int,
    inputs: dict[str, Any] | None = None,
    shareable: bool = True,
) -> HTMLResponse:
    s = svc(request)
    rule = s.rule(name)
    described = rule.describe()
    schema = described["input_schema"]
    names = {**schema_names(schema), **schema_names(described.get("result_schema") or {})}
    fields = [f for f in forms.form_fields(schema, values) if not f.sensitive]
    summary: list[str] = []
    rows: list[dict[str, Any]] = []
    timeline = None
    timeline_html = None
    direct = None
    if doc is not None:
        if rule.summarize is not None:
            summary = list(rule.summarize(doc))
        rows = result_rows(
            doc.get("result") or {},
            described.get("result_schema") or {},
            labels.schema_names(described.get("input_schema") or {}),
        )
        if rule.name == "retirement":
            if not values.get("planned_month"):
                direct = retirement_answer(s, inputs or {}, doc)
            timeline = retirement_timeline(doc, direct, date.today())
            timeline_html = timeline_list(timeline_points(doc, direct, date.today()))
    data_notes: list[str] = []
    if doc is not None:
        warnings = list(doc.get("warnings") or [])
        data_notes = [w for w in warnings if DATA_NOTE.search(w)]
        doc = {**doc, "warnings": [w for w in warnings if not DATA_NOTE.search(w)]}
    error_field = error.field if error else None
    if error_field and error_field not in {f.name for f in fields}:
        error_field = "birth" if error_field == "id_number" else error_field
    shared = {k: v for k, v in values.items() if v and k in {f.name for f in fields}}
    resp = page(
        request,
        "calc.html",
        status=status,
        rule=described,
        fields=fields,
        doc=doc,
        summary=summary,
        rows=rows,
        timeline=timeline,
        timeline_html=timeline_html,
        direct=direct,
        error=chinese_message(error.message, names) if error else None,
        error_field=error_field,
        statuses=_citation_statuses(s, doc, direct) if doc else {},
        horizon=doc is not None and _months_after_horizon(doc),
        permalink=(f"/calc/{quote(name)}?" + urlencode(shared)) if doc is not None and shareable else None,
        report_link=render.report_url(request.url.path, shared),
        cite_names=names,
        data_notes=data_notes,
        base_url=str(request.base_url).rstrip("/"),
    )
    # a result URL revalidates (reload and Back show it fresh); a POSTed answer is never stored
    resp.headers["Cache-Control"] = "private, no-cache" if request.method == "GET" else "no-store"
    return resp


def _citation_statuses(
    s: Services, doc: dict[str, Any], direct: dict[str, Any] | None = None
) -> dict[str, dict[str, Any]]:
    """Validity badge for each cited document (of the answer and of its direct part), today."""
    out: dict[str, dict[str, Any]] = {}
    for c in [*(doc.get("citations") or []), *((direct or {}).get("citations") or [])]:
        did = c.get("doc_id")
        if did and did not in out:
            out[did] = _validity(s, {"id": did})
    return out


def _form_values(items: Any, fields: set[str]) -> dict[str, str]:
    return {str(k): clean(str(v)[:200], str(k)) for k, v in items if isinstance(v, str) and str(k) in fields}


@router.get("/calc/{rule}", response_class=HTMLResponse)
async def calc_form(request: Request, rule: str) -> HTMLResponse:
    """The form, and the result when the query carries inputs: a result lives at its URL
    (reload, Back, share). An ID number is refused here: it must never sit in a URL or a log."""
    name = clean(rule[:64], "rule")
    s = svc(request)
    schema = s.rule(name).describe()["input_schema"]
    values = _form_values(request.query_params.items(), set(schema.get("properties", {})))
    if values.pop("id_number", None) is not None:
        err = InputError(SENSITIVE_IN_URL, "id_number")
        return _calc_page(request, name, values, None, err, 422)
    if not any(values.values()):
        return _calc_page(request, name, values, None, None, 200)
    return await _compute(request, name, schema, values, shareable=True)


async def _compute(
    request: Request, name: str, schema: dict[str, Any], values: dict[str, str], shareable: bool
) -> HTMLResponse:
    from starlette.concurrency import run_in_threadpool

    s = svc(request)
    htmx = request.headers.get("HX-Request") == "true"
    inputs = forms.to_inputs(schema, values)
    try:
        doc = await run_in_threadpool(s.calc, name, inputs)
    except InputError as err:
        # htmx does not swap 4xx answers by default: the form with its message comes as 200 there.
        return _calc_page(request, name, values, None, err, 200 if htmx else 422)
    return await run_in_threadpool(_calc_page, request, name, values, doc, None, 200, inputs, shareable)


@router.post("/calc/{rule}", response_class=HTMLResponse)
async def calc_submit(request: Request, rule: str) -> HTMLResponse:
    """The same calculation from a POSTed form (older pages, an ID number): no permalink when
    the inputs hold an ID number."""
    form = await request.form()
    name = clean(rule[:64], "rule")
    schema = svc(request).rule(name).describe()["input_schema"]
    values = _form_values(form.items(), set(schema.get("properties", {})))
    return await _compute(request, name, schema, values, shareable=not values.get("id_number"))


def _fmt(value: Any) -> str:
    if isinstance(value, str):
        words = value_words(value)
        return value if words is None else words  # a bare code is shown only at the top level
    if value is None:
        return "—"
    if value is True:
        return "是"
    if value is False:
        return "否"
    if isinstance(value, list):
        return ";".join(_fmt(v) for v in value) or "—"
    if isinstance(value, dict):
        # a row of a list (a condition, a quarter of a schedule): its words and figures, without
        # the codes that only programs read (ids, citation keys)
        parts = [_fmt(v) for v in value.values() if not (isinstance(v, str) and value_words(v) is None)]
        return ",".join(parts)
    return str(value)


# The result contract every rule adds inside `result` (docs/rules.md), as people read it.
CONTRACT_TITLES = {
    "on": "所问日期",
    "in_force": "所依据的规定当日是否有效",
    "ended_on": "所依据的规定终止于",
    "eligible": "是否符合条件",
    "conditions": "各项条件",
    "missing": "还需要的信息",
    "amount": "金额",
    "apply_by": "最迟申报日期",
}
MET = {True: "符合", False: "不符合", None: "待定"}


def _contract_value(key: str, value: Any, names: dict[str, str]) -> str:
    if key == "missing":
        return "、".join(names.get(str(v), "另一项输入") for v in value)
    if key == "eligible":
        return "待定(缺少决定性的信息)" if value is None else _fmt(value)
    if key == "conditions":
        return ";".join(f"{c['text']}({MET.get(c.get('met'))})" for c in value) or "—"
    if key == "amount":
        return f"{value['label']}:{value['value']}元" if isinstance(value, dict) else "—"
    return _fmt(value)


def result_rows(
    result: dict[str, Any], schema: dict[str, Any], names: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """The result fields as (title, value) rows in schema order; nested objects as sub-rows.
    `names`: the input fields' Chinese labels (the contract's `missing` lists input fields)."""
    defs = schema.get("$defs", {})
    props: dict[str, Any] = schema.get("properties", {})
    rows: list[dict[str, Any]] = []
    for key, value in result.items():
        if key in CONTRACT_TITLES and key not in props:
            if value is None or value == [] or key == "on":
                continue
            text = _contract_value(key, value, names or {})
            rows.append({"key": key, "title": CONTRACT_TITLES[key], "value": text, "sub": []})
            continue
        if f"{key}_text" in result or (key.endswith("kind") and f"{key}_text" in result):
            continue  # the rule gives the same value in words (retirement_age → retirement_age_text)
        prop = props.get(key, {})
        title = prop.get("title") or key
        sub_schema: dict[str, Any] = {}
        for branch in [prop, *(prop.get("anyOf") or [])]:
            ref = branch.get("$ref")
            if ref:
                sub_schema = defs.get(str(ref).rsplit("/", 1)[-1], {})
        if isinstance(value, dict) and sub_schema.get("properties") and key != "retirement_age":
            sub = result_rows(value, {**sub_schema, "$defs": defs})
            rows.append({"key": key, "title": title, "value": "", "sub": sub})
        else:
            rows.append({"key": key, "title": title, "value": _fmt(value), "sub": []})
    return rows


# -- batch --------------------------------------------------------------------------------------


class Downloads:
    """Finished batch results waiting to be downloaded: random tokens, bounded count and age."""

    MAX_ITEMS = 20
    MAX_AGE = 1800.0

    def __init__(self) -> None:
        self._items: dict[str, tuple[Path, str, str, float]] = {}
        self._lock = threading.Lock()

    def add(self, path: Path, filename: str, media: str) -> str:
        token = secrets.token_hex(16)
        with self._lock:
            self._expire(keep=self.MAX_ITEMS - 1)
            self._items[token] = (path, filename, media, time.monotonic())
        return token

    def get(self, token: str) -> tuple[Path, str, str] | None:
        if not re.fullmatch(r"[0-9a-f]{32}", token):
            return None
        with self._lock:
            self._expire(keep=self.MAX_ITEMS)
            item = self._items.get(token)
        return (item[0], item[1], item[2]) if item else None

    def sweep(self) -> None:
        """Remove expired results now (the app calls this every minute, not only on access)."""
        with self._lock:
            self._expire(keep=self.MAX_ITEMS)

    def clear(self) -> None:
        """Remove every result (at shutdown: the files hold ID numbers)."""
        with self._lock:
            for path, _, _, _ in self._items.values():
                shutil.rmtree(path.parent, ignore_errors=True)
            self._items.clear()

    def _expire(self, keep: int) -> None:
        now = time.monotonic()
        ordered = sorted(self._items.items(), key=lambda kv: kv[1][3])
        for i, (token, (path, _, _, born)) in enumerate(ordered):
            if now - born > self.MAX_AGE or i < len(ordered) - keep:
                shutil.rmtree(path.parent, ignore_errors=True)
                del self._items[token]


def _batch_columns(s: Services) -> list[dict[str, Any]]:
    """Each calculator's accepted columns (Chinese title; the code name is accepted too)."""
    out = []
    for t in _rule_tiles(s):
        schema = s.rule(t["name"]).describe()["input_schema"]
        req = set(schema.get("required", []))
        cols = [
            {"title": f.label, "required": f.name in req, "help": f.help} for f in forms.form_fields(schema)
        ]
        out.append({**t, "columns": cols})
    return out


def _batch_page(request: Request, status: int = 200, **ctx: Any) -> HTMLResponse:
    s = svc(request)
    available = True
    try:
        s.batch_runner()
    except ServiceUnavailable:
        available = False
    base: dict[str, Any] = {"summary": None, "token": None, "error": None, "rule_name": None}
    return page(
        request,
        "batch.html",
        status=status,
        tiles=_rule_tiles(s),
        available=available,
        columns=_batch_columns(s),
        **{**base, **ctx},
    )


@router.get("/batch", response_class=HTMLResponse)
def batch_page(request: Request) -> HTMLResponse:
    return _batch_page(request)


@router.get("/batch/template/{rule}", response_model=None)
def batch_template(request: Request, rule: str) -> Response:
    """A CSV with the calculator's Chinese column names (UTF-8 with BOM, so Excel reads it)."""
    name = clean(rule[:64].removesuffix(".csv"), "rule")
    schema = svc(request).rule(name).describe()["input_schema"]
    header = ",".join(f.label for f in forms.form_fields(schema))
    return Response(
        ("\ufeff" + header + "\r\n").encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name + '-模板.csv')}"},
    )


@router.post("/batch", response_class=HTMLResponse)
async def batch_submit(
    request: Request,
    rule: Annotated[str, Form(max_length=64)],
    file: Annotated[UploadFile, File()],
) -> HTMLResponse:
    htmx = request.headers.get("HX-Request") == "true"
    try:
        name, _workdir, out, suffix, summary = await run_upload_guarded(request, rule, file)
    except InputError as err:
        # shown on the page, in Chinese; htmx swaps only 2xx answers, so it gets 200 there
        return _batch_page(request, status=200 if htmx else 422, error=err.message, rule_name=rule)
    summary = batch_summary(summary)
    downloads: Downloads = request.app.state.downloads
    token = downloads.add(out, f"{name}-结果{suffix}", UPLOAD_TYPES[suffix])
    return _batch_page(request, summary=summary, token=token, rule_name=name)


SUMMARY_LABELS = {
    "rows": "行数",
    "results": "算出结果",
    "errors": "出错行数",
    "blank_rows": "空行",
    "encoding": "文件编码",
    "path": "计算方式",
    "seconds": "用时（秒）",
    "rows_per_second": "每秒行数",
    "missing_columns": "缺少的列",
    "ignored_columns": "未使用的列",
    "errors_by_field": "出错的输入项",
}


def batch_summary(summary: dict[str, Any]) -> dict[str, Any]:
    """The summary for people: Chinese labels, only what helps (no server paths)."""
    out: dict[str, Any] = {}
    for key, label in SUMMARY_LABELS.items():
        value = summary.get(key)
        if value in (None, [], {}):
            continue
        if key == "path":
            value = {"vectorised": "向量化", "per-row": "逐行"}.get(str(value), value)
        elif isinstance(value, dict):
            value = "、".join(f"{k}({v})" for k, v in value.items())
        elif isinstance(value, list):
            value = "、".join(str(v) for v in value)
        out[label] = value
    samples = summary.get("error_samples") or []
    out["_samples"] = [
        f"第{e.get('row')}行 {e.get('field') or ''}:{e.get('message')}"
        for e in samples[:10]
        if isinstance(e, dict)
    ]
    return out


@router.get("/batch/download/{token}", response_model=None)
def batch_download(request: Request, token: str) -> Response:
    downloads: Downloads = request.app.state.downloads
    item = downloads.get(token)
    if item is None or not item[0].is_file():
        raise InputError("下载链接无效或已过期（结果保留30分钟），请重新上传", "token", code="not_found")
    return FileResponse(item[0], media_type=item[2], filename=item[1])


@router.get("/about", response_class=HTMLResponse)
def about(request: Request) -> HTMLResponse:
    """关于数据: where the texts come from, how far they reach, what 推定有效 means."""
    return page(request, "about.html", stats=svc(request).kb().stats())


# -- error reports ------------------------------------------------------------------------------

report_log = logging.getLogger("renshe.report")


@router.get("/report", response_class=HTMLResponse)
def report_form(
    request: Request, page_url: Annotated[str, Query(alias="page", max_length=2000)] = "/"
) -> HTMLResponse:
    """A local form to report an error in an answer, prefilled with the page and its inputs
    (no outside service: the report goes to the server's log)."""
    target = page_url if page_url.startswith("/") and not page_url.startswith("//") else "/"
    return page(request, "report.html", page_url=target, sent=False)


@router.post("/report", response_class=HTMLResponse)
def report_submit(
    request: Request,
    page_url: Annotated[str, Form(alias="page", max_length=2000)] = "/",
    message: Annotated[str, Form(max_length=2000)] = "",
) -> HTMLResponse:
    target = page_url if page_url.startswith("/") and not page_url.startswith("//") else "/"
    if not message.strip():
        return page(
            request, "report.html", status=422, page_url=target, sent=False, error="请写下您发现的问题。"
        )
    report_log.warning("错误报告：页面 %s；内容 %s", target, " ".join(message.split())[:2000])
    return page(request, "report.html", page_url=target, sent=True)
