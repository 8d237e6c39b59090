"""The web pages without a browser: plain HTML forms and links work, and every value is escaped.

Source facts used: 渝人社发〔2024〕22号 is signed by 重庆市人力资源和社会保障局办公室 on
2024-12-10 (lines 13893–13895) and its 一、(一) sets 2330元/月 (line 13869); 渝人社发〔2024〕17号
九、(三) cites 渝人社发〔2024〕14号; 附件1 of the retirement 办法 has 144 rows.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

from fastapi.testclient import TestClient

from renshe.web import forms
from renshe.web.render import highlight, link_citations, provision_url
from renshe.web.timeline import retirement_timeline

MIN_WAGE = "渝人社发〔2024〕22号"


def test_home_has_search_box_and_calculator_tiles(client: TestClient) -> None:
    html = client.get("/").text
    assert '<form class="searchbox" action="/search" method="get"' in html
    assert 'href="/calc/retirement"' in html
    assert 'src="/static/htmx.min.js"' in html
    assert client.get("/static/htmx.min.js").text.startswith("var htmx=")


def test_script_query_is_shown_as_text(client: TestClient) -> None:
    html = client.get("/search", params={"q": "<script>alert(1)</script>"}).text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("<script") == 2  # only the vendored htmx and our app.js


def test_search_page_highlights_and_links_into_reader(client: TestClient) -> None:
    r = client.get("/search", params={"q": "最低工资"})
    assert r.status_code == 200
    assert "<mark>最低工资" in r.text
    assert f'href="/docs/{quote(MIN_WAGE, safe="")}#' in r.text


def test_search_pagination_and_filters(client: TestClient) -> None:
    p1 = client.get("/search", params={"q": "养老保险"}).text
    p2 = client.get("/search", params={"q": "养老保险", "page": 2}).text
    assert 'aria-label="分页"' in p1
    assert '<ol class="hits" start="11">' in p2
    assert client.get("/search", params={"q": "工资", "as_of": "2024-99-01"}).status_code == 422
    filtered = client.get("/search", params={"q": "工资", "category": "劳动关系"}).text
    assert '<option value="劳动关系" selected>' in filtered


def test_reader_shows_metadata_anchors_and_source_lines(client: TestClient) -> None:
    r = client.get(f"/docs/{MIN_WAGE}")
    assert r.status_code == 200
    html = r.text
    assert "重庆市人力资源和社会保障局办公室" in html and "2024-12-10" in html
    assert f'id="p-{MIN_WAGE}/一/(一)"' in html
    assert "2330元/月" in html
    assert 'class="badge ok"' in html or 'class="badge' in html
    assert "第 13869 行" in html  # the source-line toggle's content
    assert 'for="show-src"' in html


def test_reader_redirects_docnum_variants(client: TestClient) -> None:
    r = client.get("/docs/渝人社发[2024]22号", follow_redirects=False)
    assert r.status_code == 307
    assert unquote(r.headers["location"]) == f"/docs/{MIN_WAGE}"


def test_reader_links_citations_and_renders_tables(client: TestClient) -> None:
    html = client.get("/docs/渝人社发〔2024〕17号").text
    assert f'href="/docs/{quote("渝人社发〔2024〕14号", safe="")}"' in html
    cited = client.get("/docs/渝人社发〔2024〕14号").text
    assert "引用本文件的条款" in cited
    tables = client.get("/docs/延迟退休决定").text
    first = tables.split('id="p-延迟退休决定/表1"', 1)[1].split("</table>", 1)[0]
    assert first.count("<tr>") == 145  # header + 144 rows (births 1965-01 … 1976-12)


def test_provision_short_link(client: TestClient) -> None:
    r = client.get(f"/p/{MIN_WAGE}/一/(一)", follow_redirects=False)
    assert r.status_code == 307
    assert unquote(r.headers["location"]).endswith(f"#p-{MIN_WAGE}/一/(一)")
    assert client.get("/p/没有/这个").status_code == 404


def test_calculator_form_is_generated_from_schema(client: TestClient) -> None:
    html = client.get("/calc/retirement").text
    assert '<select id="f-category" name="category" required>' in html
    assert re.search(r'<option value="male60"\s*>男职工', html)
    assert 'name="planned_month" type="month"' in html
    assert 'name="contribution_months" type="number"' in html


def test_calculator_without_javascript(client: TestClient) -> None:
    r = client.post("/calc/retirement", data={"birth": "1971-04", "category": "male60"})
    assert r.status_code == 200
    html = r.text
    assert "2032年11月" in html and "61岁7个月" in html
    assert '<svg class="timeline"' in html
    link = provision_url("延迟退休决定/国务院关于渐进式延迟法定退休年龄的办法/第一条", "延迟退休决定")
    assert f'href="{link}"' in html
    assert r.headers["cache-control"] == "no-store"


def test_calculator_errors_name_the_field(client: TestClient) -> None:
    r = client.post("/calc/retirement", data={"birth": "1971-13", "category": "male60"})
    assert r.status_code == 422
    assert 'class="field invalid"' in r.text and "birth" in r.text
    htmx = client.post(
        "/calc/retirement",
        data={"birth": "1971-13", "category": "male60"},
        headers={"HX-Request": "true"},
    )
    assert htmx.status_code == 200  # htmx swaps only 2xx answers
    secret = client.post("/calc/retirement", data={"id_number": "11010119900307457X", "category": "male60"})
    assert "11010119900307457X" not in secret.text


def test_unknown_page_is_html_404(client: TestClient) -> None:
    r = client.get("/no/such/page")
    assert r.status_code == 404 and "<html" in r.text and "找不到" in r.text


def test_batch_page(client: TestClient) -> None:
    html = client.get("/batch").text
    assert 'enctype="multipart/form-data"' in html and 'accept=".csv,.xlsx,.parquet"' in html
    assert client.get("/batch/download/../../etc/passwd").status_code == 404
    assert client.get("/batch/download/" + "0" * 32).status_code == 404


def test_highlight_escapes_and_marks() -> None:
    assert str(highlight("<b>最低工资</b>", [[3, 7]])) == "&lt;b&gt;<mark>最低工资</mark>&lt;/b&gt;"
    assert str(highlight("abc", [[2, 99], [-5, 1], [1, 1]])) == "<mark>a</mark>b<mark>c</mark>"


def test_link_citations_escapes_text() -> None:
    refs = [
        {
            "start": 3,
            "raw": "渝人社发〔2024〕14号",
            "doc_number": "渝人社发〔2024〕14号",
            "to_doc": "渝人社发〔2024〕14号",
        }
    ]
    html = str(link_citations("<i>渝人社发〔2024〕14号", refs))
    assert html.startswith('&lt;i&gt;<a class="cite" href="/docs/')


def test_timeline_orders_points() -> None:
    doc = {
        "result": {
            "original_retirement_month": "2031-04",
            "retirement_month": "2032-11",
            "retirement_age_text": "61岁7个月",
            "flexible_early_month": "2031-04",
            "flexible_late_month": "2035-11",
            "planned": None,
        }
    }
    svg = str(retirement_timeline(doc))
    assert svg.startswith("<svg") and "法定退休时间 61岁7个月 2032年11月" in svg
    xs = {
        m: float(x)
        for x, m in re.findall(r'<circle cx="([\d.]+)"[^>]*/><text[^>]*>[^<]*?(\d{4}年\d+月)', svg)
    }
    assert xs["2031年4月"] < xs["2032年11月"] < xs["2035年11月"]
    assert retirement_timeline({"result": {}}) is None


def test_form_values_become_typed_inputs() -> None:
    schema = {
        "properties": {
            "n": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
            "b": {"type": "boolean"},
            "s": {"type": "string"},
        },
        "required": ["s"],
    }
    assert forms.to_inputs(schema, {"n": "12", "b": "true", "s": " x ", "other": "1"}) == {
        "n": 12,
        "b": True,
        "s": "x",
    }
    assert forms.to_inputs(schema, {"n": "1.5", "s": ""}) == {"n": "1.5"}


def test_batch_summary_for_people(client: TestClient) -> None:
    csv = b"birth,category\n1971-04,male60\n1999-99,male60\n"
    r = client.post("/batch", data={"rule": "retirement"}, files={"file": ("p.csv", csv, "text/csv")})
    if r.status_code == 503:
        assert "尚未提供" in r.text
        return
    assert r.status_code == 200
    assert "<dt>行数</dt><dd>2</dd>" in r.text and "<dt>出错行数</dt><dd>1</dd>" in r.text
    assert "renshe-batch-" not in r.text  # no server paths
    token = re.search(r"/batch/download/([0-9a-f]{32})", r.text)
    assert token is not None
    body = client.get(f"/batch/download/{token.group(1)}").content.decode("utf-8-sig")
    assert len(body.splitlines()) == 3 and "2032-11" in body
