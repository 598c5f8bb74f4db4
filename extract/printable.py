"""One printer for outside text: whatever a publisher, a file or a server controls (file
and link names, URLs, error messages quoting them, unit names) is shown through
`printable` in every command's output and every log line.

A terminal obeys control characters: ESC starts a sequence that can retitle the window,
clear the screen or recolour what follows, CR returns to the start of the line and LF
starts a new one, so a file named ``fake\\nfetch fault line.pdf`` could print a line of
output that no command wrote. `printable` writes each such character as a visible escape
(``\\x1b``, ``\\n``, ``\\r``, ``\\t``, ``\\x9b``, ``\\u2028``): C0 controls, DEL, C1
controls, the Unicode line and paragraph separators and the bidirectional overrides and
isolates (which reorder what is shown). Everything else, Chinese text and the ideographic
space included, stays as it is.

Markup is the other half: the CLI prints outside text only as `rich.text.Text` (never
parsed as markup, pipeline/cli.py `_line`), so ``[bold]`` or ``[/]`` in a name print as
they are.
"""

from __future__ import annotations

import re

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(value: object) -> str:
    """``value`` as text safe to print on a terminal or write to a log line."""
    return _UNSAFE.sub(_escape, str(value))
