"""The files renshe ships inside its package, reached one way: `importlib.resources`.

Why: a wheel, an sdist, `pipx` or `uv tool` install has no checkout around it, so nothing may be
found by walking up from `__file__`. Every shipped file (the source text, external provisions,
search dictionaries, districts, document keys, rule parameters, templates, static files) lives
under the `renshe` package and is read through this module. A missing file is an error that names
it: a silent fallback (an empty mapping) once changed 19 document ids without a word.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

import yaml


class MissingResourceError(FileNotFoundError):
    """A file the package must ship is not there (a broken install, not a user error)."""


def resource(*parts: str) -> Traversable:
    """The shipped file `renshe/<parts…>`; raises `MissingResourceError` when it is absent."""
    node = files("renshe").joinpath(*parts)
    if not node.is_file():
        raise MissingResourceError(f"安装不完整:找不到随包文件 renshe/{'/'.join(parts)}")
    return node


def read_text(*parts: str) -> str:
    """The UTF-8 text of a shipped file."""
    return resource(*parts).read_text(encoding="utf-8")


def read_bytes(*parts: str) -> bytes:
    return resource(*parts).read_bytes()


def data_text(name: str) -> str:
    """A file of `renshe/data/` (source text, external provisions, search dictionaries)."""
    return read_text("data", *name.split("/"))


def load_yaml(text: str) -> Any:
    """Parse shipped YAML with libyaml's C loader where PyYAML has it (about 7× faster than the
    pure-Python loader: the rules' parameter files cost 48 ms at every start with it), else the
    pure-Python safe loader. Both are safe loaders: no arbitrary objects."""
    return yaml.load(text, Loader=_SAFE_LOADER)


_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
