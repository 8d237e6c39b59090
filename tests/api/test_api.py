"""The JSON API: docs/cli.md shapes, values from the text, and the error contract.

Values asserted come from the source: 渝人社发〔2024〕22号 (lines 13859–13895) sets the
first-tier minimum wage at 2330元/月 and 23元/小时 (line 13869), is dated 2024-12-10
(line 13895) and applies from 2025-01-01 (line 13891); 附件1 of the retirement 办法
(lines ~600–700) maps births 1965-01…1976-12 to retirement ages (144 rows).
"""

from __future__ import annotations

import io
import logging
from typing import Any

import pytest
from fastapi import FastAPI, UploadFile
from fastapi.testclient import TestClient

from renshe.api.errors import MaskIdNumbers, mask_id_numbers
from renshe.api.routes import MAX_UPLOAD_BYTES, save_upload
from renshe.errors import InputError
from renshe.server import create_app

MIN_WAGE = "渝人社发〔2024〕22号"


def error_of(resp: Any) -> dict[str, Any]:
    body = resp.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "field"}
    assert "Traceback" not in resp.text
    err: dict[str, Any] = body["error"]
    return err


def test_healthz_counts_the_compilation(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"
    assert r.json()["documents"] == 136  # 136 TOC entries, lines 1–520


def test_openapi_lists_the_services(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/search",
        "/api/docs",
        "/api/docs/{ref}",
        "/api/provisions/{provision_id}",
        "/api/tables/{table_id}",
        "/api/status/{ref}",
        "/api/rules",
        "/api/calc/{rule}",
        "/api/batch/{rule}",
        "/healthz",
    ):
        assert path in spec["paths"], path
    assert not any(p.startswith("/docs/") for p in spec["paths"])  # HTML pages are not API


def test_search_minimum_wage_finds_the_notice(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "最低工资", "limit": 5})
    assert r.status_code == 200
    body = r.json()
    assert body["query"] == "最低工资" and body["total"] >= 1
    assert body["results"][0]["doc_id"] == MIN_WAGE
    for hit in body["results"]:
        assert {
            "doc_id",
            "doc_number",
            "doc_title",
            "provision_id",
            "label",
            "snippet",
            "highlights",
            "score",
        } <= set(hit)
        for a, b in hit["highlights"]:
            assert 0 <= a < b <= len(hit["snippet"])


def test_search_by_docnum_variant(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "渝人社发[2024]22号", "limit": 3})
    assert r.json()["results"][0]["doc_number"] == MIN_WAGE


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "工资", "limit": 0}, "limit"),
        ({"q": "工资", "limit": "x"}, "limit"),
        ({"q": "工资", "as_of": "2024-13-01"}, "as_of"),
        ({"q": "工资", "category": "不存在的分类"}, "category"),
        ({"q": "工资\x00"}, "q"),
    ],
)
def test_search_invalid_input_is_422_with_field(
    client: TestClient, params: dict[str, Any], field: str
) -> None:
    r = client.get("/api/search", params=params)
    assert r.status_code == 422
    err = error_of(r)
    assert err["field"] == field
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err["message"])  # a Chinese message


def test_docs_list_and_category_filter(client: TestClient) -> None:
    assert client.get("/api/docs").json()["total"] == 136
    labour = client.get("/api/docs", params={"category": "劳动关系"}).json()["documents"]
    assert MIN_WAGE in {d["id"] for d in labour}
    assert error_of(client.get("/api/docs", params={"category": "没有这类"}))["field"] == "category"


def test_document_by_any_docnum_variant(client: TestClient) -> None:
    for ref in ("渝人社发[2024]22号", "渝人社发（2024）22号", MIN_WAGE):
        r = client.get(f"/api/docs/{ref}")
        assert r.status_code == 200, ref
        doc = r.json()
        assert doc["id"] == MIN_WAGE
        assert doc["signed_on"] == "2024-12-10"  # line 13895
        assert doc["effective_from"] == "2025-01-01"  # line 13891
        assert [o["label"] for o in doc["outline"]][:3] == ["导语", "一、", "(一)"]


def test_unknown_document_is_404_error_object(client: TestClient) -> None:
    r = client.get("/api/docs/根本没有这个文件的标题")
    assert r.status_code == 404
    err = error_of(r)
    assert err["code"] == "not_found" and err["field"] == "ref"


def test_provision_text_and_lines(client: TestClient) -> None:
    r = client.get(f"/api/provisions/{MIN_WAGE}/一/(一)")
    assert r.status_code == 200
    p = r.json()
    assert "2330元/月" in p["text"] and "23元/小时" in p["text"]  # line 13869
    assert p["lines"] == [13869, 13869]
    assert error_of(client.get(f"/api/provisions/{MIN_WAGE}/九十九"))["code"] == "not_found"


def test_table_and_calculator_agree(client: TestClient) -> None:
    t = client.get("/api/tables/延迟退休决定/表1").json()
    assert t["columns"][:2] == ["出生时间", "改革后法定退休年龄"]
    assert len(t["rows"]) == 144  # births 1965-01 … 1976-12
    row = next(r for r in t["rows"] if r[0].replace(" ", "") == "1971年4月")
    r = client.post("/api/calc/retirement", json={"birth": "1971-04", "category": "male60"})
    assert r.status_code == 200
    doc = r.json()
    assert set(doc) >= {"rule", "inputs", "result", "steps", "citations", "warnings"}
    assert doc["result"]["retirement_age_text"] == row[1].replace(" ", "")
    assert doc["result"]["retirement_month"] == "2032-11"
    assert all(c["provision_id"] for c in doc["citations"])
    assert error_of(client.get("/api/tables/延迟退休决定/表99"))["code"] == "not_found"


