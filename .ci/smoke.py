"""Smoke test of an installed renshe, run as a user would: from a folder outside the checkout.

Usage: python smoke.py FIXTURES_DIR  (with the `renshe` under test first on PATH and RENSHE_DB set)

Every command of the CLI runs once against the knowledge base built from the text shipped inside
the package, each rule's first example from `renshe rules`, a batch on the shipped fixture files,
and `renshe serve` answering /healthz, a page, a static file and the JSON API. A missing package
file shows here as a failed command, which the editable install of the test suite cannot show.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

RENSHE = shutil.which("renshe") or sys.exit("renshe is not on PATH")
checks = 0


def run(*args: str, expect: int = 0) -> subprocess.CompletedProcess[str]:
    global checks
    r = subprocess.run([RENSHE, *args], capture_output=True, text=True, timeout=300)
    if r.returncode != expect or "内部错误" in r.stderr or "Traceback" in r.stderr:
        shown = f"{r.stdout[-2000:]}\n{r.stderr[-2000:]}"
        sys.exit(f"FAILED: renshe {' '.join(args)} → exit {r.returncode}\n{shown}")
    checks += 1
    return r


def run_json(*args: str, expect: int = 0) -> Any:
    return json.loads(run(*args, "--json", expect=expect).stdout)


def check(cond: bool, what: str) -> None:
    global checks
    if not cond:
        sys.exit(f"FAILED: {what}")
    checks += 1


def main() -> None:
    fixtures = Path(sys.argv[1]).resolve()
    work = Path(tempfile.mkdtemp(prefix="renshe-smoke-"))
    os.chdir(work)  # nothing of the checkout is reachable from here

    check(run("--help").stdout.strip() != "", "help")
    built = run_json("build")
    check(built["documents"] == 136, f"build: 136 documents, got {built['documents']}")
    stats = run_json("stats")
    check(stats["toc_matched"] == 136 and stats["external_provisions"] >= 1, "stats")
    check(run_json("docs")["total"] == 136, "docs")
    check(run_json("docs", "--category", "工伤保险")["total"] >= 1, "docs --category")
    doc = run_json("doc", "渝人社发[2024]16号")
    check(doc["doc_number"] == "渝人社发〔2024〕16号", "doc: any bracket form finds the document")
    run("show", "渝人社发〔2024〕16号/三/(二)/2")
    check("不在本汇编中" in run("show", "国务院令第258号/第十七条").stdout, "external provision")
    run("table", "延迟退休决定/表1")
    run("findings", "--kind", "count_mismatch")
    hits = run_json("search", "失业金")
    check(len(hits["results"]) > 0, "search 失业金")
    status = run_json("status", "渝人社发〔2019〕130号", "--on", "2024-12-01")
    check(status["status"] == "已废止", f"status: 已废止, got {status.get('status')}")
    run("refs", "渝人社发〔2024〕16号")
    run("eval-search", str(fixtures / "qrels.jsonl"), "--repeats", "1")
    run("deadline", "2025-01-02", "10", "--working-days")
    listing = run_json("deadline", "--list")
    check(listing["count"] >= 20, "deadline --list: the named procedures")
    d = run_json("deadline", "--procedure", "退休一件事", "2026-12-01")
    check(d["estimated"] is True, "deadline --procedure 退休一件事 crosses into 2027: 预估")
    a = run_json("ask", "我68年的男的什么时候退休")
    check(a["answer"] is not None and a["answer"]["ask"], "ask: the 1968 range, asking for the month")
    run("--version")

    rules = run_json("rules")["rules"]
    check(len(rules) >= 6, "rules")
    for rule in rules:
        example = work / f"{rule['name']}.json"
        example.write_text(json.dumps(rule["examples"][0], ensure_ascii=False), encoding="utf-8")
        out = run_json("calc", rule["name"], "--input", str(example))
        check("result" in out or "steps" in out, f"calc {rule['name']}: {str(out)[:200]}")
    cases = work / "cases.yaml"
    cases.write_text(
        "rule: minimum-wage\ncases:\n  - name: 渝中区\n    source: 13869\n"
        "    input: {district: 渝中区, on: 2025-03-01}\n    expect: {monthly: '2330.00'}\n",
        encoding="utf-8",
    )
    run("test", str(cases))
    bad = run_json("calc", "retirement", "birth=不是日期", "category=male60", expect=2)
    check("error" in bad, "bad input → error object, exit 2")

    for name in ("retirement", "pension-adjustment"):
        src = fixtures / f"{name}.csv"
        rows = len(src.read_text(encoding="utf-8").splitlines()) - 1
        for ext in ("csv", "xlsx"):
            out = work / f"{name}-out.{ext}"
            run("batch", name, str(src), str(out))
            check(out.is_file() and out.stat().st_size > 0, f"batch {name} → {ext}")
        got = len((work / f"{name}-out.csv").read_text(encoding="utf-8-sig").splitlines()) - 1
        check(got == rows, f"batch {name}: {rows} rows in, {got} out")

    serve()
    print(f"smoke: {checks} passed, 0 failed")


def serve() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [RENSHE, "serve", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                    check(r.status == 200, "/healthz")
                    break
            except OSError:
                if proc.poll() is not None:
                    err = proc.stderr.read() if proc.stderr else ""
                    sys.exit(f"FAILED: serve exited {proc.returncode}\n{err}")
                time.sleep(0.5)
        else:
            sys.exit("FAILED: serve did not answer /healthz within 60 s")
        for path, needle in (
            ("/", "人社"),
            ("/static/style.css", "{"),
            ("/api/search?q=%E5%B7%A5%E4%BC%A4", "results"),
            ("/api/rules", "retirement"),
        ):
            with urllib.request.urlopen(base + path, timeout=10) as r:
                check(r.status == 200 and needle in r.read().decode("utf-8"), f"GET {path}")
        req = urllib.request.Request(
            base + "/api/calc/retirement",
            data=json.dumps({"birth": "1971-04", "category": "female55"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=10) as r:
            check(r.status == 200 and "result" in json.loads(r.read()), "POST /api/calc/retirement")
    finally:
        proc.terminate()
        proc.wait(timeout=20)


if __name__ == "__main__":
    main()
