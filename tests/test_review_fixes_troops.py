"""Review fixes of the round-6 troop rules (issue 13): each with a sentence in another outlet's
phrasing than the review's, that failed before the fix, and a control that keeps its reading."""
from datetime import date

import pytest

from lib.extract import extract_claims

PUB = date(2024, 3, 10)


def troops(text: str) -> list[tuple]:
    return sorted((c["value"], c["qualifier"], c["when"])
                  for c in extract_claims(text, PUB) if c["kind"] == "troops")


# ---------------------------------------------------------------- a casualty word on the line before (review item 4)
@pytest.mark.parametrize("text,expected", [
    # a title has no full stop: its casualty word is not the object of the next line's figure
    ("مقتل جندي أمريكي وإصابة آخرين بهجوم شرق سوريا\n900 جندي أمريكي ينتشرون في سوريا لمحاربة داعش.",
     [(900, "exact", "current")]),
    ("هجوم بطائرة مسيّرة على قاعدة التنف يوقع إصابات بين الجنود الأمريكيين\n"
     "نحو 2000 جندي أمريكي ما زالوا منتشرين في سوريا.", [(2000, "approx", "current")]),
    # a line whose casualty word lies far from its end has its own object: the next line is read for itself
    ("قال مسؤول أمريكي إن مقتل الجندي في الهجوم أثار جدلاً واسعاً في واشنطن\n"
     "900 جندي أمريكي ينتشرون في سوريا.", [(900, "exact", "current")]),
    # control: the word ends a line broken inside the sentence (not the title): the next line's soldiers are the hurt
    ("قالت القيادة المركزية إن القصف على القاعدة أدى إلى مقتل مترجم وجرح\n"
     "ثلاثة جنود أمريكيين.\nوتنشر واشنطن 900 جندي في سوريا.", [(900, "exact", "current")]),
])
def test_casualty_word_on_the_line_before(text, expected):
    assert troops(text) == expected
