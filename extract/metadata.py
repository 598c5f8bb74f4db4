"""Notice metadata from the paragraphs before the task table (Contract 1 meta fields).

A notice reads, top to bottom: optional headers (breadcrumbs of a web page, the red-head
"…文件" line, the doc number), the title (关于印发…的通知, possibly over several lines), the
doc number when printed after the title, the salutation (各乡镇人民政府…：) and the body,
then 附件：…, the signature (issuer, date), and the attachment's title over the table.
Paragraphs may be whole paragraphs or single wrapped lines: every rule below works on
either, and the body keeps them separated by "\\n".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from extract.chinese_numbers import arabise
from extract.regions import default_index, resolve_region
from extract.text import clean_cell

DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,12}\s*[〔［\[【（(]\s*(?:19|20)\d{2}\s*[〕］\]】）)]\s*第?\s*\d{1,4}\s*号"
)
_YEAR_IN_TEXT = re.compile(r"((?:19|20)\d{2})\s*年")
_DATE_LINE = re.compile(
    r"^(?P<y>(?:19|20)\d{2})\s*年?\s*(?P<m>\d{1,2})\s*月?\s*(?P<d>\d{1,2})\s*日?$"
)
_PAGE_NUMBER = re.compile(r"^[-—–－\s]*(?:第\s*)?\d+\s*(?:页)?[-—–－\s]*(?:/\s*\d+)?$")
_TITLE_ENDINGS = (
    "通知",
    "通报",
    "意见",
    "方案",
    "要点",
    "办法",
    "决定",
    "函",
    "分解表",
    "分工",
    "计划",
    "安排",
    "批复",
    "规定",
    "细则",
)
# What a notice (not a table or plan attached to one) is called at the end of its title.
_NOTICE_ENDINGS = ("通知", "通报", "意见", "决定", "函", "批复", "公告", "通告")
_ISSUER_SUFFIXES = (
    "人民政府办公室",
    "人民政府办公厅",
    "政府办公室",
    "政府办公厅",
    "人民政府",
    "政府办",
    "办公室",
    "办公厅",
    "委员会",
)
_ADDRESSEE_WORDS = ("各", "人民政府", "部门", "单位", "办事处", "委员会", "管委会")
_PUBLISHED_MARK = re.compile(r"^[（(]?此件(?:公开发布|主动公开|依申请公开|不予公开)[）)]?$")
_BREADCRUMB = re.compile(r"当前位置|您的位置|首页\s*[>＞»]|[>＞»].*[>＞»]")
_ATTACHMENT_LABEL = re.compile(r"^附件[\d一二三四五六七八九十]*(?:[:：、.].*)?$")
_TITLE_SEARCH_LINES = 8
# A line before the title at most this many times shorter than the title's first line is
# a scrap of specks on a scan (`_past_scraps`).
_SCRAPS_PER_TITLE_LINE = 3
# A line holding any of these is a sentence of the body, never the rest of a title.
_SENTENCE_MARKS = frozenset("，,。；;：:！!？?")
_MAX_TABLE_TITLE_LEN = 80
# 附件, 附件2：, 附件：1. before an attachment's name; a number after the colon only with its
# mark (1. 1、), never the year that starts the name (附件：2021年梁山县…分解表).
_ATTACHMENT_PREFIX = re.compile(r"^附件\d*[:：]?(?:\d+[.、])?")
_MAX_SIGNATURE_LEN = 40
# Offices that sign documents of their own (a 厅 or 局 publishing its 工作要点).
_DEPARTMENT_ENDINGS = ("厅", "局", "委", "办", "院", "署", "委员会", "中心")


@dataclass(frozen=True)
class _Layout:
    lines: list[str]
    title_start: int
    title_end: int  # inclusive
    body_start: int
    body_end: int  # exclusive


def notice_metadata(
    paragraphs: list[str], *, columns: list[str], has_task_table: bool
) -> dict[str, Any]:
    """Every Contract 1 meta field except ``notice_id``.

    ``paragraphs``: the document's paragraphs before the task table (all of them when it has
    none), in reading order, page headers and footers removed.
    """
    lines = _clean_lines(paragraphs)
    layout = _layout(lines)
    title = "".join(lines[layout.title_start : layout.title_end + 1]) if lines else None
    body = "\n".join(lines[layout.body_start : layout.body_end]) or None
    tail = lines[layout.body_end :]
    front = lines[: layout.body_start]

    doc_number = _doc_number(front)
    signature, publish_date = _signature(tail)
    named = _issuer_from_front(front, title)
    issuer = _as_named_in_front(signature, front, title) or named or _issuer_from_text(lines)
    table_title = _table_title(tail) if has_task_table else None
    if has_task_table and title and not body and not tail and not _is_notice_title(title):
        # Only a title straight above the table (a workbook's merged first row): the
        # table's own title, not a notice's.
        title, table_title = None, title
    year = _year(title, table_title, publish_date, doc_number)
    region = None
    for text in (issuer, title, table_title):
        if text and region is None:
            region = resolve_region(text)
    return {
        "title": title or None,
        "doc_number": doc_number,
        "issuer": issuer,
        "publish_date": publish_date,
        "year": year,
        "region": region or {"province": None, "prefecture": None, "county": None, "adcode": None},
        "table_title": table_title,
        "columns": list(columns),
        "has_task_table": has_task_table,
        "body": body,
    }


def _clean_lines(paragraphs: list[str]) -> list[str]:
    lines: list[str] = []
    for paragraph in paragraphs:
        for line in (paragraph or "").splitlines():
            cleaned = clean_cell(line)
            if cleaned and not _PAGE_NUMBER.match(cleaned):
                lines.append(cleaned)
    return lines


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _is_header(line: str) -> bool:
    compact = _compact(line)
    if _BREADCRUMB.search(line) or _PUBLISHED_MARK.match(compact):
        return True
    if compact.endswith("文件") and len(compact) <= 30:
        return True  # red-head line: 宁阳县人民政府办公室文件
    if compact.startswith(("签发人", "签发：")) or compact in {"特急", "加急", "急件", "明电"}:
        return True
    match = DOC_NUMBER.search(line)
    return match is not None and len(compact) - len(_compact(match.group(0))) <= 4


def _is_title_end(line: str) -> bool:
    compact = _compact(line).rstrip("。.：:")
    return compact.endswith(_TITLE_ENDINGS)


def _is_notice_title(title: str) -> bool:
    return _compact(title).rstrip("。.：:").endswith(_NOTICE_ENDINGS)


def _is_salutation(line: str) -> bool:
    compact = _compact(line)
    return (
        compact.endswith((":", "："))
        and not compact.startswith("附件")
        and any(word in compact for word in _ADDRESSEE_WORDS)
    )


def _layout(lines: list[str]) -> _Layout:
    start = 0
    while start < len(lines) and _is_header(lines[start]):
        start += 1
    if start >= len(lines):
        return _Layout(lines, 0, -1, len(lines), len(lines))
    if _ATTACHMENT_LABEL.match(_compact(lines[start])):
        # An attachment on its own (附件 / 附件1 / 附件：… above the table title): it has
        # no notice title and no body; everything after the label is its tail.
        return _Layout(lines, start, start - 1, start, start)
    start = _past_scraps(lines, start)
    end = _title_end(lines, start)
    body_start = end + 1
    while body_start < len(lines) and _is_header(lines[body_start]):
        body_start += 1
    body_end = body_start
    while body_end < len(lines) and not _ends_body(lines, body_end):
        body_end += 1
    return _Layout(lines, start, end, body_start, body_end)


def _has_title(lines: list[str], start: int) -> bool:
    """A title starts at ``start``: its lines reach a title's ending."""
    return _is_title_end("".join(lines[start : _title_end(lines, start) + 1]))


