"""Whether a document is a notice or an interpretation of one (解读, 图解, 问答).

An interpretation restates a notice for the public ("沂水县2018年政务公开——这些要点与
你有关", "图解：…", "一图读懂…", "…答记者问"): it is not binding and yields no rows. It
says so before its first heading: in a short title line that carries one of the words
below, or in a lead paragraph that reports the notice (近日，…印发了《…》).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extract.vocabulary import NoticeKind

_TITLE_WORDS = (
    "解读",
    "图解",
    "问答",
    "一图读懂",
    "一图看懂",
    "一图了解",
    "与你有关",
    "答记者问",
    "划重点",
)
_MAX_TITLE_LINE = 40
_REPORTS_A_NOTICE = re.compile(r"^(?:导语|近日|日前)[，,：:]?.{0,40}印发了《")
_LOOK_AHEAD = 12


def document_kind(front: Sequence[str]) -> NoticeKind:
    """``front``: the document's lines before its first heading (or its first lines)."""
    for line in list(front)[:_LOOK_AHEAD]:
        compact = re.sub(r"\s+", "", line)
        if compact == "导语" or _REPORTS_A_NOTICE.match(compact):
            return NoticeKind.INTERPRETATION
        if (
            len(compact) <= _MAX_TITLE_LINE
            and "关于" not in compact  # 关于印发…解读工作办法的通知 is a notice
            and any(word in compact for word in _TITLE_WORDS)
        ):
            return NoticeKind.INTERPRETATION
    return NoticeKind.NOTICE
