"""Ink in a line that the recogniser read nothing over, read again on its own.

The recogniser drops a small mark or a thin character from a whole line now and then
even where its crop shows it plainly: the 、 of 府、街道办事处 (one such reading costs every
row a merged unit cell spans), a line-final 、 or ，, the “一 starting “一件事一次办”. Its
character positions tell where it read something; ink standing apart from every read
character (paper on both sides of it) was printed and not read. Each such stretch is
read again alone, a line's height tall and at the scale of a line (cropped to its own
ink the recogniser sees a blot), and what it reads there is put into the line at its
place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from extract.ocr.engine import Recognised, recognise
from extract.ocr.lines import TextLine, blank_but_own_rows
from extract.text import is_cjk

# A read character covers half an em of ink on each side of its centre (a full-width
# character's ink is ~0.9 em wide; positions jitter by a little), a half-width one a
# quarter.
COVER_PER_EM = 0.5
HALF_COVER_PER_EM = 0.25
# Unread ink at least this wide (per em) is read again: 、 is a quarter of an em wide, a
# speck of noise or the edge of a stroke much less.
UNREAD_MIN_PER_EM = 0.12
# ... and at least this tall (per em), a rule's remnant being one or two pixels.
UNREAD_MIN_HEIGHT_PER_EM = 0.12
# Unread runs of ink this close (per em) are one stretch (二三: two characters' strokes).
JOIN_PER_EM = 0.4
# White margin (per em) each side of a stretch read again.
MARGINS_PER_EM = (0.3, 0.6, 1.0)
# Ink past a line's box is looked at this far (per em) on either side.
BEYOND_PER_EM = 3.0
# Read characters on each side read with it: context the recogniser reads a mark in.
CONTEXT = 2
# What is read there is kept at this confidence at least: a stretch of noise read as a
# character scores low.
KEEP_ABOVE = 0.5
# Half-width marks the recogniser prints for full-width ones (the normaliser turns them).
_MARKS = ",;:()"


def _covers(line: Recognised, x0: float, em: float) -> list[tuple[float, float]]:
    out = []
    for char, _conf, centre, _space in line.chars:
        half = (COVER_PER_EM if is_cjk(char) or ord(char) > 0x2000 else HALF_COVER_PER_EM) * em
        out.append((x0 + centre - half, x0 + centre + half))
    return out


def unread_stretches(
    ink: np.ndarray, line: TextLine, read: Recognised, others: np.ndarray
) -> list[tuple[int, int]]:
    """(first column, last column + 1) in page pixels of each stretch of the line's ink
    that no read character covers and that paper parts from the ink of every read
    character: in its rows, inside its box and on past either end of it (the detector's
    box ends early over thin characters: 一 of 建设一二三产业 boxed, 二三 not) where the
    ink runs on in steps of at most an em and ``others`` (the boxes of the page's other
    lines) does not hold it."""
    em = line.ink_height
    if em <= 0 or not read.chars:
        return []
    top, bottom = round(line.top), round(line.bottom)
    reach = round(BEYOND_PER_EM * em)
    x0, x1 = max(0, round(line.box.x0) - reach), min(ink.shape[1], round(line.box.x1) + reach)
    window = ink[top:bottom, x0:x1] > 0
    inside = np.zeros(x1 - x0, dtype=bool)
    inside[round(line.box.x0) - x0 : round(line.box.x1) - x0] = True
    window[:, ~inside] &= ~others[top:bottom, x0:x1][:, ~inside]
    runs = _runs(np.asarray(window.any(axis=0)))
    runs = _joined_to_box(runs, inside, em)
    shift = round(line.box.x0) - x0
    covers = [(lo + shift, hi + shift) for lo, hi in _covers(read, 0.0, em)]

    def covered(run: tuple[int, int]) -> bool:
        return any(a < run[1] and run[0] < b for a, b in covers)

    stretches: list[list[int]] = []
    for i, run in enumerate(runs):
        if covered(run):
            continue
        # unread runs close together are one stretch (二三)
        if (
            stretches
            and run[0] - stretches[-1][1] <= JOIN_PER_EM * em
            and stretches[-1][2] == i - 1
        ):
            stretches[-1][1], stretches[-1][2] = run[1], i
            continue
        stretches.append([run[0], run[1], i])
    out = []
    for a, b, _last in stretches:
        rows = window[:, a:b].any(axis=1)
        if b - a < UNREAD_MIN_PER_EM * em or rows.sum() < UNREAD_MIN_HEIGHT_PER_EM * em:
            continue
        out.append((x0 + a, x0 + b))
    return out


def _runs(columns: np.ndarray) -> list[tuple[int, int]]:
    """(first, last + 1) of each run of inked columns."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, inked in enumerate(columns):
        if inked and start is None:
            start = i
        elif not inked and start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(columns)))
    return runs


def _joined_to_box(
    runs: list[tuple[int, int]], inside: np.ndarray, em: float
) -> list[tuple[int, int]]:
    """The runs inside the box, and those outside it reached from its ends in steps of
    at most an em of paper."""
    where = np.nonzero(inside)[0]
    if not len(where):
        return []
    lo, hi = int(where[0]), int(where[-1]) + 1
    kept = [r for r in runs if r[0] < hi and r[1] > lo]
    edge = hi
    for run in (r for r in runs if r[0] >= hi):
        if run[0] - edge > em:
            break
        kept.append(run)
        edge = run[1]
    edge = lo
    for run in (r for r in reversed(runs) if r[1] <= lo):
        if edge - run[1] > em:
            break
        kept.append(run)
        edge = run[0]
    return sorted(kept)


