"""Lines under a grey seal, read a second time with the text's thin strokes kept.

On a greyscale scan the seal's red has become a middle grey, and inside its ring what is
lighter than a cut between the text's grey and the seal's is taken out (`seal.py`). On a
blurred, brightened scan the text's thin strokes are as light as the seal's ink and go
with it: 2021年5月13日 read 2021年5月1313, 二〇一七 read 二（一七, and the notice had no
signing date. Keeping every thin stroke near the text instead (`grey_seals_thin_strokes_kept`)
reads those dates, but leaves bits of the ring beside other lines (六月三十日 read 六月十日
where the ring crosses 三). Neither page reads every line right, so each line the seal
touched is read on both and the reading the recogniser is surer of is kept.
"""

from __future__ import annotations

import numpy as np

from extract.metadata import _date_of
from extract.ocr.engine import Recognised, recognise
from extract.ocr.lines import TextLine, line_crop


def surer_under_seals(
    cleaned: np.ndarray,
    thin_kept: np.ndarray,
    lines: list[TextLine],
    read_lines: list[Recognised],
    threads: int,
    int8: bool,
) -> list[Recognised]:
    """``read_lines`` with each line whose crop differs on ``thin_kept`` (the page with the
    seals' thin text strokes kept, erased of rules as ``cleaned`` is) read there too, and
    that reading kept where its mean confidence is higher."""
    crops = [(line_crop(cleaned, line), line_crop(thin_kept, line)) for line in lines]
    touched = [i for i, (a, b) in enumerate(crops) if a.shape != b.shape or np.any(a != b)]
    if not touched:
        return read_lines
    again = recognise([crops[i][1] for i in touched], threads, int8)
    out = list(read_lines)
    for i, reading in zip(touched, again, strict=True):
        if reading.chars and reading.confidence > out[i].confidence:
            out[i] = reading
    return out


# A signing date's line as read (a misread one too): 年 and 月 among a few characters.
_DATE_MARKS = ("年", "月")
MAX_DATE_CHARS = 16
# Characters of different readings of one line at most this far apart (per line height)
# stand for the same printed character: half a half-width digit's advance.
SAME_PLACE_PER_HEIGHT = 0.3
BEAM = 2000


def _date_line(reading: Recognised) -> bool:
    text = "".join(reading.text.split())
    return len(text) <= MAX_DATE_CHARS and all(mark in text for mark in _DATE_MARKS)


def _is_date(reading: Recognised) -> bool:
    """Read as a date the notice's metadata takes (`extract.metadata._date_of`: one home
    for what a signing date is; 二一九年 with its 〇 lost is 2019, 二二一九年 no year)."""
    return _date_of("".join(reading.text.split())) is not None


def misread_dates(read_lines: list[Recognised]) -> bool:
    """Whether a line reads as a date line but not as a date (2021年5月1313)."""
    return any(_date_line(r) and not _is_date(r) for r in read_lines)


def dates_under_seals(
    pages: list[np.ndarray],
    lines: list[TextLine],
    read_lines: list[Recognised],
    threads: int,
    int8: bool,
) -> list[Recognised]:
    """``read_lines`` with each signing date under a seal that was not read as a date
    read on every page of ``pages`` (the seal taken out at several cuts, and left in) and
    put together character by character: where a date can be made of the readings'
    characters, the one the readings vote for most is kept. No single cut reads every date under a seal: the
    lightest keeps 〇 and 日's horizontals but also the seal's strokes across them
    (三 read 屈, 3 read 8), the darkest takes the seal out with 〇."""
    out = list(read_lines)
    for i, line in enumerate(lines):
        if not _date_line(read_lines[i]) or _is_date(read_lines[i]):
            continue  # not a date line, or read as a date already (the vote is kept for
            # the dates no single page reads: the pages taking the seal out at lighter
            # cuts drop the same thin strokes together, 三十日 read 十日 on three of six)
        crops = [line_crop(page, line) for page in pages]
        if all(crop.shape == crops[0].shape and np.all(crop == crops[0]) for crop in crops):
            continue  # no seal over this line
        # each alone, at its own width: a reading depends on the batch's padding
        readings = [recognise([crop], threads, int8)[0] for crop in crops]
        voted = voted_date([r for r in readings if r.chars], float(crops[0].shape[0]))
        if voted is not None:
            out[i] = voted
    return out


def voted_date(readings: list[Recognised], height: float) -> Recognised | None:
    """The date (`_is_date`) the readings' characters vote for most, place by place; None
    where no date can be made of them."""
    places = _places(readings, height * SAME_PLACE_PER_HEIGHT)
    choices = [_choices(place, readings) for place in places]
    beam: list[tuple[float, str, tuple[tuple[str, float, float, bool], ...]]] = [(0.0, "", ())]
    for options in choices:
        grown = [
            (score + vote, text + char, chars + ((char, conf, x, False),) if char else chars)
            for score, text, chars in beam
            for char, vote, conf, x in options
        ]
        grown.sort(key=lambda item: -item[0])
        beam = grown[:BEAM]
    dates = [item for item in beam if _date_of(item[1]) is not None]
    if not dates:
        return None
    _score, text, chars = max(dates, key=lambda item: item[0])
    return Recognised(text, float(np.mean([c[1] for c in chars])), chars)


def _places(readings: list[Recognised], reach: float) -> list[list[tuple[int, str, float, float]]]:
    """The readings' characters (reading, char, confidence, x) grouped by where they
    stand: left to right, a character joins the place before it where it is within
    ``reach`` of the place's first character and its reading has none there yet."""
    found = sorted(
        ((k, c, conf, x) for k, r in enumerate(readings) for c, conf, x, _s in r.chars),
        key=lambda item: item[3],
    )
    places: list[list[tuple[int, str, float, float]]] = []
    for item in found:
        place = places[-1] if places else None
        if place and item[3] - place[0][3] <= reach and all(p[0] != item[0] for p in place):
            place.append(item)
        else:
            places.append([item])
    return places


def _choices(
    place: list[tuple[int, str, float, float]], readings: list[Recognised]
) -> list[tuple[str, float, float, float]]:
    """(char, vote, confidence, x) for each character read at a place, and ("", vote, 0,
    0) for reading nothing there: a character's vote is the sum of its readers'
    confidences, nothing's the sum of the mean confidences of the readings without it."""
    votes: dict[str, list[tuple[float, float]]] = {}
    for _k, char, conf, x in place:
        votes.setdefault(char, []).append((conf, x))
    out = [
        (char, sum(c for c, _ in got), max(c for c, _ in got), float(np.mean([x for _, x in got])))
        for char, got in votes.items()
    ]
    readers = {k for k, *_ in place}
    nothing = sum(r.confidence for k, r in enumerate(readings) if k not in readers)
    if nothing > 0:
        out.append(("", nothing, 0.0, 0.0))
    return out
