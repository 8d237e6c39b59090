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

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
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
    expect(page.locator("h1")).to_have_text("重庆市人力资源和社会保障局关于发布重庆市最低工资标准的通知")
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


# -- second pass: phone first, shareable, printable, all Chinese (issue 17) -------------------------

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
WOMAN_URL = "/calc/retirement?birth=1975-03&category=female55"


def _axe_source() -> str | None:
    try:
        import axe_playwright_python
    except ImportError:  # pragma: no cover - depends on the machine
        return None
    path = Path(axe_playwright_python.__file__).with_name("axe.min.js")
    return path.read_text(encoding="utf-8") if path.is_file() else None


AXE = _axe_source()


def assert_axe_clean(pg: Page) -> None:
    """axe-core's WCAG 2 A/AA rules report no violation on the page as it is now."""
    if AXE is None:
        pytest.skip("未安装 axe-playwright-python(其中带 axe-core)")
    pg.add_script_tag(content=AXE)
    result = pg.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}})"
    )
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == []


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Screenshots of the journeys, under this test run's temporary output."""
    path = tmp_path_factory.mktemp("screenshots")
    print(f"截图目录:{path}")
    return path


def _context(browser: Browser, base_url: str, view: str, **kw: Any) -> Any:
    # bypass_csp: axe-core is injected as an inline script (the pages themselves send a strict CSP)
    ctx = browser.new_context(
        base_url=base_url, locale="zh-CN", viewport=VIEWPORTS[view], bypass_csp=True, **kw
    )
    ctx.set_default_timeout(TIMEOUT_MS)
    return ctx


@pytest.mark.parametrize("view", list(VIEWPORTS))
def test_woman_1975_answer_above_the_fold_shareable(
    browser: Browser, base_url: str, shots: Path, view: str
) -> None:
    ctx = _context(browser, base_url, view)
    pg = ctx.new_page()
    try:
        pg.goto("/calc/retirement")
        pg.fill("#f-birth", "1975-03")
        pg.select_option("#f-category", "female55")
        pg.click("form.calc button[type=submit]")
        pg.wait_for_url("**/calc/retirement?*birth=1975-03*")
        direct = pg.locator("dl.direct")
        expect(direct).to_contain_text("2031年7月")
        expect(direct).to_contain_text("2030年3月 至 2034年7月")
        expect(direct).to_contain_text("2029年12月")  # notice for the earliest choice (2030-03 − 3)
        expect(direct).to_contain_text("2031年6月")  # agreement for delay (2031-07 − 1)
        box = direct.bounding_box()
        assert box is not None
        height = VIEWPORTS[view]["height"]
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, box  # no scrolling needed
        expect(pg.locator(".disclaimer")).to_be_in_viewport()
        pg.screenshot(path=str(shots / f"retirement-{view}.png"))
        assert_axe_clean(pg)
        url = pg.url
        answer = direct.inner_text()
        # Back after a citation keeps the result
        pg.locator("ul.citations a.cite").first.click()
        pg.wait_for_url("**/docs/**")
        pg.go_back()
        expect(pg.locator("dl.direct")).to_be_visible()
        assert pg.locator("dl.direct").inner_text() == answer
    finally:
        ctx.close()
    fresh = _context(browser, base_url, view)
    try:
        pg2 = fresh.new_page()
        pg2.goto(url)
        expect(pg2.locator("dl.direct")).to_be_visible()
        assert pg2.locator("dl.direct").inner_text() == answer
    finally:
        fresh.close()


def test_error_focuses_the_field(browser: Browser, base_url: str, shots: Path) -> None:
    ctx = _context(browser, base_url, "phone")
    pg = ctx.new_page()
    try:
        pg.goto("/calc/retirement?birth=1975-13&category=female55#answer")
        expect(pg.locator("#answer .error")).to_contain_text("出生年月")
        assert pg.evaluate("document.activeElement.id") == "f-birth"
        expect(pg.locator("#f-birth")).to_have_attribute("aria-invalid", "true")
        expect(pg.locator("#f-birth")).to_be_in_viewport()
        pg.screenshot(path=str(shots / "error-phone.png"))
        assert_axe_clean(pg)
    finally:
        ctx.close()


