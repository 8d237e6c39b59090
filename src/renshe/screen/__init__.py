"""政策找人: every rule run on one profile (a person, their employer) on a date, sorted into what
they can have, what may apply (and what to ask next), what does not, and what has ended.

See docs/screen.md. `screen(raw, on)` is the one entry point for the CLI, the API and the web
page; `renshe.screen.register` screens a whole register for the batch interface.
"""

from renshe.screen.core import GROUPS, screen, screen_profile
from renshe.screen.profile import parse_profile

__all__ = ["GROUPS", "parse_profile", "screen", "screen_profile"]
