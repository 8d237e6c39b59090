"""The external provisions (`data/external_provisions.yaml`) are verbatim: each article's text
equals the article in the national text kept beside the project (`shared/corpus/external/`,
with its provenance), up to full-/half-width punctuation and line breaks. Skipped where that
directory is not present (an installed wheel, a checkout without the shared texts)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from renshe.resources import load_yaml

SHIPPED = Path(__file__).parents[2] / "src" / "renshe" / "data" / "external_provisions.yaml"
_CANDIDATES = [
    Path(os.environ["RENSHE_SHARED"]) / "corpus" / "external" if "RENSHE_SHARED" in os.environ else None,
    # the main checkout (…/main/tests/rules) and a worktree (…/wt/iNN/tests/rules) sit at
    # different depths below the directory that holds shared/
    Path(__file__).parents[3] / "shared" / "corpus" / "external",
    Path(__file__).parents[4] / "shared" / "corpus" / "external",
]
EXTERNAL = next((p for p in _CANDIDATES if p is not None and p.is_dir()), None)
NUMERAL = "[一二三四五六七八九十百零]+"
ARTICLE = re.compile(rf"^(第{NUMERAL}条)\s(.*?)(?=^第{NUMERAL}条\s|^#|\Z)", re.M | re.S)
WIDTH = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "　": ""})


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(WIDTH))


def _articles(path: Path) -> dict[str, str]:
    body = re.sub(r"<!--.*?-->", "", path.read_text(encoding="utf-8"), flags=re.S)
    return {m.group(1): _norm(m.group(2)) for m in ARTICLE.finditer(body)}


def _cases() -> list[tuple[str, str, str]]:
    data = load_yaml(SHIPPED.read_text(encoding="utf-8"))
    titles = {k: d["title"].removeprefix("中华人民共和国") for k, d in data["documents"].items()}
    return [(pid, titles[p["doc"]], p["text"]) for pid, p in data["provisions"].items()]


@pytest.mark.skipif(EXTERNAL is None, reason="shared/corpus/external not present")
@pytest.mark.parametrize(("pid", "title", "text"), _cases())
def test_external_provision_is_verbatim(pid: str, title: str, text: str) -> None:
    assert EXTERNAL is not None
    source = EXTERNAL / f"{title}.md"
    if not source.is_file():
        pytest.skip(f"no national text for {title}")
    label = pid.split("/")[-1]
    articles = _articles(source)
    assert label in articles, f"{source.name} has no {label}"
    assert _norm(text) == articles[label], pid


def test_the_comparison_can_fail(tmp_path: Path) -> None:
    (tmp_path / "x.md").write_text("第一条 甲，乙。\n\n第二条 丙。\n", encoding="utf-8")
    arts = _articles(tmp_path / "x.md")
    assert arts == {"第一条": "甲,乙。", "第二条": "丙。"}
    assert _norm("甲,丙。") != arts["第一条"]
