"""Named procedures: every time limit of the compilation, with its anchor, unit and provision.

`catalogue()` / `find(name)` read `catalogue.yaml`; `compute(procedure, date, inputs)` counts the
deadline; `answer.deadline_doc` / `answer.listing` are the JSON documents every interface shows.
"""

from renshe.procedures.catalogue import Procedure, by_id, catalogue, find
from renshe.procedures.compute import Result, compute

__all__ = ["Procedure", "Result", "by_id", "catalogue", "compute", "find"]
