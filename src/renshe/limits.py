"""What renshe accepts: sizes, counts and times, each with a stated default and an override.

Why one place: the same limit is enforced in several layers (the HTTP middleware refuses a body
by its Content-Length and again while it arrives, the batch reader refuses a 10⁶-column header
or a zip bomb before it allocates), and docs/limits.md documents them from this table. Each
limit can be changed with an environment variable `RENSHE_LIMIT_<NAME>` (a whole number; seconds
for the timeouts), read when `Limits.from_env()` is called (at server start, at each batch run).
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass

from renshe.errors import SetupError

KB = 1024
MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The defaults are sized for a caseworker's files, not for the largest file a machine could hold."""

    json_body_bytes: int = 64 * KB  # a JSON request body (/api/calc: a dozen fields)
    form_body_bytes: int = 64 * KB  # a url-encoded form (the web calculators)
    upload_bytes: int = 5 * MB  # one uploaded batch file, and the whole multipart body around it
    columns: int = 200  # columns of a batch file (a roll has 10–40)
    cells: int = 2_000_000  # rows × columns of one uploaded batch file (HTTP only)
    batch_seconds: int = 60  # wall time of one HTTP batch request, then it is cancelled
    xlsx_member_bytes: int = 256 * MB  # uncompressed size of any one part of an XLSX (sheet, strings)
    xlsx_shared_strings_bytes: int = 64 * MB  # the shared-strings part (openpyxl holds it in memory)
    xlsx_ratio: int = 200  # uncompressed/compressed size of one part above which it is a zip bomb
    cell_bytes: int = 32 * KB  # one cell of a batch file (Excel's own limit is 32,767 characters)
    input_bytes: int = 16 * MB  # `--input FILE` / `--input -` of the CLI (JSON or JSON Lines)
    idle_seconds: int = 10  # a connection that sends nothing for this long (keep-alive, slow headers)
    shutdown_seconds: int = 8  # grace for running requests at SIGTERM before they are cut
    download_seconds: int = 1800  # how long a web batch result stays downloadable

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Limits:
        """The defaults with `RENSHE_LIMIT_<NAME>` overrides (SetupError for a value that is no number)."""
        env = os.environ if environ is None else environ
        values: dict[str, int] = {}
        for f in dataclasses.fields(cls):
            key = f"RENSHE_LIMIT_{f.name.upper()}"
            raw = env.get(key)
            if raw is None or not raw.strip():
                continue
            try:
                value = int(raw.strip())
            except ValueError:
                raise SetupError(f"环境变量 {key} 应为正整数,现在是“{raw[:40]}”") from None
            if value <= 0:
                raise SetupError(f"环境变量 {key} 应为正整数,现在是 {value}")
            values[f.name] = value
        return cls(**values)


def describe_bytes(n: int) -> str:
    """A size for a Chinese message: 5 MB, 64 KB, 512 字节."""
    if n >= MB and n % MB == 0:
        return f"{n // MB} MB"
    if n >= KB and n % KB == 0:
        return f"{n // KB} KB"
    return f"{n} 字节"
