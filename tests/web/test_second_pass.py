"""The web app's second pass without a browser: results at a URL, no ID number in a URL, only
Chinese in what a person reads, 推定有效, upload errors on the page, compression and 304s.

Source facts: born 1975-03, original age 55 (附件2 of the 办法): 56岁4个月, 2031年7月; the
弹性 window 36 months either way but not below the original age (2030年3月–2034年7月); notice
3 months before the chosen month (暂行办法第二条), agreement 1 month before (第四条).
"""

from __future__ import annotations

import html as htmllib
import re
from typing import Any

from fastapi.testclient import TestClient

WOMAN = {"birth": "1975-03", "category": "female55"}


def _visible_text(page_html: str) -> str:
    """Text a person reads: no tags, attributes, scripts or styles (hidden source lines kept)."""
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page_html, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"/[^\s]*\?[^\s]*", " ", htmllib.unescape(body))  # a printed link is not prose


def _code_names(client: TestClient) -> set[str]:
    """Field names and enum values of every rule (ASCII identifiers only), and the rule names."""
    from renshe.rules import registry

    names: set[str] = set()
    for r in registry.all_rules():
        names.add(r.name)
        for model in (r.input_model, r.result_model):
            schema: dict[str, Any] = model.model_json_schema()
            for d in [schema, *schema.get("$defs", {}).values()]:
                for key, prop in d.get("properties", {}).items():
                    names.add(key)
                    for b in [prop, *(prop.get("anyOf") or [])]:
                        names.update(str(e) for e in b.get("enum") or [])
                for e in d.get("enum") or []:
                    names.add(str(e))
    ascii_names = {n for n in names if re.fullmatch(r"[A-Za-z][A-Za-z0-9_\-]{2,}", n)}
    return ascii_names - {"GYB", "SYB", "LPR"}


def test_result_lives_at_its_url(client: TestClient) -> None:
    r = client.get("/calc/retirement", params=WOMAN)
    assert r.status_code == 200
    text = _visible_text(r.text)
    assert "2031年7月" in text and "56岁4个月" in text
    assert "2030年3月 至 2034年7月" in text
    assert "最晚 2029年12月 书面告知单位" in " ".join(text.split())  # 2030-03 minus 3 months
    assert "最晚 2031年6月 与单位书面约定" in " ".join(text.split())  # 2031-07 minus 1 month
    assert "仅供参考，以经办机构核定为准" in text
    assert 'data-copy="/calc/retirement?birth=1975-03&amp;category=female55"' in r.text
    assert '<form class="calc" method="get"' in r.text
    assert client.get("/calc/retirement", params=WOMAN).text.count("2029年12月") >= 1


def test_id_number_never_in_a_url(client: TestClient) -> None:
    r = client.get("/calc/retirement", params={"id_number": "11010119900307457X", "category": "male60"})
    assert r.status_code == 422
    assert "11010119900307457X" not in r.text and "身份证号码不会放进网址" in r.text
    form = client.get("/calc/retirement").text
    assert 'name="id_number"' not in form


def test_error_marks_the_field(client: TestClient) -> None:
    r = client.get("/calc/retirement", params={"birth": "1975-13", "category": "female55"})
    assert r.status_code == 422
    assert re.search(r'id="f-birth"[^>]*aria-invalid="true"', r.text)
    assert "出生年月" in r.text and " birth " not in _visible_text(r.text)


def test_no_code_name_in_any_page(client: TestClient) -> None:
    from renshe.rules import registry

    names = _code_names(client)
    urls = [
        "/",
        "/docs",
        "/search?q=最低工资",
        "/calc",
        "/batch",
        "/about",
        "/report",
        "/docs/渝人社发〔2024〕22号",
        "/status/中华人民共和国劳动法",
    ]
    for r in registry.all_rules():
        urls.append(f"/calc/{r.name}")
        for ex in r.examples:
            urls.append(f"/calc/{r.name}?" + "&".join(f"{k}={v}" for k, v in ex.items()))
    leaks = {}
    for url in urls:
        text = _visible_text(client.get(url).text)
        found = sorted(
            n for n in names if re.search(rf"(?<![A-Za-z0-9_]){re.escape(n)}(?![A-Za-z0-9_])", text)
        )
        if found:
            leaks[url] = found
    assert leaks == {}


