"""A line crop with no pixels (a line box the page's edge cut to nothing: an image larger
than its page) is read as nothing, and the other lines of the call are read as they are
alone. Before, OpenCV raised on the empty crop and the whole document became a
``parser_error``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extract.ocr import engine

pytestmark = pytest.mark.ocr


_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")  # installed by .ci/run


def _line() -> np.ndarray:
    """A greyscale crop of one printed line: 政务公开 in WenQuanYi Zen Hei."""
    if not _FONT.exists():
        pytest.skip(f"no {_FONT} (fonts-wqy-zenhei) to print the line with")
    image = Image.new("L", (200, 48), 255)
    font = ImageFont.truetype(str(_FONT), 32)
    ImageDraw.Draw(image).text((8, 6), "政务公开", font=font, fill=0)
    return np.asarray(image)


@pytest.mark.parametrize("shape", [(0, 40), (30, 0), (0, 0)])
def test_an_empty_line_crop_reads_as_nothing_and_the_others_as_alone(
    shape: tuple[int, int],
) -> None:
    line = _line()
    alone = engine.recognise([line], threads=1)
    both = engine.recognise([np.zeros(shape, np.uint8), line], threads=1)
    assert both[0] == engine.Recognised("", 0.0, ())
    assert both[1] == alone[0]
    assert alone[0].text == "政务公开"
