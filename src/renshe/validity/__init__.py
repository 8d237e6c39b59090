"""Validity and references: which documents are in force on a date, why, and who cites whom.

Built from the knowledge base (never typed in): the repeal and validity lists the compilation
prints, the repeal clauses inside other documents, the effective and end dates the documents
state, and the revision notes under their titles. `renshe.validity.build.build_validity` writes
the evidence into the knowledge-base file; `renshe.validity.status` answers questions on a date.
"""

STATUSES = ("现行有效", "尚未生效", "已修改", "已废止", "失效", "已到期", "待核实")

__all__ = ["STATUSES"]
