"""Journeys in a real browser: headless Chromium from Debian (`apt-get install chromium`) driven by
playwright with `executable_path` — no browser download. Skipped, with the reason, only when
chromium or the playwright package is not installed (`.ci/run` installs both).

Source facts: 渝人社发〔2024〕22号 一、(一) 2330元/月 (line 13869) and its 导语 cites
《最低工资规定》(原劳动和社会保障部令第21号) (line 13865); born 1971-04, male: 61岁7个月, 2032年11月
(附件1), decided by the 办法 第一条 "每四个月延迟一个月" (line 545).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
try:
    from playwright.sync_api import Browser, Page, expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

pytestmark = [
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="未安装 Debian chromium(apt-get install -y chromium fonts-noto-cjk)",
    ),
    pytest.mark.skipif(sync_playwright is None, reason="未安装 playwright(pip install playwright)"),
]
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TIMEOUT_MS = 15_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(app: Any) -> Iterator[str]:
    """The app served by uvicorn on a loopback port, in a thread, for this module."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert sync_playwright is not None
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    ctx = browser.new_context(
        base_url=base_url,
        locale="zh-CN",
        viewport={"width": 1100, "height": 900},
        accept_downloads=True,
    )
    pg = ctx.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    yield pg
    ctx.close()


def test_search_open_notice_follow_citation(page: Page) -> None:
    page.goto("/")
    page.fill("#q", "最低工资")
    page.press("#q", "Enter")
    first = page.locator("li.hit a.hit-title").first
    expect(first).to_contain_text("最低工资标准")
    first.click()
    page.wait_for_url("**/docs/**")
    expect(page.locator("h1")).to_have_text(
        "重庆市人力资源和社会保障局关于发布重庆市最低工资标准的通知"
    )
    expect(page.locator("article.doc")).to_contain_text("2330元/月")
    expect(page.locator(".badge").first).to_be_visible()
    cite = page.locator("article.doc a.cite").first
    expect(cite).to_have_text("劳动和社会保障部令第21号")
    cite.click()
    page.wait_for_load_state()
    assert "21" in page.url or "21号" in page.content()
    # the source-line toggle works without script (a CSS checkbox)
    page.go_back()
    page.wait_for_url("**/docs/**")
    src = page.locator("section.prov .src").first
    expect(src).to_be_hidden()
    page.click("label[for=show-src]")
    expect(src).to_be_visible()


def test_retirement_and_open_cited_article(page: Page) -> None:
    page.goto("/")
    page.click("a[href='/calc/retirement']")
    page.fill("#f-birth", "1971-04")
    page.select_option("#f-category", "male60")
    page.click("form.calc button[type=submit]")
    answer = page.locator("#answer")
    expect(answer).to_contain_text("2032年11月")
    expect(answer).to_contain_text("61岁7个月")
    expect(page.locator("svg.timeline")).to_be_visible()
    link = page.locator("ol.steps a.cite", has_text="第一条").first
    link.click()
    page.wait_for_url("**/docs/**")
    target = page.locator("section.prov:target")
    expect(target).to_contain_text("每四个月延迟一个月")
    expect(target).to_be_in_viewport()


def test_search_and_calculator_without_javascript(browser: Browser, base_url: str) -> None:
    ctx = browser.new_context(base_url=base_url, java_script_enabled=False)
    pg = ctx.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    try:
        pg.goto("/search?q=" + "<script>alert(1)</script>")
        expect(pg.locator("p.count")).to_contain_text("<script>alert(1)</script>")
        pg.goto("/calc/retirement")
        pg.fill("#f-birth", "1971-04")
        pg.select_option("#f-category", "male60")
        pg.click("form.calc button[type=submit]")
        expect(pg.locator("#answer")).to_contain_text("2032年11月")
    finally:
        ctx.close()


def test_batch_upload_and_download(page: Page, tmp_path: Path) -> None:
    page.goto("/batch")
    if page.locator("form.batch button[disabled]").count():
        pytest.skip("批量模块(renshe.batch)尚未安装:批量上传页面显示“尚未提供”")
    csv = tmp_path / "people.csv"
    csv.write_text("birth,category\n1971-04,male60\n1999-99,male60\n", encoding="utf-8")
    page.select_option("#b-rule", "retirement")
    page.set_input_files("#b-file", str(csv))
    page.click("form.batch button[type=submit]")
    link = page.locator("#download")
    expect(link).to_be_visible()
    with page.expect_download() as info:
        link.click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    assert len(lines) == 3 and "2032-11" in lines[1]
