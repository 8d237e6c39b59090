"""Every document the compilation prints or names, with the keys it can be found by.

A document of the compilation keeps its KB id. A document only named (in a list, a repeal
clause or a citation) becomes an external stub: its id is its canonical 文号 when one is
printed, else its title as printed without 《》 and spaces (中华人民共和国劳动保险条例), with an
edition year when the compilation's own document carries the same title (职业病分类和目录(2013年)).
A 文号 always decides; a title decides only when exactly one document carries it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from renshe.validity.cites import norm_title, title_keys
from renshe.validity.sources import Doc, Prov, Target


@dataclass
class Entry:
    id: str
    doc_number: str | None
    title: str
    external: bool
    titles: set[str] = field(default_factory=set)


class Registry:
    """Documents and their aliases, filled from the KB first and then from every statement."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self.by_number: dict[str, str] = {}
        self.by_title: dict[str, set[str]] = {}

    def add_alias_title(self, title: str, doc_id: str) -> None:
        self.entries[doc_id].titles.add(title)
        for k in title_keys(title):
            self.by_title.setdefault(k, set()).add(doc_id)

    def add_kb(
        self,
        docs: dict[str, Doc],
        provs: list[Prov],
        aliases: list[tuple[str, str]],
        extra_numbers: dict[str, str],
    ) -> None:
        for d in docs.values():
            self.entries[d.id] = Entry(d.id, d.doc_number, d.title, False)
            for t in {d.title, d.toc_title}:
                self.add_alias_title(t, d.id)
        for alias, doc_id in aliases:
            self.by_number.setdefault(alias, doc_id)
        for number, doc_id in extra_numbers.items():
            self.by_number.setdefault(number, doc_id)
        for p in provs:
            if p.kind == "instrument" and (p.heading or p.label):
                self.add_alias_title(p.heading or p.label, p.doc_id)

    def find(self, target: Target) -> str | None:
        """The id of the document `target` names, or None when it names none known yet."""
        if target.edition and target.title:
            key = f"{norm_title(target.title)}({target.edition})"
            return key if key in self.entries else None
        if target.number:
            return self.by_number.get(target.number)
        if target.title:
            for k in title_keys(target.title):
                ids = self.by_title.get(k, set())
                if len(ids) == 1:
                    return next(iter(ids))
        return None

    def resolve(self, target: Target) -> str:
        """The id of the document `target` names, creating an external stub when needed."""
        found = self.find(target)
        if found is not None:
            if target.title and target.number and target.title not in self.entries[found].titles:
                self.add_alias_title(target.title, found)
            return found
        if target.edition and target.title:
            doc_id = f"{norm_title(target.title)}({target.edition})"
            self.entries[doc_id] = Entry(doc_id, None, target.title, True, {target.title})
            return doc_id
        if target.number:
            doc_id = target.number
            self.entries[doc_id] = Entry(doc_id, target.number, target.title or target.number, True)
            self.by_number[target.number] = doc_id
            if target.title:
                self.add_alias_title(target.title, doc_id)
            return doc_id
        assert target.title
        doc_id = norm_title(target.title)
        n = 2
        while doc_id in self.entries:
            doc_id = f"{norm_title(target.title)}~{n}"
            n += 1
        self.entries[doc_id] = Entry(doc_id, None, target.title, True)
        self.add_alias_title(target.title, doc_id)
        return doc_id
