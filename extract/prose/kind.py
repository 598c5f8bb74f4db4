"""Whether a document is a notice or an interpretation of one (解读, 图解, 问答).

An interpretation restates a notice for the public ("沂水县2018年政务公开——这些要点与
你有关", "图解：…", "一图读懂…", "…答记者问"): it is not binding and yields no rows. It
says so before its first heading: in a short title line that carries one of the words
below, or in a lead paragraph that reports the notice (近日，…印发了《…》).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extract.metadata import DOC_NUMBER
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
_NOTICE_ENDINGS = ("通知", "意见", "决定", "通报", "函")


def document_kind(front: Sequence[str]) -> NoticeKind:
    """``front``: the document's lines before its first heading (or its first lines).

    A document that prints a 文号 line or a notice's title (关于…的通知) is a notice
    whatever else its first lines say (a portal's 相关解读 link, a 政策解读 column name):
    an interpretation is never issued under a 文号.
    """
    head = list(front)[:_LOOK_AHEAD]
    if any(_is_doc_number_line(line) or _is_notice_title(line) for line in head):
        return NoticeKind.NOTICE
    for line in head:
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


def _is_doc_number_line(line: str) -> bool:
    compact = re.sub(r"\s+", "", line)
    match = DOC_NUMBER.search(compact)
    return match is not None and len(compact) - len(match.group(0)) <= 4


def _is_notice_title(line: str) -> bool:
    compact = re.sub(r"\s+", "", line)
    return "关于" in compact and compact.rstrip("。：:").endswith(_NOTICE_ENDINGS)
