"""A signing date the recogniser misread (a seal printed over it on a scan) is said,
never guessed, and neither it nor the signature above it is taken into the body."""

from __future__ import annotations

from extract.api import extract_bytes
from extract.metadata import notice_metadata

BODY = [
    "梁山县人民政府办公室关于印发2021年政务公开工作要点的通知",
    "各乡镇人民政府：",
    "现将要点印发给你们，请认真贯彻落实。",
]


def test_a_misread_signing_date_ends_the_body_with_its_signature() -> None:
    """2021年5月13日 read 2021年5月1313 under a grey seal: the signature was not followed
    by a date, so it and the date line ran on into the body."""
    meta = notice_metadata(
        [*BODY, "梁山县人民政府办公室", "2021年5月1313"], columns=[], has_task_table=False
    )
    assert meta["body"] == "各乡镇人民政府：\n现将要点印发给你们，请认真贯彻落实。"
    assert meta["issuer"] == "梁山县人民政府办公室"
    assert meta["publish_date"] is None
    assert meta["year"] == 2021


def test_a_chinese_numeral_years_zero_read_as_a_bracket_is_a_zero() -> None:
    """The thin ring of 〇 under the seal's grey read as （: 二（一七年六月三十日."""
    meta = notice_metadata(
        [*BODY, "宁阳县人民政府办公室", "二（一七年六月三十日"], columns=[], has_task_table=False
    )
    assert meta["publish_date"] == "2017-06-30"


PAGE = (
    "<html><head><meta charset='utf-8'><title>{0}</title></head><body><h1>{0}</h1>"
    "<p>{1}</p><p>{2}</p><p>梁山县人民政府办公室</p><p>2021年5月1313</p></body></html>"
).format(*BODY)


def test_a_signing_date_seen_but_not_read_is_a_problem() -> None:
    extraction = extract_bytes(PAGE.encode("utf-8"), name="notice.html")
    assert extraction.meta["publish_date"] is None
    assert extraction.meta["year"] == 2021
    unread = [p for p in extraction.problems if "signing date" in p.text]
    assert [p.kind for p in unread] == ["low_confidence"]
    assert "2021年5月1313" in unread[0].text