def _context(line: TextLine, read: Recognised, a: int, b: int) -> tuple[int, int, str, str]:
    """The stretch ``a``…``b`` widened over up to CONTEXT read characters on each side:
    (first column, last column + 1, the characters before, the characters after)."""
    em = line.ink_height
    covers = _covers(read, line.box.x0, em)
    before = [i for i, (_lo, hi) in enumerate(covers) if hi <= a][-CONTEXT:]
    after = [i for i, (lo, _hi) in enumerate(covers) if lo >= b][:CONTEXT]
    if before and after and after[0] != before[-1] + 1:
        return a, b, "", "\0"  # a read character between: not read again
    left = min([a, *(covers[i][0] for i in before)])
    right = max([b, *(covers[i][1] for i in after)])
    return round(left), round(right), *_texts(read, before, after)


def _texts(read: Recognised, before: list[int], after: list[int]) -> tuple[str, str]:
    text = [c for c, _conf, _x, _space in read.chars]
    return "".join(text[i] for i in before), "".join(text[i] for i in after)


def _crop(image: np.ndarray, line: TextLine, a: int, b: int, margin_per_em: float) -> np.ndarray:
    """Columns ``a``…``b`` of the line, its own ink rows and a margin, white around."""
    em = line.ink_height
    pad = round(0.25 * em)
    top = max(0, round(line.top) - pad)
    bottom = min(image.shape[0], round(line.bottom) + pad)
    margin = round(margin_per_em * em)
    crop = np.full((bottom - top, (b - a) + 2 * margin), 255, dtype=image.dtype)
    # The stretch is widened over characters the recogniser may place past the page's
    # edge (a line at the edge of a rotated page): only the page's own columns are copied,
    # each to its place in the crop, and the rest stays white.
    first, last = max(a, 0), min(b, image.shape[1])
    if first < last:
        crop[:, margin + first - a : margin + last - a] = image[top:bottom, first:last]
    # only the line's own ink rows (the edges of the lines above and below blanked)
    return blank_but_own_rows(crop, round(line.top) - top, round(line.bottom) - top)


def _kept(char: str, confidence: float) -> bool:
    return confidence >= KEEP_ABOVE and (is_cjk(char) or ord(char) > 0x2000 or char in _MARKS)


def with_unread_ink_read(
    image: np.ndarray,
    ink: np.ndarray,
    lines: Sequence[TextLine],
    readings: Sequence[Recognised],
    threads: int,
    int8: bool = False,
) -> tuple[list[TextLine], list[Recognised]]:
    """The lines and their readings with the characters read again in their unread
    stretches (see the module's note); a line's box widened over a stretch past its end
    (positions are in the pixels of the box)."""
    # (line index, first column, last column + 1, characters before, characters after)
    # (line index, crop's first column, last column + 1, context before, after, the
    # stretch's first column, last column + 1)
    asks: list[tuple[int, int, int, str, str, int, int]] = []
    others = np.zeros(ink.shape, dtype=bool)
    for line in lines:
        others[round(line.top) : round(line.bottom), round(line.box.x0) : round(line.box.x1)] = True
    for index, (line, read) in enumerate(zip(lines, readings, strict=True)):
        for a, b in unread_stretches(ink, line, read, others):
            left, right, before, after = _context(line, read, a, b)
            if after != "\0":
                asks.append((index, left, right, before, after, a, b))
    out_lines, out = list(lines), list(readings)
    if not asks:
        return out_lines, out
    # Each stretch is read at several margins, each set of crops as one batch: the
    # recogniser keeps or drops a small mark by the padding around it (府、街道 read with
    # the 、 at one margin of three), so the first reading that holds the context read
    # before, and something between it, is taken.
    tries = [
        recognise([_crop(image, lines[ask[0]], ask[1], ask[2], m) for ask in asks], threads, int8)
        for m in MARGINS_PER_EM
    ]
    for number, (index, left, _right, before, after, a, b) in enumerate(asks):
        for margin, again in zip(MARGINS_PER_EM, tries, strict=True):
            found = _between(again[number], before, after)
            if not found:
                continue
            line = out_lines[index]
            # the box over the stretch (its characters are placed in the box's pixels)
            box = replace(line.box, x0=min(line.box.x0, float(a)), x1=max(line.box.x1, float(b)))
            moved = line.box.x0 - box.x0
            shift = left - round(margin * line.ink_height) - box.x0
            merged = [
                *((c, conf, x + moved, space) for c, conf, x, space in out[index].chars),
                *((c, conf, x + shift, False) for c, conf, x, _s in found),
            ]
            merged.sort(key=lambda c: c[2])
            out_lines[index] = replace(line, box=box)
            out[index] = replace(
                out[index], text="".join(c[0] for c in merged), chars=tuple(merged)
            )
            break
    return out_lines, out


def _between(
    reading: Recognised, before: str, after: str
) -> tuple[tuple[str, float, float, bool], ...]:
    """The characters read between the context ``before`` and ``after``, where the
    reading holds that context as read before and everything between is kept."""
    text = "".join(c[0] for c in reading.chars)
    if not (text.startswith(before) and text.endswith(after)):
        return ()
    found = reading.chars[len(before) : len(reading.chars) - len(after)]
    if not all(_kept(c, conf) for c, conf, _x, _space in found):
        return ()
    return found
