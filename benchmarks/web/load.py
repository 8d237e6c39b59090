"""Loopback load on the web app: req/s and latency percentiles per endpoint.

Starts `renshe serve`'s app (uvicorn, one worker) on a free loopback port in a subprocess, then
drives each endpoint for a fixed time with a bounded number of connections — with `wrk`
(Debian package) when installed, else with a small Python generator (threads, keep-alive).
Bounded on purpose: the machine is shared, 2 cores.

    python benchmarks/web/load.py [--seconds 8] [--connections 8] [--json results.json]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

CALC_BODY = json.dumps({"birth": "1971-04", "category": "male60"})
ENDPOINTS: list[tuple[str, str, str, str | None]] = [
    ("healthz", "GET", "/healthz", None),
    ("api search 最低工资", "GET", "/api/search?q=" + urllib.parse.quote("最低工资"), None),
    ("api search 退休年龄", "GET", "/api/search?q=" + urllib.parse.quote("退休年龄"), None),
    ("api calc retirement", "POST", "/api/calc/retirement", CALC_BODY),
    ("page search 最低工资", "GET", "/search?q=" + urllib.parse.quote("最低工资"), None),
    ("page reader 22号", "GET", "/docs/" + urllib.parse.quote("渝人社发〔2024〕22号", safe=""), None),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int) -> subprocess.Popen[bytes]:
    code = (
        "import uvicorn; from renshe.server import create_app; from renshe.app import default_app; "
        "default_app().path(); "
        f"uvicorn.run(create_app(), host='127.0.0.1', port={port}, log_level='warning', access_log=False)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("server did not start")


def run_wrk(base: str, method: str, path: str, body: str | None, seconds: int, conns: int) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(f'wrk.method = "{method}"\n')
        if body is not None:
            fh.write(f"wrk.body = {json.dumps(body)}\n")
            fh.write('wrk.headers["Content-Type"] = "application/json"\n')
        script = fh.name
    try:
        out = subprocess.run(
            ["wrk", "-t2", f"-c{conns}", f"-d{seconds}s", "--latency", "-s", script, base + path],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script)

    def ms(text: str) -> float:
        value, unit = float(re.findall(r"[\d.]+", text)[0]), re.findall(r"[a-z]+", text)[0]
        return value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    pct = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)", out, re.M))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "tool": "wrk",
        "req_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p50_ms": ms(pct["50"]),
        "p90_ms": ms(pct["90"]),
        "p99_ms": ms(pct["99"]),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),  # type: ignore[union-attr]
        "errors": int(non2xx.group(1)) if non2xx else 0,
    }


def run_python(
    port: int, method: str, path: str, body: str | None, seconds: int, conns: int
) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        bad = 0
        headers = {"Content-Type": "application/json"} if body else {}
        while time.monotonic() < stop:
            t0 = time.perf_counter()
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            resp.read()
            mine.append((time.perf_counter() - t0) * 1000)
            bad += resp.status >= 400
        with lock:
            latencies.extend(mine)
            errors += bad

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(conns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    latencies.sort()

    def q(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))], 2)

    return {
        "tool": "python",
        "req_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": q(0.5),
        "p90_ms": q(0.9),
        "p99_ms": q(0.99),
        "requests": len(latencies),
        "errors": errors,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=int, default=8)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--python", action="store_true", help="use the Python generator even if wrk exists")
    args = ap.parse_args()
    port = free_port()
    proc = start_server(port)
    results: list[dict[str, Any]] = []
    try:
        for name, method, path, body in ENDPOINTS:
            if shutil.which("wrk") and not args.python:
                r = run_wrk(f"http://127.0.0.1:{port}", method, path, body, args.seconds, args.connections)
            else:
                r = run_python(port, method, path, body, args.seconds, args.connections)
            r = {"endpoint": name, **r}
            results.append(r)
            print(
                f"{name:24s} {r['req_per_s']:8.1f} req/s  p50 {r['p50_ms']:7.2f} ms  "
                f"p99 {r['p99_ms']:7.2f} ms  n={r['requests']} errors={r['errors']} ({r['tool']})",
                flush=True,
            )
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    if args.json:
        meta = {
            "seconds": args.seconds,
            "connections": args.connections,
            "cpus": os.cpu_count(),
            "python": sys.version.split()[0],
        }
        args.json.write_text(
            json.dumps({"meta": meta, "results": results}, ensure_ascii=False, indent=1) + "\n"
        )


if __name__ == "__main__":
    main()