def _past_scraps(lines: list[str], start: int) -> int:
    """The title's first line, read line by line from ``start``: ``start`` itself when a
    title starts there; else the first line from which one does, where every line before
    it is a header (the red head, the 文号) or a scrap: what a scan's specks read as (常,
    1:, hede, 134), at most a third as long as the title's first line (a line of the
    front that long is a sentence or a name, kept). Without such a title the front stays
    as it was (``start``)."""
    if _has_title(lines, start):
        return start
    for index in range(start + 1, min(len(lines), start + _TITLE_SEARCH_LINES)):
        if _is_salutation(lines[index]):
            break
        if _is_header(lines[index]) or not _has_title(lines, index):
            continue
        first = len(_compact(lines[index]))
        before = [line for line in lines[start:index] if not _is_header(line)]
        if all(_SCRAPS_PER_TITLE_LINE * len(_compact(line)) <= first for line in before):
            return index
    return start


def _title_end(lines: list[str], start: int) -> int:
    """The title's last line: where the lines so far end like a title (the title's words
    are checked joined, as a wrap may leave 知 of 通知 alone on a line). A title that
    reads as ended at a word of its own (分工, 方案) goes on when the next line, with no
    sentence punctuation, brings it to a notice's ending (…分工 / 方案的通知)."""
    for index in range(start, min(len(lines), start + _TITLE_SEARCH_LINES)):
        if _is_salutation(lines[index]) or (index > start and _is_header(lines[index])):
            break
        title = "".join(lines[start : index + 1])
        if not _is_title_end(title):
            continue
        following = index + 1
        if (
            following < len(lines)
            and not _is_notice_title(title)
            and not _SENTENCE_MARKS.intersection(lines[following])
            and not _is_salutation(lines[following])
            and _is_notice_title(title + lines[following])
        ):
            return following
        return index
    return start


