"""No merge leftovers in what ships or documents the project (a marker once slipped into README)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARKERS = ("<<<<<<< ", ">>>>>>> ")


def test_no_merge_conflict_markers() -> None:
    files = [ROOT / "README.md", *ROOT.glob("docs/*.md"), *ROOT.glob("benchmarks/**/*.md")]
    files += [
        p
        for p in (ROOT / "src").rglob("*")
        if p.is_file() and p.suffix in {".py", ".yaml", ".md", ".html", ".css", ".txt"}
    ]
    bad = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in files
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if line.startswith(MARKERS)
    ]
    assert bad == []