def test_timeline_readable_at_360(browser: Browser, base_url: str, shots: Path) -> None:
    ctx = browser.new_context(base_url=base_url, locale="zh-CN", viewport={"width": 360, "height": 800})
    pg = ctx.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    try:
        pg.goto(WOMAN_URL)
        tl = pg.locator("ol.timeline-list")
        expect(tl).to_be_visible()
        for text in ("今天", "书面告知单位", "书面约定", "56岁4个月", "55岁"):
            expect(tl).to_contain_text(text)
        size = pg.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('ol.timeline-list li')).fontSize)"
        )
        assert size >= 14
        width = pg.evaluate("document.documentElement.scrollWidth")
        assert width <= 360  # nothing wider than the screen
        tl.scroll_into_view_if_needed()
        pg.screenshot(path=str(shots / "timeline-360.png"))
    finally:
        ctx.close()


def test_tap_targets_and_large_type(browser: Browser, base_url: str, shots: Path) -> None:
    ctx = _context(browser, base_url, "phone")
    pg = ctx.new_page()
    try:
        pg.goto(WOMAN_URL)
        small = pg.evaluate(
            """() => [...document.querySelectorAll(
                 'header a, nav a, button, select, input, summary, .tools a, .foot a')]
               .filter(e => e.offsetParent !== null)
               .map(e => [e.textContent.trim().slice(0, 10) || e.id, e.getBoundingClientRect().height])
               .filter(([, h]) => h < 44)"""
        )
        assert small == []
        before = pg.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        pg.click("#large-type")
        after = pg.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert after > before
        pg.reload()
        assert pg.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") == after
        pg.screenshot(path=str(shots / "large-type-phone.png"))
        assert_axe_clean(pg)
    finally:
        ctx.close()


@pytest.mark.parametrize("view", list(VIEWPORTS))
def test_reader_title_and_badge_first(browser: Browser, base_url: str, shots: Path, view: str) -> None:
    ctx = _context(browser, base_url, view)
    pg = ctx.new_page()
    try:
        pg.goto("/docs/延迟退休决定")  # the retirement decision with its 办法: a long outline
        expect(pg.locator("h1")).to_be_in_viewport()
        expect(pg.locator(".doc-head .badge")).to_be_in_viewport()
        expect(pg.locator("nav.outline")).to_be_hidden()
        pg.click(".outline-box summary")
        expect(pg.locator("nav.outline")).to_be_visible()
        pg.screenshot(path=str(shots / f"reader-{view}.png"))
        assert_axe_clean(pg)
    finally:
        ctx.close()


def test_result_prints_on_one_or_two_pages(browser: Browser, base_url: str, shots: Path) -> None:
    ctx = _context(browser, base_url, "desktop")
    pg = ctx.new_page()
    try:
        pg.goto(WOMAN_URL)
        pg.emulate_media(media="print")
        expect(pg.locator("form.calc")).to_be_hidden()
        expect(pg.locator("ul.citations blockquote").first).to_be_visible()
        pdf = pg.pdf(format="A4", path=str(shots / "retirement-print.pdf"))
        pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
        assert 1 <= pages <= 2, pages
        pg.screenshot(path=str(shots / "retirement-print.png"), full_page=True)
    finally:
        ctx.close()


def test_copy_link_button(browser: Browser, base_url: str) -> None:
    ctx = _context(browser, base_url, "phone", permissions=["clipboard-read", "clipboard-write"])
    pg = ctx.new_page()
    try:
        pg.goto(WOMAN_URL)
        pg.click("[data-copy]")
        expect(pg.locator(".copied")).to_have_text("已复制链接。")
        copied = pg.evaluate("navigator.clipboard.readText()")
        assert copied.endswith(WOMAN_URL.replace("&", "&"))
    finally:
        ctx.close()


@pytest.mark.parametrize("view", list(VIEWPORTS))
def test_upload_errors_on_the_page(
    browser: Browser, base_url: str, shots: Path, tmp_path: Path, view: str
) -> None:
    ctx = _context(browser, base_url, view)
    pg = ctx.new_page()
    try:
        pg.goto("/batch")
        if pg.locator("form.batch button[disabled]").count():
            pytest.skip("批量模块(renshe.batch)尚未安装")
        empty = tmp_path / "空.csv"
        empty.write_bytes(b"")
        pg.set_input_files("#b-file", str(empty))
        pg.click("form.batch button[type=submit]")
        expect(pg.locator("#batch-error")).to_have_text("上传的文件是空的")
        wrong = tmp_path / "名单.txt"
        wrong.write_text("x", encoding="utf-8")
        pg.set_input_files("#b-file", str(wrong))
        pg.click("form.batch button[type=submit]")
        expect(pg.locator("#batch-error")).to_contain_text("只接受 CSV")
        expect(pg.locator("a[href='/batch/template/retirement.csv']")).to_have_count(1)
        pg.screenshot(path=str(shots / f"batch-error-{view}.png"))
        assert_axe_clean(pg)
    finally:
        ctx.close()


