"""Reconcile two continuing-validity lists: every document of the earlier accounted for in the later.

For Chongqing: the 12th batch (渝人社发〔2024〕6号, 487 continuing as of 2023-12-31) and the 13th
(渝人社发〔2024〕21号, 490 rows, stated 491, as of 2024-09-30). Each document of the earlier list
is kept, abolished by the later notice, repealed elsewhere in between, or unexplained; each
document only in the later list is new (issued after the earlier cut-off) or unexplained. The
lists are matched on 文号 first and title second (the registry does both).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from renshe.validity.cites import norm_title
from renshe.validity.sources import Evidence

_YEAR = re.compile(r"〔(\d{4})〕")


@dataclass
class Line:
    """The fate of one document across the two lists."""

    doc_id: str
    seq_old: int | None
    line_old: int | None
    seq_new: int | None
    line_new: int | None
    title_old: str | None
    title_new: str | None
    outcome: str  # kept | abolished | repealed_elsewhere | unexplained_drop | new | unexplained_addition
    explained_by: str | None = None

    @property
    def title_differs(self) -> bool:
        return bool(
            self.title_old and self.title_new and norm_title(self.title_old) != norm_title(self.title_new)
        )


@dataclass
class Result:
    lines: list[Line]
    old_list: str
    new_list: str
    old_date: date
    new_date: date
    cutoff_old: date | None
    counts: dict[str, int]


def _year(doc_id: str) -> int | None:
    m = _YEAR.search(doc_id)
    return int(m.group(1)) if m else None


def reconcile(
    old: list[tuple[str, Evidence]],
    new: list[tuple[str, Evidence]],
    abolished_new: list[tuple[str, Evidence]],
    repeals: list[tuple[str, Evidence]],
    cutoff_old: date | None,
) -> Result:
    """Account for every document of `old` (continuing) in `new` (continuing) and the rest.

    `repeals` are all repeal / lapse statements with their resolved targets; one dated after the
    old list and on or before the new one explains a document's absence.
    """
    old_by = {d: e for d, e in old}
    new_by = {d: e for d, e in new}
    ab_by = {d: e for d, e in abolished_new}
    old_date = old[0][1].on
    new_date = new[0][1].on
    assert old_date is not None and new_date is not None
    lines: list[Line] = []
    for d, e in old:
        n = new_by.get(d)
        outcome, by = "kept", None
        if n is None:
            if d in ab_by:
                outcome, by = "abolished", ab_by[d].source_doc
            else:
                hit = [r for t, r in repeals if t == d and r.on and old_date <= r.on <= new_date]
                outcome, by = ("repealed_elsewhere", hit[0].source_doc) if hit else ("unexplained_drop", None)
        lines.append(
            Line(
                d,
                e.seq,
                e.lines[0],
                n.seq if n else None,
                n.lines[0] if n else None,
                e.target.title,
                n.target.title if n else None,
                outcome,
                by,
            )
        )
    for d, n in new:
        if d in old_by:
            continue
        y = _year(d)
        is_new = y is not None and cutoff_old is not None and y > cutoff_old.year
        lines.append(
            Line(
                d,
                None,
                None,
                n.seq,
                n.lines[0],
                None,
                n.target.title,
                "new" if is_new else "unexplained_addition",
            )
        )
    counts: dict[str, int] = {"old_total": len(old), "new_total": len(new)}
    for ln in lines:
        counts[ln.outcome] = counts.get(ln.outcome, 0) + 1
    counts["title_differs"] = sum(1 for ln in lines if ln.title_differs)
    counts["abolished_not_in_old"] = sum(1 for d, _ in abolished_new if d not in old_by)
    return Result(
        lines, old[0][1].list_id or "", new[0][1].list_id or "", old_date, new_date, cutoff_old, counts
    )


def balance(counts: dict[str, int]) -> bool:
    """old − abolished − repealed elsewhere − unexplained drops + new + unexplained additions = new."""
    c = counts
    return (
        c["old_total"]
        - c.get("abolished", 0)
        - c.get("repealed_elsewhere", 0)
        - c.get("unexplained_drop", 0)
        + c.get("new", 0)
        + c.get("unexplained_addition", 0)
    ) == c["new_total"]