def test_rules_describe_input_schemas(client: TestClient) -> None:
    rules = {r["name"]: r for r in client.get("/api/rules").json()["rules"]}
    assert "retirement" in rules
    schema = rules["retirement"]["input_schema"]
    assert schema["properties"]["category"]["enum"] == ["male60", "female55", "female50"]
    assert client.get("/api/rules/retirement").json()["name"] == "retirement"


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"birth": "1971-13", "category": "male60"}, 422, "birth"),
        ({"birth": "1971-04"}, 422, "category"),
        ({"birth": "1971-04", "category": "male60", "bogus": 1}, 422, "bogus"),
        (
            {"birth": "1971-04", "category": "male60", "contribution_months": -1},
            422,
            "contribution_months",
        ),
    ],
)
def test_calc_invalid_input(
    client: TestClient, body: dict[str, Any], status: int, field: str
) -> None:
    r = client.post("/api/calc/retirement", json=body)
    assert r.status_code == status
    assert error_of(r)["field"] == field


def test_calc_body_must_be_an_object(client: TestClient) -> None:
    assert client.post("/api/calc/retirement", json=["x"]).status_code == 422
    r = client.post(
        "/api/calc/retirement", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert r.status_code == 422
    error_of(r)


def test_unknown_rule_is_404(client: TestClient) -> None:
    r = client.post("/api/calc/no-such-rule", json={})
    assert r.status_code == 404
    assert error_of(r)["code"] == "unknown_rule"


def test_unknown_route_and_method(client: TestClient) -> None:
    assert error_of(client.get("/api/nothing-here"))["code"] == "not_found"
    assert client.delete("/api/search").status_code == 405


def test_status_uses_validity_when_installed(client: TestClient) -> None:
    r = client.get("/api/status/渝人社发〔2019〕130号", params={"on": "2024-12-01"})
    if r.status_code == 503:  # validity layer not installed in this tree yet
        err = error_of(r)
        assert err["code"] == "unavailable" and "尚未提供" in err["message"]
    else:  # issue 7: abolished by 渝人社发〔2024〕21号 since 2024-11-19
        assert r.status_code == 200
        assert r.json()["status"] == "已废止"
        assert r.json()["since"] == "2024-11-19"
    assert client.get("/api/status/x", params={"on": "not-a-date"}).status_code in (422, 503)


def test_security_headers(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in r.headers["content-security-policy"]


def test_unexpected_error_is_generic_500_and_logs_no_id(
    db_path: Any, caplog: pytest.LogCaptureFixture
) -> None:
    app: FastAPI = create_app(db_path)

    @app.get("/api/boom/{who}")
    def boom(who: str) -> None:
        raise RuntimeError(f"secret detail {who}")

    with (
        TestClient(app, raise_server_exceptions=False) as c,
        caplog.at_level(logging.ERROR, "renshe.api"),
    ):
        r = c.get("/api/boom/110101199003074578")
    assert r.status_code == 500
    err = error_of(r)
    assert err["code"] == "internal_error" and "secret" not in r.text
    logged = "\n".join(rec.getMessage() for rec in caplog.records)
    assert "RuntimeError" in logged
    assert "110101199003074578" not in logged and "110101********4578" in logged


def test_mask_id_numbers() -> None:
    assert mask_id_numbers("id=11010119900307457X&x=1") == "id=110101********457X&x=1"
    assert (
        mask_id_numbers("2024-12-10 13869") == "2024-12-10 13869"
    )  # dates and line numbers untouched
    rec = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        "",
        0,
        '%s "%s %s"',
        ("1.2.3.4", "GET", "/calc?id_number=110101199003074578"),
        None,
    )
    MaskIdNumbers().filter(rec)
    assert "199003074" not in rec.getMessage()


def _upload(name: str, data: bytes) -> UploadFile:
    return UploadFile(io.BytesIO(data), filename=name)


def test_upload_is_saved_under_our_name_only() -> None:
    workdir, src, suffix = save_upload(
        _upload("../../../etc/passwd.csv", b"birth,category\n1971-04,male60\n")
    )
    try:
        assert suffix == ".csv" and src.parent == workdir and src.name == "输入.csv"
        assert src.read_bytes().startswith(b"birth")
    finally:
        import shutil

        shutil.rmtree(workdir)


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("a.exe", b"MZ", "bad_type"),
        ("a.xlsx", b"not a zip", "bad_type"),
        ("a.parquet", b"nope", "bad_type"),
        ("a.csv", b"", "invalid_input"),
        ("a.csv", b"x" * (MAX_UPLOAD_BYTES + 1), "too_large"),
    ],
)
def test_upload_limits(name: str, data: bytes, code: str) -> None:
    with pytest.raises(InputError) as exc:
        save_upload(_upload(name, data))
    assert exc.value.code == code and exc.value.field == "file"


def test_batch_endpoint(client: TestClient) -> None:
    csv = b"birth,category\n1971-04,male60\n1999-99,male60\n"
    r = client.post("/api/batch/retirement", files={"file": ("people.csv", csv, "text/csv")})
    if r.status_code == 503:
        assert "尚未提供" in error_of(r)["message"]
        return
    assert r.status_code == 200
    lines = r.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 3  # header + every input row, the bad one with its error
    assert "2032-11" in lines[1]
    bad = client.post("/api/batch/retirement", files={"file": ("people.txt", csv, "text/plain")})
    assert bad.status_code == 422 and error_of(bad)["field"] == "file"