CODE_NAME = (
    r"\b(male60|female55|female50|id_number|birth|category|planned_month|contribution_months|"
    r"separation_reason|retiree_type|insured_as|true|false|None|null|enterprise|institution|"
    r"full_time|part_time|floor|cap|minimum-wage|retirement|unemployment-benefit)\b"
)


@pytest.mark.parametrize("view", list(VIEWPORTS))
def test_pages_speak_chinese_and_pass_axe(browser: Browser, base_url: str, shots: Path, view: str) -> None:
    import re

    ctx = _context(browser, base_url, view)
    pg = ctx.new_page()
    try:
        for i, url in enumerate(
            [
                "/",
                "/search?q=最低工资",
                "/docs",
                "/calc",
                "/calc/unemployment-benefit",
                "/calc/disability-allowance",
                "/calc/pension-adjustment",
                "/batch",
                "/about",
                "/status/中华人民共和国劳动法",
            ]
        ):
            pg.goto(url)
            text = pg.inner_text("body")
            assert re.findall(CODE_NAME, text) == [], url
            pg.screenshot(path=str(shots / f"page-{i}-{view}.png"))
            assert_axe_clean(pg)
    finally:
        ctx.close()


# -- 政策找人 (issue 23): a person screened on a phone, a few questions at a time ------------------


@pytest.mark.parametrize("view", list(VIEWPORTS))
def test_screen_a_person_a_few_questions_at_a_time(
    browser: Browser, base_url: str, shots: Path, view: str
) -> None:
    """A man born 1970-05 with 25 years of contributions: asked three questions at a time, the list
    updates after each answer (htmx swaps #screen), and retirement moves to 可以享受 with its
    month and citation. Source: 附件1 gives 61岁5个月 / 2031年10月 for 1970-05 (the rule's cases)."""
    ctx = _context(browser, base_url, view)
    pg = ctx.new_page()
    try:
        pg.goto("/screen?on=2026-12-01")
        questions = pg.locator("fieldset.questions .field")
        expect(questions).to_have_count(3)
        expect(pg.locator("#g-maybe")).to_be_visible()
        expect(pg.locator("#g-eligible")).to_have_count(0)
        # skipping the three questions (a blank is not asked again) brings the next three
        first = set(pg.locator("fieldset.questions [name]").evaluate_all("es => es.map(e => e.name)"))
        pg.click("form.screen-form button[type=submit]")
        # htmx swaps #screen when its answer comes: wait for the skipped questions to go (on a
        # loaded machine "networkidle" can come before the request has even started)
        for name in first:
            expect(pg.locator(f'fieldset.questions [name="{name}"]')).to_have_count(0)
        expect(questions).to_have_count(3)
        second = set(pg.locator("fieldset.questions [name]").evaluate_all("es => es.map(e => e.name)"))
        assert first and second and not (first & second)
        # the facts that decide retirement, as the page's address carries answers
        answers = {
            "person.retirement_category": "男职工",
            "person.birth": "1970-05",
            "person.contribution_months": "300",
        }
        pg.goto("/screen?on=2026-12-01&" + "&".join(f"{k}={v}" for k, v in answers.items()))
        expect(pg.locator(".known")).to_contain_text("人员类别：男职工")
        line = pg.locator(".group-eligible li.line[data-rule='retirement']")
        expect(line).to_contain_text("2031年10月")
        expect(line.locator(".cites")).to_contain_text("延迟法定退休年龄")
        box = pg.locator("#list").bounding_box()
        assert box is not None and box["width"] <= VIEWPORTS[view]["width"]
        pg.screenshot(path=str(shots / f"screen-{view}.png"), full_page=True)
        assert_axe_clean(pg)
    finally:
        ctx.close()


def test_screen_without_javascript(browser: Browser, base_url: str) -> None:
    ctx = browser.new_context(base_url=base_url, java_script_enabled=False, viewport=VIEWPORTS["phone"])
    pg = ctx.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    try:
        pg.goto("/screen?on=2026-12-01&person.birth=1970-05&person.contribution_months=300")
        expect(pg.locator("fieldset.questions .field")).to_have_count(3)
        pg.click("form.screen-form button[type=submit]")  # a full page load without JavaScript
        expect(pg.locator("fieldset.questions .field")).to_have_count(3)
        pg.goto(
            "/screen?on=2026-12-01&person.birth=1970-05&person.contribution_months=300"
            "&person.retirement_category=男职工"
        )
        expect(pg.locator(".group-eligible")).to_contain_text("法定退休年龄与弹性退休")
    finally:
        ctx.close()