def _ends_body(lines: list[str], index: int) -> bool:
    line = _compact(lines[index])
    if line.startswith("附件") or _PUBLISHED_MARK.match(line) or _date_of(lines[index]):
        return True
    if not (_is_signature_name(line) or is_department_signature(line)):
        return False
    # a signature is followed by its date, or closes the document
    following = _compact(lines[index + 1]) if index + 1 < len(lines) else None
    return (
        following is None
        or _date_of(following) is not None
        or _date_shaped(following)
        or following.startswith("附件")
        or _PUBLISHED_MARK.match(following) is not None
    )


def _is_signature_name(compact: str) -> bool:
    return (
        len(compact) <= _MAX_SIGNATURE_LEN
        and compact.endswith(_ISSUER_SUFFIXES)
        and not any(mark in compact for mark in "，。；：,;:、")
    )


# A signing date's year in Chinese numerals with its 〇 lost (二一九年): on a scan the 〇
# is a thin ring, the lightest mark of the line, and the first to go under a seal.
# Two numerals after 二 before 年 is no year; with the 〇 put back it is one of 2011–2099.
# 〇 of a year in Chinese numerals read as a bracket (a seal's grey over its thin ring):
# 二（一七年, 二)一七年. No bracket stands inside a year.
_ZERO_AS_BRACKET = re.compile(r"^\s*二\s*[（(）)]\s*(?=[一二三四五六七八九〇]{2}\s*年)")
_YEAR_WITHOUT_ZERO = re.compile(r"^\s*二\s*([一二三四五六七八九])\s*([一二三四五六七八九])\s*年")


def _date_of(line: str) -> str | None:
    line = _YEAR_WITHOUT_ZERO.sub(r"二〇\1\2年", line)
    line = _ZERO_AS_BRACKET.sub("二〇", line)
    match = _DATE_LINE.match(arabise(line).strip())
    if match is None:
        return None
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"])).isoformat()
    except ValueError:
        return None


# A signing date the recogniser misread (a seal over it): the shape of a date line, 年
# and 月 with a few digits or numerals about them, that `_date_of` does not take.
_DATE_SHAPE = re.compile(r"^\S{2,5}年\S{1,3}月\S{0,5}$")
_DATE_CHARS = frozenset("0123456789〇○零一二三四五六七八九十年月日")


def unread_signing_date(paragraphs: list[str]) -> str | None:
    """The date line under the signature as read where no date could be taken from it
    (2021年5月1313: the seal's ink over 日), else None: the notice's publish_date stays
    empty and its year comes from the title or 文号 (`_year`)."""
    lines = _clean_lines(paragraphs)
    layout = _layout(lines)
    tail = lines[layout.body_end :]
    if _signature(tail)[1] is not None:
        return None
    compact = [_compact(line) for line in tail]
    return next(
        (
            line
            for signature, line in zip(compact, compact[1:], strict=False)
            if _date_shaped(line)
            and (_is_signature_name(signature) or is_department_signature(signature))
        ),
        None,
    )


def _date_shaped(compact: str) -> bool:
    """A line shaped as a date (a misread one too: 2021年5月1313, 二（一七年六月三十日)."""
    return _DATE_SHAPE.match(compact) is not None and sum(
        c in _DATE_CHARS for c in compact
    ) >= 0.7 * len(compact)


