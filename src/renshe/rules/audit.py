"""Load-time checks of the rules against their parameter files.

Why at load and not in a test only: a citation key is a bare string in the rule's code; a typo
would surface only when a citizen's case reaches that branch. So when the registry loads the
rules it reads each rule module's source, collects every string literal shaped like a key
(`measures.art3.early`, `retirement.min_contribution_months`) and refuses to start if one names
neither a citation nor a parameter. The same scan tells the test suite which parameters and
citations no rule uses.
"""

from __future__ import annotations

import inspect
import re
import sys
from types import ModuleType

from renshe.rules.params import ParamError, ParamSet

KEY = re.compile(r"^[a-z][a-z0-9_]*(?:\.[A-Za-z0-9_]+)+$")


# A quoted string that is nothing but a key. A regular expression over the source, not an AST
# walk: parsing six rule modules cost ~190 ms at every start of `renshe calc`; this costs ~2 ms.
QUOTED_KEY = re.compile(r"""(?<![\w.])(["'])([a-z][a-z0-9_]*(?:\.[A-Za-z0-9_]+)+)\1""")


def literal_keys(module: ModuleType) -> set[str]:
    """Every string literal of the module shaped like a citation or parameter key; for a rule
    folder split into modules (one per provision group), of every module of the folder that is
    loaded with it."""
    sources = [inspect.getsource(module)]
    prefix = module.__name__ + "."
    if hasattr(module, "__path__"):
        sources += [
            inspect.getsource(m) for name, m in sorted(sys.modules.items()) if name.startswith(prefix)
        ]
    return {
        m.group(2)
        for source in sources
        for m in QUOTED_KEY.finditer(source)
        if not m.group(2).startswith("renshe.")
    }


def check_keys(modules: list[ModuleType], ps: ParamSet) -> None:
    """ParamError naming the module and key when a literal key is neither a citation nor a parameter."""
    bad: list[str] = []
    for mod in modules:
        for key in sorted(literal_keys(mod)):
            if not ps.has(key):
                bad.append(f"{mod.__name__}: {key}")
    if bad:
        raise ParamError("规则引用了未定义的引用名或参数:" + "、".join(bad))


def unused(modules: list[ModuleType], ps: ParamSet) -> tuple[list[str], list[str]]:
    """(parameters no rule reads, citations neither a rule nor a parameter uses)."""
    used: set[str] = set()
    for mod in modules:
        used |= literal_keys(mod)
    cited_by_params = {
        key
        for p in ps.params.values()
        for v in p.values
        for c in v.citations
        for key, n in ps.named.items()
        if n is c
    }
    params = sorted(n for n in ps.params if n not in used)
    cites = sorted(k for k in ps.named if k not in used and k not in cited_by_params)
    return params, cites
