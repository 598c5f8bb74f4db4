"""One scanned page image → the page content the text layer gives (chars with boxes in
points, merged rule segments), plus the problems met reading it."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

import cv2
import numpy as np

from extract.errors import Problem
from extract.ocr.deskew import deskew, ink_level, ink_mask, rotate
from extract.ocr.double_reads import split_off, without_double_reads, without_glyphs_read_across
from extract.ocr.engine import Recognised, detect, recognise
from extract.ocr.faint import carried_through_faint, faint_row_rules
from extract.ocr.lines import (
    Box,
    TextLine,
    box_of,
    cut_at_text,
    feet_of_line,
    in_text,
    line_crop,
    text_lines,
    without_runs_into_text,
    without_stroke_ends,
)
from extract.ocr.normalise import normalise_line, unsure_words
from extract.ocr.remnants import drawn_round_a_column_rule, without_rule_stubs
from extract.ocr.rules import (
    Segment,
    column_side,
    find_rules,
    join_faded,
    rule_ink,
    without_text_bars,
)
from extract.ocr.seal import (
    grey_seals_at_other_cuts,
    grey_seals_thin_strokes_kept,
    grey_without_seals,
)
from extract.ocr.settings import OcrSettings
from extract.ocr.specks import ink_of_unsure_lines, is_specks, page_em, page_levels
from extract.ocr.stripes import rules_under_stripes
from extract.ocr.under_seal import dates_under_seals, misread_dates, surer_under_seals
from extract.ocr.unread_ink import with_unread_ink_read
from extract.page.content import Char, PageContent, page_content
from extract.page.paragraphs import is_page_furniture
from extract.text import is_cjk
from extract.vocabulary import NoteKind

# Text lines are found on the page reduced to this many pixels per point (~94 dpi).
DETECT_PX_PER_PT = 1.3
# Ink is never most of a printed page: a mask that makes it so was parted between paper
# and something lighter (see ``ocr_page``).
MOSTLY_INK = 0.5
# A detected line this tall (points) in which nothing is read is reported (smaller: specks).
MIN_LINE_PT = 6.0
# Nothing is printed this close to a sheet's edge (Word's narrowest margins are ~36 pt):
# a "rule" there is the edge of a binding shadow or of the scanner's lid.
EDGE_PT = 20.0
# The ink of a CJK character fills about its em square (the font size) once scanned: the
# glyph's ~0.9 em plus the blur of print and scan.
_INK_PER_EM = 1.0
# A vertical rule this close (per em) to the centre of a character read on a line runs
# through the character: the recogniser's positions jitter by a third of an em at most,
# and a cell's side stands an em or more from the nearest character (its padding).
THROUGH_CHAR_PER_EM = 0.3
# A faint rule's remnant beside a cell's text (a piece too short to be found as a rule, so
# never erased) is read as a thin upright glyph: 信息| , 程信息i; where a row rule's piece
# meets it, as a corner: 开发区L, 」以政. Such a glyph this close (per em) to a column rule
# found through the line is the rule, not text: none of them is a character of a task
# table's Chinese text, and a cell's text stands an em from its side.
_REMNANT_GLYPHS = frozenset("|｜丨¦!！iIlL」")
REMNANT_PER_EM = 0.6
# A document number's year in half-width square brackets, as the recogniser read it.
_SQUARE_YEAR = re.compile(r"\[(?:19|20)\d{2}\](?=\s*第?\s*\d{1,4}\s*号)")


def ocr_page(
    image: np.ndarray, number: int, width: float, height: float, settings: OcrSettings
) -> tuple[PageContent, list[Problem]]:
    """Page ``number`` (1-based) of ``width`` × ``height`` points, scanned as ``image``
    (greyscale, or RGB whose seals are taken out first)."""
    px_per_pt = image.shape[1] / width
    gray = grey_without_seals(image, px_per_pt * 72 / 25.4)
    straight, angle = deskew(gray)
    boxes = [
        box_of(quad, straight.shape)
        for quad in detect(straight, settings.threads, DETECT_PX_PER_PT / px_per_pt, settings.bf16)
    ]
    boxes = [b for b in boxes if b.x1 - b.x0 >= 2 and b.height >= 2]
    level = ink_level(straight)
    text_ink = ink_mask(straight, level)
    faint_ink = rule_ink(straight, px_per_pt)
    found, rule_pixels = find_rules(faint_ink, px_per_pt)
    found = [piece for s in found for piece in without_text_bars(s, found, faint_ink, px_per_pt)]
    rules = [
        piece
        for s in found
        if not (in_text(s, boxes) or feet_of_line(s, boxes, found))
        or column_side(s, found, px_per_pt)
        for piece in cut_at_text(s, boxes, rule_pixels)
    ]
    rules = [s for s in rules if _inside_edges(s, straight.shape, EDGE_PT * px_per_pt)]
    rules = without_stroke_ends(rules, boxes, text_ink, px_per_pt, faint_ink)
    rules = without_runs_into_text(rules, boxes, text_ink, rule_pixels, px_per_pt)
    rules = join_faded(rules, [(b.x0, b.top, b.x1, b.bottom) for b in boxes], px_per_pt)
    text_boxes = [(b.x0, b.top, b.x1, b.bottom) for b in boxes]
    rules = carried_through_faint(rules, straight, text_boxes, px_per_pt)
    rules = faint_row_rules(rules, straight, text_boxes, text_ink, px_per_pt)
    rules = rules_under_stripes(rules, straight, text_boxes, text_ink, px_per_pt)
    cleaned = _erase(straight, rule_pixels, rules)
    clean_ink = ink_mask(cleaned)
    if np.count_nonzero(clean_ink) > MOSTLY_INK * clean_ink.size:
        # The erased rules are painted white, and on a page whose paper is grey (a toned
        # copy, uneven lighting) that white is a third level which Otsu's threshold over
        # the erased page parts from the paper instead of the ink: the whole page was ink,
        # no line of a cell was told from the next and a mark past a line's end (、) was
        # not taken in. Such a mask is parted again where the page as scanned parts it.
        # (Always so, it moved a unit's reading on white paper: second scanner 200 grey.)
        clean_ink = ink_mask(cleaned, level)
    stub_ink = faint_ink & (cleaned < 255)  # a faint rule's ink the erasure left
    lines = text_lines(cleaned, clean_ink, boxes, px_per_pt, settings.threads)
    read_lines = recognise(
        [line_crop(cleaned, line) for line in lines],
        settings.threads,
        settings.int8,
        settings.bf16,
    )
    thin_kept = grey_seals_thin_strokes_kept(image, px_per_pt * 72 / 25.4)
    if thin_kept is not None:
        thin_page = _erase(rotate(thin_kept, angle), rule_pixels, rules)
        read_lines = surer_under_seals(
            cleaned, thin_page, lines, read_lines, settings.threads, settings.int8
        )
        if misread_dates(read_lines):
            other_cuts = [
                _erase(rotate(page, angle), rule_pixels, rules)
                for page in grey_seals_at_other_cuts(image, px_per_pt * 72 / 25.4)
            ]
            read_lines = dates_under_seals(
                [cleaned, thin_page, *other_cuts],
                lines,
                read_lines,
                settings.threads,
                settings.int8,
            )
    lines, read_lines = with_unread_ink_read(
        cleaned, clean_ink, lines, read_lines, settings.threads, settings.int8
    )
    chars: list[Char] = []
    problems: list[Problem] = []
    cut_where: list[tuple[Segment, TextLine]] = []
    across: dict[Char, set[int | None]] = {}
    em = page_em(lines, read_lines)
    unsure_ink = ink_of_unsure_lines(clean_ink, lines, read_lines) if em is not None else clean_ink
    levels = page_levels(cleaned, clean_ink, lines, read_lines)
    for number_in_page, (line, read_line) in enumerate(zip(lines, read_lines, strict=True)):
        if not read_line.chars:
            if line.box.height >= MIN_LINE_PT * px_per_pt:
                problems.append(_nothing_read(number, line.box, px_per_pt))
            continue
        if is_specks(line, read_line, unsure_ink, em, settings.min_confidence, cleaned, levels):
            problems.append(_specks(number, line.box, read_line, px_per_pt))
            continue
        read = _line_chars(line, read_line, clean_ink, px_per_pt, number_in_page)
        if drawn_round_a_column_rule(line, read, rules, px_per_pt, settings.min_confidence):
            continue
        read = _without_rule_remnants(read, _rules_beside(line, rules), px_per_pt)
        read = without_rule_stubs(read, line, stub_ink, rules, px_per_pt)
        crossing = _rules_through(line, rules)
        struck = [s for s in crossing if _through_a_char(s, read, px_per_pt)]
        cut_where.extend((s, line) for s in struck)
        kept = [s for s in crossing if s not in struck]
        read = _split_at_rules(read, kept, px_per_pt, len(lines) + 64 * number_in_page)
        chars.extend(char for char, _ in read)
        sides = {char.line for char, _ in read}
        across.update((char, sides) for char in split_off([char for char, _ in read]))
        problem = _low_confidence(number, line.box, read, px_per_pt, settings)
        if problem is not None:
            problems.append(problem)
    if not chars:
        problems.append(
            Problem(
                NoteKind.UNREADABLE_PAGE,
                number,
                f"page {number} is a scanned image in which no text could be recognised",
            )
        )
    chars = without_glyphs_read_across(without_double_reads(chars), across)
    chars.sort(key=lambda c: (c.top, c.x0))
    rules = _cut_at_lines(rules, cut_where)
    edges = [_edge(s, px_per_pt) for s in rules]
    content = page_content(number, width, height, chars, edges, has_images=True)
    return content, problems


def _inside_edges(segment: Segment, shape: tuple[int, ...], edge: float) -> bool:
    """A segment away from the edges of the sheet (``edge`` pixels)."""
    height, width = shape[0], shape[1]
    across, along = (height, width) if segment.horizontal else (width, height)
    return edge < segment.at < across - edge and segment.end > edge and segment.start < along - edge


def _erase(gray: np.ndarray, rule_pixels: np.ndarray, rules: list[Segment]) -> np.ndarray:
    """The page with the ink of the kept rules turned white."""
    keep = np.zeros_like(rule_pixels)
    pad = 4
    for s in rules:
        if s.horizontal:
            y0, y1, x0, x1 = s.at - pad * 2, s.at + pad * 2, s.start - pad, s.end + pad
        else:
            y0, y1, x0, x1 = s.start - pad, s.end + pad, s.at - pad * 2, s.at + pad * 2
        cv2.rectangle(keep, (int(x0), int(y0)), (int(x1), int(y1)), 255, thickness=-1)
    cleaned = gray.copy()
    cleaned[(keep > 0) & (rule_pixels > 0)] = 255
    return cleaned


def _line_chars(
    text_line: TextLine, line: Recognised, ink: np.ndarray, px_per_pt: float, number: int
) -> list[tuple[Char, float]]:
    """Character boxes in points: each centred where the recogniser placed it, as wide as
    its glyph class (a CJK character is square, Latin and digits half as wide), never
    overlapping its neighbours."""
    if not line.chars:
        return []
    box, top, bottom = text_line.box, text_line.top, text_line.bottom
    em = max((bottom - top) / _INK_PER_EM, 1.0)
    mid = (top + bottom) / 2
    read = "".join(c for c, _, _, _ in line.chars)
    centres = [box.x0 + x for _, _, x, _ in line.chars]
    confidences = [conf for _, conf, _, _ in line.chars]
    normalised = unsure_words(normalise_line(read), confidences)
    text = _printed_square_brackets(read, normalised, centres, em)
    spaced = [space for _, _, _, space in line.chars]
    out: list[tuple[Char, float]] = []
    halves = [em / 2 if is_cjk(c) or ord(c) > 0x2000 else em / 4 for c in text]
    for i, (char, centre) in enumerate(zip(text, centres, strict=True)):
        x0 = centre - _reach(halves, centres, spaced, i, i - 1, em)
        x1 = centre + _reach(halves, centres, spaced, i, i + 1, em)
        if not _inked(ink, x0, x1, top, bottom, box):
            # The recogniser reads on into the blank padding of a crop (a ：or 。after the
            # last character): a character with no ink under it was not printed.
            continue
        box_pt = (x0 / px_per_pt, x1 / px_per_pt, (mid - em / 2) / px_per_pt)
        size = em / px_per_pt
        char_box = Char(*box_pt, box_pt[2] + size, char, round(size, 1), line=number)
        out.append((char_box, confidences[i]))
    return out


def _printed_square_brackets(read: str, text: str, centres: list[float], em: float) -> str:
    """``text`` (the normalised line) with a document number's year brackets read as
    half-width [ ] kept where they were printed so (泰政办字[2016]8号): the normaliser
    makes [2016] 〔2016〕, the form GB/T 9704 prints and the recogniser may read as [ ].
    Printed half-width, the year's brackets take an em less than full-width ones: from the
    character before [ to the one after ], the recogniser's centres stand less than three
    quarters of an em past the half-width span (measured in ems of the line's ink, which
    is a little less than the font's em: 4.0 for [2016], 5.15–5.24 for 〔2017〕).
    """
    out = list(text)
    for match in _SQUARE_YEAR.finditer(read):
        before, after = match.start() - 1, match.end()
        if before < 0 or after >= len(read):
            continue
        half = [0.5 if is_cjk(c) or ord(c) > 0x2000 else 0.25 for c in (read[before], read[after])]
        # the year's four digits and the two brackets, half-width: 3 em; full-width: 4 em
        narrow = (half[0] + 3.0 + half[1]) * em
        if centres[after] - centres[before] < narrow + 0.75 * em:
            out[match.start()], out[match.end() - 1] = "[", "]"
    return "".join(out)


def _rules_through(line: TextLine, rules: list[Segment]) -> list[Segment]:
    """The vertical rules running through a text line's middle, inside its box."""
    mid = (line.top + line.bottom) / 2
    return [
        s
        for s in rules
        if not s.horizontal and s.start <= mid <= s.end and line.box.x0 < s.at < line.box.x1
    ]


def _rules_beside(line: TextLine, rules: list[Segment]) -> list[Segment]:
    """The vertical rules through a text line's middle, inside its box or within an em
    of its ends."""
    mid = (line.top + line.bottom) / 2
    em = max(line.bottom - line.top, 1.0)
    return [
        s
        for s in rules
        if not s.horizontal
        and s.start <= mid <= s.end
        and line.box.x0 - em < s.at < line.box.x1 + em
    ]


def _without_rule_remnants(
    read: list[tuple[Char, float]], rules: list[Segment], px_per_pt: float
) -> list[tuple[Char, float]]:
    """The line's characters without the thin upright glyphs read from a faint column
    rule's remnant beside the text (`_REMNANT_GLYPHS`, within REMNANT_PER_EM of a rule)."""
    if not rules:
        return read
    xs = [s.at / px_per_pt for s in rules]
    return [
        (char, confidence)
        for char, confidence in read
        if not (
            char.text in _REMNANT_GLYPHS
            and any(abs((char.x0 + char.x1) / 2 - x) < REMNANT_PER_EM * char.size for x in xs)
        )
    ]


def _through_a_char(rule: Segment, read: list[tuple[Char, float]], px_per_pt: float) -> bool:
    """A vertical "rule" through the middle of a character the recogniser read: a stroke
    of that character (the middle stroke of 重 on the line of a column rule, bridging
    the rules above and below a full-width heading row into one). A cell's side stands
    in the padding between two cells' texts, never through a character."""
    x = rule.at / px_per_pt
    return any(
        abs((char.x0 + char.x1) / 2 - x) < THROUGH_CHAR_PER_EM * char.size
        for char, _ in read
        if is_cjk(char.text)
    )


def _cut_at_lines(rules: list[Segment], cuts: list[tuple[Segment, TextLine]]) -> list[Segment]:
    """The rules with the rows of the text lines they ran through (a character's stroke,
    not the rule) taken out."""
    if not cuts:
        return rules
    out: list[Segment] = []
    for rule in rules:
        pieces = [rule]
        for struck, line in sorted(cuts, key=lambda cut: cut[1].top):
            if struck is not rule:
                continue
            last = pieces.pop()
            pieces += [
                Segment(False, last.at, last.start, line.box.top),
                Segment(False, last.at, line.box.bottom, last.end),
            ]
        out.extend(p for p in pieces if p.end > p.start)
    return out


def _split_at_rules(
    read: list[tuple[Char, float]],
    rules: list[Segment],
    px_per_pt: float,
    first_number: int,
) -> list[tuple[Char, float]]:
    """A line's characters on either side of the vertical ``rules`` through it as lines
    of their own (numbered from ``first_number`` on): the detector reads two cells'
    texts as one line where a faded rule no longer parts them (牵头单位完成时限)."""
    cuts = sorted(s.at / px_per_pt for s in rules)
    if not cuts:
        return read
    out = []
    for char, confidence in read:
        part = bisect_right(cuts, (char.x0 + char.x1) / 2)
        if part:
            char = replace(char, line=first_number + part)
        out.append((char, confidence))
    return out


def _reach(
    halves: list[float], centres: list[float], spaced: list[bool], i: int, j: int, em: float
) -> float:
    """How far character i's box reaches towards its neighbour j.

    Half-way, touching, unless the recogniser read a space between them or they stand
    more than two ems apart: the positions jitter by a third of an em, and a gap between
    two boxes would become a space inside 2017 or inside a word. (Two ems for half-width
    characters too: 1 and 7 of 2017 were read a little over one em apart.)"""
    if not 0 <= j < len(centres):
        return halves[i]
    distance = abs(centres[j] - centres[i])
    space = spaced[max(i, j)]
    if not space and distance <= 2 * em:
        return distance / 2
    return min(halves[i], distance / 2)


def _inked(ink: np.ndarray, x0: float, x1: float, top: float, bottom: float, box: Box) -> bool:
    left, right = max(round(x0), round(box.x0)), min(round(x1), round(box.x1))
    if right <= left:
        return False
    return bool(ink[round(top) : round(bottom), left:right].any())


def _low_confidence(
    number: int,
    box: Box,
    read: list[tuple[Char, float]],
    px_per_pt: float,
    settings: OcrSettings,
) -> Problem | None:
    """One problem per line holding characters read with less than the minimum confidence:
    the characters, their scores, the line and its box (points)."""
    text = "".join(char.text for char, _ in read)
    low = [(char.text, conf) for char, conf in read if conf < settings.min_confidence]
    if not low or is_page_furniture(text):
        return None  # a page number's dashes are not content
    where = ", ".join(f"{v / px_per_pt:.0f}" for v in (box.x0, box.top, box.x1, box.bottom))
    guesses = " ".join(f"{c}({conf:.2f})" for c, conf in low)
    return Problem(
        NoteKind.LOW_CONFIDENCE,
        number,
        f"OCR is unsure of {guesses} in “{text}” at [{where}] pt",
        _points(box, px_per_pt),
    )


def _nothing_read(number: int, box: Box, px_per_pt: float) -> Problem:
    where = ", ".join(f"{v / px_per_pt:.0f}" for v in (box.x0, box.top, box.x1, box.bottom))
    return Problem(
        NoteKind.LOW_CONFIDENCE,
        number,
        f"OCR found a text line but read nothing at [{where}] pt",
        _points(box, px_per_pt),
    )


def _specks(number: int, box: Box, reading: Recognised, px_per_pt: float) -> Problem:
    """A line of specks or faint ink left out (`extract.ocr.specks`): what was read there, and
    where."""
    where = ", ".join(f"{v / px_per_pt:.0f}" for v in (box.x0, box.top, box.x1, box.bottom))
    return Problem(
        NoteKind.LOW_CONFIDENCE,
        number,
        f"OCR read “{reading.text}” ({reading.confidence:.2f}) in specks (no printed stroke, "
        f"or ink fainter than the page's print) at [{where}] pt: left out",
        _points(box, px_per_pt),
    )


def _points(box: Box, px_per_pt: float) -> tuple[float, float, float, float]:
    return (
        float(box.x0 / px_per_pt),
        float(box.top / px_per_pt),
        float(box.x1 / px_per_pt),
        float(box.bottom / px_per_pt),
    )


def _edge(segment: Segment, px_per_pt: float) -> dict[str, object]:
    at, start, end = (float(v) / px_per_pt for v in (segment.at, segment.start, segment.end))
    if segment.horizontal:
        return {
            "x0": start,
            "x1": end,
            "top": at,
            "bottom": at,
            "width": end - start,
            "height": 0.0,
            "orientation": "h",
        }
    return {
        "x0": at,
        "x1": at,
        "top": start,
        "bottom": end,
        "width": 0.0,
        "height": end - start,
        "orientation": "v",
    }
