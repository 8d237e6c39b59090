"""Print the lowest versions pyproject.toml declares for the runtime dependencies, as `==` pins.

The dependency-floor job installs exactly these and runs a smoke subset, so that a floor in
pyproject.toml is a version that was seen to work, not a guess.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

data = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
for spec in data["project"]["dependencies"]:
    m = re.match(r"^([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*>=\s*([^,;\s]+)", spec)
    if not m:
        sys.exit(f"dependency without a >= floor: {spec}")
    print(f"{m.group(1)}{m.group(2) or ''}=={m.group(3)}")
