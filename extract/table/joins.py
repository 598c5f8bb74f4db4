"""What stands between two printed lines of one cell, whatever the format drew them with."""

from __future__ import annotations

from extract.text import is_cjk

# A wrapped unit name breaks after any char; a line ending in one of these, followed by a line
# starting like a unit name, is one unit per line even when the line happens to be full.
_UNIT_ENDINGS = set("局办室委院府处行部队会所站馆团社厂司心门厅组")
_ITEM_ENDINGS = set("，,；;")
_NAME_CONTINUATIONS = ("各部门", "各单位", "各有关", "有关", "相关", "所属", "直属", "各级")
UNIT_STARTS = set("县市区省州镇乡街各人中国团共")


def line_break(text: str, following: str) -> str:
    """What stands between two printed lines of one cell: a line break where they are two
    units (or the first ends a list item), a space between two Latin words, else nothing
    (a name or a sentence wrapped by the cell width). Also used where a cell continues
    on the next page, since a page break is just another line break."""
    if _unit_boundary(text, following) or text.rstrip()[-1:] in _ITEM_ENDINGS:
        return "\n"
    if (
        text[-1:].isascii()
        and text[-1:].isalnum()
        and following[:1].isascii()
        and following[:1].isalnum()
    ):
        return " "
    return ""


def _unit_boundary(text: str, following: str) -> bool:
    if following.startswith(_NAME_CONTINUATIONS):
        return False  # 县政府 / 各部门（单位）: one collective unit wrapped
    return (
        bool(text)
        and text[-1] in _UNIT_ENDINGS
        and following[:1] in UNIT_STARTS
        and is_cjk(text[-1])
    )
