"""Citations and the trace: every step of a calculation says in Chinese what was decided and
which provisions decided it.

A `Citation` names a provision by its knowledge-base id plus a short verbatim quote; the test
suite checks every one against the knowledge base, so a citation cannot drift from the text.
The rules layer does not need the database at run time: document titles and 文号 come from the
parameter files (checked against the knowledge base by the same test).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

_CN_NUM = re.compile(r"^[一二三四五六七八九十百]+$")
_ARABIC = re.compile(r"^\d+$")


def label_of(provision_id: str) -> str:
    """The provision's own label as the knowledge base prints it, from the last id segment.

    `…/第三条` → 第三条, `…/一` → 一、, `…/1` → 1., `…/(二)` → (二), `…/附件1` → 附件1.
    """
    seg = provision_id.rsplit("/", 1)[-1].split("~", 1)[0]
    if _CN_NUM.match(seg):
        return seg + "、"
    if _ARABIC.match(seg):
        return seg + "."
    return seg


@dataclass(frozen=True)
class Citation:
    """One provision that decides something, with the words that decide it."""

    doc_id: str
    doc_number: str | None  # canonical 文号, None where the document has none
    doc_title: str
    provision_id: str
    quote: str
    label: str = ""

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", label_of(self.provision_id))
        if not self.provision_id.startswith(self.doc_id + "/"):
            raise ValueError(f"provision {self.provision_id!r} is not in document {self.doc_id!r}")

    # Citations are constants shared by every run of a rule: their derived strings are computed
    # once (cached_property writes the instance dict directly, which a frozen dataclass allows).
    @cached_property
    def instrument(self) -> str:
        """The title people cite: an embedded instrument's own title if the id has one
        (`延迟退休决定/国务院关于渐进式延迟法定退休年龄的办法/第三条` → that 办法), else the document's."""
        inner = self.provision_id[len(self.doc_id) + 1 :].split("/")
        for seg in inner[:-1]:
            # (an article quoted under its own title, `《失业保险条例》第十四条`, is not an instrument)
            if len(seg) > 6 and not seg.startswith(("第", "附件", "(", "《")):
                return seg
        return self.doc_title

    @cached_property
    def ref(self) -> str:
        """A human reference: 《实施弹性退休制度暂行办法》(人社部发〔2024〕94号)第九条, 《…》三、(二)1.

        The whole path below the instrument is spelled out, so an item is never cited without
        the part it belongs to; a trailing 、 or . is dropped.
        """
        num = f"({self.doc_number})" if self.doc_number else ""
        segs = self.provision_id[len(self.doc_id) + 1 :].split("/")
        inst = self.instrument
        if inst in segs:
            segs = segs[segs.index(inst) + 1 :]
        path = "".join(label_of(s) for s in segs[:-1]) + self.label
        return f"《{inst}》{num}{path.rstrip('、.')}"

    @cached_property
    def _json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "doc_number": self.doc_number,
            "doc_title": self.doc_title,
            "provision_id": self.provision_id,
            "label": self.label,
            "quote": self.quote,
            "ref": self.ref,
        }

    def to_json(self) -> dict[str, Any]:
        return dict(self._json)


@dataclass
class Step:
    text: str
    citations: tuple[Citation, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "citations": [c.to_json() for c in self.citations]}


@dataclass
class Trace:
    """The explanation of one run: ordered steps, and warnings for what the law leaves open.

    It also carries the run's context: `on`, the date the question is asked (supplied by the
    interface; rules never read the clock), and `explain`, whether steps are kept at all. A rule
    that builds costly text guards it with `if trace.explain:`; without it the steps are dropped.
    """

    steps: list[Step] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    on: date | None = None
    explain: bool = True

    def step(self, text: str, *citations: Citation) -> None:
        if self.explain:
            self.steps.append(Step(text, tuple(citations)))

    def warn(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)

    def citations(self) -> list[Citation]:
        """Every cited provision once, in order of first use (the contract's `citations`)."""
        seen: dict[tuple[str, str], Citation] = {}
        for s in self.steps:
            for c in s.citations:
                seen.setdefault((c.provision_id, c.quote), c)
        return list(seen.values())
