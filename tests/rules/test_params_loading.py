"""Parameters load file by file: one rule's command reads one rule's figures (issue 13).

The lazy set that `renshe calc` uses reads a file only when a name in it is asked for (or a
document one of its citations names), and ends up equal to the eagerly loaded set.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from renshe.rules.params import RULE_FOLDERS, load_params


def test_lazy_set_equals_eager_set() -> None:
    eager = load_params()
    lazy = load_params(lazy=True)
    assert lazy.param("retirement.reform_start").values == eager.param("retirement.reform_start").values
    assert sorted(lazy.params) == sorted(eager.params)
    assert sorted(lazy.named) == sorted(eager.named)
    assert lazy.documents == eager.documents


def test_one_rule_loads_only_its_module_and_file(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from renshe.rules import registry\n"
        "from renshe.rules.params import params\n"
        "registry.get_rule('retirement').run({'birth': '1971-04', 'category': 'female55'})\n"
        "mods = sorted(m for m in sys.modules if m.startswith('renshe.rules.') and m.count('.') == 2)\n"
        "print(','.join(mods))\n"
        "print(len(params()._pending))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    modules, pending = out.strip().splitlines()
    assert "renshe.rules.retirement" in modules.split(",")
    for other in ("renshe.rules.unemployment", "renshe.rules.pension_adjustment", "renshe.rules.severance"):
        assert other not in modules.split(",")
    assert int(pending) == len(RULE_FOLDERS) - 1