def test_presumed_validity_is_its_own_value(client: TestClient) -> None:
    api = client.get("/api/status/中华人民共和国劳动法").json()
    assert api["status"] == "现行有效" and api["presumed"] is True and api["label"] == "推定有效"
    confirmed = client.get("/api/status/渝人社发〔2024〕22号").json()
    assert confirmed["presumed"] is False and confirmed["label"] == confirmed["status"]
    page = client.get("/status/中华人民共和国劳动法").text
    assert "推定有效" in page and "None" not in _visible_text(page)
    hits = client.get("/search", params={"q": "最低工资"}).text
    assert hits.count('<li class="hit">') == hits.count('<div class="hit-meta"><span class="badge ')
    assert '<span class="badge ok">现行有效</span> <a href="/docs/' in client.get("/docs").text


def test_empty_upload_error_on_the_page(client: TestClient) -> None:
    r = client.post("/batch", data={"rule": "retirement"}, files={"file": ("p.csv", b"", "text/csv")})
    assert r.status_code == 422 and "上传的文件是空的" in r.text and 'id="batch-error"' in r.text
    htmx = client.post(
        "/batch",
        data={"rule": "retirement"},
        files={"file": ("p.txt", b"x", "text/plain")},
        headers={"HX-Request": "true"},
    )
    assert htmx.status_code == 200 and "只接受 CSV" in htmx.text
    page = client.get("/batch").text
    assert 'href="/batch/template/retirement.csv"' in page and "出生年月" in page
    template = client.get("/batch/template/retirement.csv").content.decode("utf-8-sig")
    assert template.splitlines()[0].startswith("出生年月,")


def test_reader_compressed_with_etag_and_304(client: TestClient) -> None:
    url = "/docs/渝人社发〔2024〕22号"
    r = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip"
    tag = r.headers["etag"]
    kb_hash = client.get("/healthz").json()["content_hash"][:16]
    assert kb_hash in tag and re.search(r"\d{4}-\d{2}-\d{2}", tag)
    again = client.get(url, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert "max-age" in client.get("/static/style.css").headers["cache-control"]


def test_report_form_carries_page(client: TestClient) -> None:
    r = client.get("/calc/retirement", params=WOMAN)
    link = re.search(r'<a class="report" href="([^"]+)"', r.text)
    assert link is not None
    form = client.get(htmllib.unescape(link.group(1))).text
    assert "birth=1975-03" in htmllib.unescape(form)
    sent = client.post("/report", data={"page": "/calc/retirement", "message": "日期不对"})
    assert sent.status_code == 200 and "已收到" in sent.text


def test_ui_strings_use_full_width_punctuation() -> None:
    """The templates' own Chinese text: ，；：（）？ — not their half-width look-alikes."""
    from importlib.resources import files

    bad: dict[str, list[str]] = {}
    for f in files("renshe.web").joinpath("templates").iterdir():
        text = re.sub(r"<[^>]+>|\{[{%#].*?[}%#]\}", " ", f.read_text(encoding="utf-8"), flags=re.S)
        found = re.findall(r"[\u4e00-\u9fff][,;:()?]|[,;:()?][\u4e00-\u9fff]", text)
        if found:
            bad[f.name] = found
    assert bad == {}


def test_too_large_upload_error_on_the_page(client: TestClient) -> None:
    big = b"birth,category\n" + b"1971-04,male60\n" * (5 * 1024 * 1024 // 15 + 10)
    r = client.post("/batch", data={"rule": "retirement"}, files={"file": ("big.csv", big, "text/csv")})
    assert r.status_code == 422 and "文件太大" in r.text and 'id="batch-error"' in r.text
