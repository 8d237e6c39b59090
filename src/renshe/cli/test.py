"""`renshe test FILE`: run a caseworker's cases file (renshe.rules.cases) and report per case.

Exit codes (docs/cli.md): 0 every case passed, 1 at least one failed, 2 the file itself is invalid
(not YAML, unknown rule, a case without a source line) with a Chinese message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from renshe.cli.common import JsonOpt, LazyConsole, respond

console = LazyConsole()


def _print(report: dict[str, Any]) -> None:
    for c in report["cases"]:
        mark = "通过" if c["passed"] else "失败"
        console.print(f"[{mark}] {c['name']}(源文本第 {c['source']} 行)")
        for p in c["problems"]:
            console.print(f"    {p}")
    console.print(f"{report['rule']}:{report['passed']}/{report['total']} 个案例通过")


def register(app: typer.Typer) -> None:
    @app.command("test")
    def test(
        file: Annotated[Path, typer.Argument(help="案例文件(YAML:rule、cases 的 input/expect/source)")],
        json_out: JsonOpt = False,
    ) -> None:
        """运行一个案例文件:逐个案例报告是否通过,以及不符之处。"""
        from renshe.rules.cases import load_case_file, run_cases

        def compute() -> dict[str, Any]:
            cf = load_case_file(file)
            results = run_cases(cf)
            return {
                "rule": cf.rule,
                "total": len(results),
                "passed": sum(r.passed for r in results),
                "cases": [r.to_json() for r in results],
            }

        report = respond(json_out, compute, _print)
        if report["passed"] != report["total"]:
            raise typer.Exit(1)