def is_department_signature(compact: str) -> bool:
    """A department signing its own document (山东省教育厅, 县财政局): a short name of a
    region's office, without punctuation. Trusted only right above the date line."""
    return (
        len(compact) <= _MAX_SIGNATURE_LEN
        and compact.endswith(_DEPARTMENT_ENDINGS)
        and not any(mark in compact for mark in "，。；：,;:、")
        and resolve_region(compact) is not None
    )


def _signature(tail: list[str]) -> tuple[str | None, str | None]:
    """(issuer, publish date) from the signature block after the body."""
    issuer: str | None = None
    previous: str | None = None
    for line in tail:
        compact = _compact(line)
        found = _date_of(line)
        if found is not None:
            if issuer is None and previous is not None and is_department_signature(previous):
                issuer = previous
            return issuer, found
        previous = compact
        if compact.startswith("附件") and issuer is not None:
            break  # the attachment starts: a signature without a date
        if _is_signature_name(compact):
            issuer = compact
    return issuer, None


def _doc_number(front: list[str]) -> str | None:
    for line in front:
        match = DOC_NUMBER.search(line)
        if match is not None:
            return _compact(match.group(0))
    return None


def _issuer_from_front(front: list[str], title: str | None) -> str | None:
    """The issuer printed before 关于 in the title, or on the red-head line."""
    return next(iter(_front_names(front, title)), None)


def _as_named_in_front(signature: str | None, front: list[str], title: str | None) -> str | None:
    """The signature's issuer, or the name the front prints for it where the two differ
    in one character at one place and every name the front prints (the title before 关于,
    the red head) agrees: on a scan the seal is stamped over the signature, and its ink
    turns a stroke of the name into another character (梁山县人民政付办公室), while the
    title and the red head stand clear of it. A name differing more is another office."""
    if signature is None:
        return None
    names = set(_front_names(front, title))
    if len(names) != 1:
        return signature
    (name,) = names
    differing = sum(a != b for a, b in zip(signature, name, strict=False))
    return name if len(name) == len(signature) and differing == 1 else signature


def _front_names(front: list[str], title: str | None) -> list[str]:
    """The issuer's names printed before the body: the title's head before 关于 and the
    red head's line less 文件 (`_issuer_from_front` takes the first of them)."""
    out = []
    if title and "关于" in title:
        head = _compact(title.split("关于", 1)[0])
        if head.endswith(_ISSUER_SUFFIXES):
            out.append(head)
    for line in front:
        compact = _compact(line)
        if compact.endswith("文件") and compact[:-2].endswith(_ISSUER_SUFFIXES):
            out.append(compact[:-2])
    return out


def _issuer_from_text(lines: list[str]) -> str | None:
    """An issuing office named in the text: …，沂水县人民政府办公室印发了…"""
    index = default_index()
    suffixes = "|".join(sorted(_ISSUER_SUFFIXES, key=len, reverse=True))
    for line in lines:
        compact = _compact(line)
        for mention in index.mentions(compact):
            match = re.match(suffixes, compact[mention.end :])
            if match is not None:
                return compact[mention.start : mention.end + match.end()]
    return None


def _table_title(tail: list[str]) -> str | None:
    """The attachment's title: the lines after the last 附件 / signature / date line."""
    last_marker = -1
    for index, line in enumerate(tail):
        compact = _compact(line)
        if (
            compact.startswith("附件")
            or _PUBLISHED_MARK.match(compact)
            or _date_of(line)
            or _is_signature_name(compact)
        ):
            last_marker = index
    title = "".join(_compact(line) for line in tail[last_marker + 1 :])
    if title and len(title) <= _MAX_TABLE_TITLE_LEN:
        return title
    for line in tail:
        compact = _compact(line)
        if compact.startswith("附件") and len(compact) > len("附件："):
            named = _ATTACHMENT_PREFIX.sub("", compact)
            if named:
                return named
    return None


def _year(
    title: str | None, table_title: str | None, publish_date: str | None, doc_number: str | None
) -> int | None:
    """The year the notice is about: its title's year, else when it was issued."""
    for text in (title, table_title):
        match = _YEAR_IN_TEXT.search(text or "")
        if match:
            return int(match.group(1))
    if publish_date:
        return int(publish_date[:4])
    match = re.search(r"(?:19|20)\d{2}", doc_number or "")
    return int(match.group(0)) if match else None
