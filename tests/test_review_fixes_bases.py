"""Regression tests for the review of the round-6 base rules (issue 13, round 6 review, items 5-7,
13, 14 and 25): each case failed before its fix; each has a control that must stay as it was."""
from datetime import date

from lib.extract import extract_claims

PUB = date(2024, 3, 10)


def statuses(text: str) -> dict[str, tuple[str, str | None]]:
    return {c["place_id"]: (c["status"], c.get("when"))
            for c in extract_claims(text, PUB) if c["kind"] == "base_status" and c.get("place_id")}


# --- item 5: a town named again is its base only shortly after, and not as an administration's town ---

def test_the_town_under_an_administration_is_not_the_base_left():
    assert statuses("انسحبت القوات الأمريكية من قاعدة الشدادي. وتسلمت الحكومة إدارة الشدادي بعد أيام.") == \
        {"shaddadi_base": ("withdrawn", None)}
    assert statuses("وأخلت القوات الأمريكية قاعدة الشدادي جنوب الحسكة. وتسلم مجلس الشدادي المحلي مهامه أمس.") == \
        {"shaddadi_base": ("withdrawn", None)}


def test_a_town_named_long_after_its_base_is_the_town():
    filler = " ".join("وقال مسؤول محلي إن الأوضاع في المنطقة هادئة." for _ in range(5))
    text = f"انسحبت القوات الأمريكية من قاعدة الشدادي. {filler} وتسلمت القوات الحكومية الشدادي."
    assert statuses(text) == {"shaddadi_base": ("withdrawn", None)}


def test_control_the_town_named_right_after_its_base_is_still_the_base():
    text = ("غادرت القوات الأمريكية قاعدتي الشدادي وحقل العمر خلال الأسبوع. وأنهت القوات وجودها في الشدادي بعد "
            "أيام، قبل أن يتسلم الجيش السوري القاعدة.")
    assert statuses(text)["shaddadi_base"] == ("handed_over", None)
