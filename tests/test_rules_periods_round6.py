"""Attack periods, round 6 (issue 13; tests/data/dev_gold_tune6_periods.json): each rule in other
outlets' phrasing than the tuning article's, with a sentence it must leave alone."""
from datetime import date

from lib.extract import extract_claims
from lib.text.dates import find_dates
from lib.text.textnorm import normalize


def spans(text: str, pub: date | None) -> list[tuple[str, str, bool]]:
    return [(d.period_start.isoformat(), d.period_end.isoformat(), d.since) for d in find_dates(normalize(text), pub)]


def attacks(text: str, pub: date | None) -> list[tuple[float, str | None, str | None]]:
    return [(c["value"], c["period_start"] and c["period_start"].isoformat(), c["period_end"] and c["period_end"].isoformat())
            for c in extract_claims(text, pub) if c["kind"] == "attacks"]


# ---------------------------------------------------------------- since an event a verb dates, until another
def test_since_an_event_that_a_verb_dates_until_another_is_one_span():
    # "منذ بداية شهر رمضان الذي صادف ... وحتى ... الذي صادف يوم ...": from the first date to the second
    text = ("ومنذ حلول عيد الفطر الذي وافق 10 نيسان 2024 وحتى نهاية الشهر التالي الموافق 31 أيار، سجلت "
            "الشبكة 37 هجوماً لخلايا التنظيم.")
    assert spans(text, date(2024, 6, 3)) == [("2024-04-10", "2024-05-31", True)]
    assert attacks(text, date(2024, 6, 3)) == [(37, "2024-04-10", "2024-05-31")]


def test_since_an_event_that_a_verb_dates_runs_to_the_report():
    text = "وأحصى المرصد منذ سقوط النظام الذي صادف يوم 8 كانون الأول 2024، نحو 60 هجوماً للتنظيم."
    assert attacks(text, date(2025, 1, 5)) == [(60, "2024-12-08", "2025-01-05")]


def test_a_dated_event_without_since_or_until_stays_a_day():
    # no "منذ": the day the verb gives is the event's, no span
    text = "وجاء الهجوم في عيد الفطر الذي صادف 10 نيسان 2024 وقتل فيه ثلاثة عناصر."
    assert spans(text, date(2024, 6, 3)) == [("2024-04-10", "2024-04-10", False)]
    # "حتى" with a clause mark between is another clause's date, not the span's end
    text = "منذ حلول العيد الذي صادف 10 نيسان 2024، وقتل حتى الآن في 2 أيار ثلاثة"
    assert spans(text, date(2024, 6, 3))[0] == ("2024-04-10", "2024-06-03", True)


# ---------------------------------------------------------------- a month with its year in brackets
def test_a_bracketed_year_after_a_month_only_says_its_year():
    text = "وتبنى التنظيم خلال تشرين الثاني 2023 (الشهر قبل الأخير من العام الماضي) قرابة 40 هجوماً في سوريا."
    assert attacks(text, date(2024, 1, 15)) == [(40, "2023-11-01", "2023-11-30")]
    assert spans(text, date(2024, 1, 15)) == [("2023-11-01", "2023-11-30", False)]


def test_a_year_outside_brackets_or_of_another_span_stays():
    # a year of its own after a comma is another span
    assert len(spans("خلال تشرين الثاني 2023، والعام الماضي", date(2024, 1, 15))) == 2
    # a bracketed year that does not hold the month is not its restatement
    assert len(spans("في آذار 2024 (مقارنة بالعام 2022)", date(2024, 5, 1))) == 2


def test_of_two_readings_as_long_the_one_with_a_written_year_wins():
    # "خلال أيار" and "أيار 2021" are as long: the year written out says which May
    assert spans("خلال أيار 2021(وهو شهر", date(2023, 6, 1)) == [("2021-05-01", "2021-05-31", False)]


# ---------------------------------------------------------------- the highest since a date compares with it
def test_the_highest_since_a_date_is_not_the_counts_period():
    text = ("ويعد هذا أدنى مستوى شهري منذ كانون الثاني 2020، إذ نفذ التنظيم 9 هجمات في 3 محافظات خلال شهر "
            "شباط.")
    assert attacks(text, date(2021, 3, 10)) == [(9, "2021-02-01", "2021-02-28")]


def test_a_since_in_the_counts_own_clause_still_gives_its_period():
    text = "ونفذ التنظيم أكبر عدد من الهجمات، 120 هجوماً منذ كانون الثاني 2020."
    assert attacks(text, date(2020, 6, 1)) == [(120, "2020-01-01", "2020-06-01")]


# ---------------------------------------------------------------- the span of the sentence before
def test_a_count_takes_the_span_the_sentence_before_tells_its_attacks_over():
    text = ("صعّد تنظيم داعش هجماته في ريف دير الزور خلال الأيام الثلاثة الماضية. "
            "وشنت خلاياه 5 هجمات على حواجز لقوات سوريا الديمقراطية في ذيبان والشحيل.")
    assert attacks(text, date(2021, 9, 12)) == [(5, "2021-09-09", "2021-09-12")]


def test_a_count_keeps_no_period_after_a_sentence_with_a_count_or_two_dates():
    # the sentence before counts attacks itself: its period is that count's
    text = ("نفذ تنظيم داعش 12 هجوماً خلال الأيام الثلاثة الماضية. "
            "وشنت خلاياه 5 هجمات على حواجز لقوات سوريا الديمقراطية.")
    got = dict((v, (a, b)) for v, a, b in attacks(text, date(2021, 9, 12)))
    assert got[12] == ("2021-09-09", "2021-09-12")
    # the sentence before tells no attacks: its span is not the count's
    text = ("ارتفعت درجات الحرارة خلال الأيام الثلاثة الماضية في دير الزور. "
            "وشنت خلايا داعش 5 هجمات على حواجز لقوات سوريا الديمقراطية.")
    assert attacks(text, date(2021, 9, 12)) == [(5, None, None)]


# ---------------------------------------------------------------- a week's tally announced on a day before
def test_a_weeks_tally_announced_on_an_earlier_day_ends_on_that_day():
    text = ("وكانت صحيفة النبأ قد أعلنت الخميس الماضي، تبني التنظيم 11 هجوماً في سوريا خلال الأسبوع، "
            "معظمها في دير الزور.")
    # published on Monday 13 March 2023: "last Thursday" is 9 March
    assert attacks(text, date(2023, 3, 13)) == [(11, "2023-03-02", "2023-03-09")]


def test_a_weeks_tally_with_no_earlier_day_ends_on_publication():
    text = "تبنى التنظيم 11 هجوماً في سوريا خلال الأسبوع، معظمها في دير الزور."
    assert attacks(text, date(2023, 3, 13)) == [(11, "2023-03-06", "2023-03-13")]
    # a day that is no announcement (the day of an attack) does not move the week
    text = "وقتل جندي يوم الخميس الماضي، وبذلك يكون التنظيم قد نفذ 11 هجوماً في سوريا خلال الأسبوع."
    assert attacks(text, date(2023, 3, 13)) == [(11, "2023-03-06", "2023-03-13")]


def test_during_the_week_past_is_still_last_week():
    # "خلال الأسبوع الماضي" is not "خلال الأسبوع" at a clause end
    assert spans("خلال الأسبوع الماضي", date(2023, 3, 13)) == [("2023-03-06", "2023-03-12", False)]


# ---------------------------------------------------------------- recall: parts and compared months
def test_a_part_told_with_from_these_counts():
    text = ("سجل مرصد محلي 25 هجوماً لخلايا داعش في ريف دير الزور خلال آذار 2022، وتبنى التنظيم 14 من هذه "
            "الهجمات عبر معرفاته.")
    assert attacks(text, None) == [(25, "2022-03-01", "2022-03-31"), (14, "2022-03-01", "2022-03-31")]
    # "من هذه" before another noun is no part of the count
    text = "سجل مرصد محلي 25 هجوماً لخلايا داعش خلال آذار 2022، وقتل 14 من هذه العناصر."
    assert [v for v, _, _ in attacks(text, None)] == [25]


def test_the_figure_of_a_month_compared_with_in_brackets_is_a_count_of_that_month():
    text = "• سجلت الشبكة 31 هجوماً لداعش في شهر آب 2023، بزيادة واضحة مقارنة بشهر تموز (22)."
    assert attacks(text, None) == [(31, "2023-08-01", "2023-08-31"), (22, "2023-07-01", "2023-07-31")]


def test_a_bracketed_figure_with_a_noun_or_without_a_comparison_is_no_count():
    text = "• سجلت الشبكة 31 هجوماً لداعش في شهر آب 2023، بزيادة واضحة مقارنة بشهر تموز (22 قتيلاً)."
    assert [v for v, _, _ in attacks(text, None)] == [31]
    text = "• سجلت الشبكة 31 هجوماً لداعش في شهر آب 2023، وفي شهر تموز (22)."
    assert [v for v, _, _ in attacks(text, None)] == [31]


def test_a_month_compared_with_after_the_count_is_not_its_period():
    # with no publication date and no other date the count has none; June is the other figure's
    text = "ووثقت المنظمة 18 هجوماً لخلايا التنظيم، بانخفاض مقارنة بشهر حزيران 2022."
    assert attacks(text, None) == [(18, None, None)]
    text = "ونفذ التنظيم 9 هجمات تبناها مقابل 13 هجوماً في شهر أيار 2022."
    assert attacks(text, None) == [(9, None, None), (13, "2022-05-01", "2022-05-31")]


# ---------------------------------------------------------------- precision: not counts, or not Syria's
def test_by_how_much_a_count_grew_is_not_a_count():
    text = "ونفذ التنظيم 30 هجوماً في آب، أي أكثر بواقع هجومين مما سجل في تموز."
    assert [v for v, _, _ in attacks(text, date(2023, 9, 2))] == [30]
    text = "ونفذ التنظيم 30 هجوماً في آب، بزيادة 6 هجمات عن تموز."
    assert [v for v, _, _ in attacks(text, date(2023, 9, 2))] == [30]


def test_operations_to_bring_people_home_are_not_attacks():
    text = "ونفذ داعش 12 عملية في دير الزور، فيما جرت 4 عمليات لإعادة لاجئين عراقيين من مخيم الهول."
    assert [v for v, _, _ in attacks(text, None)] == [12]


def test_a_sentence_fronted_with_a_place_outside_syria_counts_there():
    text = ("تبنى داعش 40 هجوماً في سوريا الأسبوع الماضي. "
            "وفي أفغانستان، أعلن التنظيم مسؤوليته عن 22 هجوماً في الفترة ذاتها.")
    assert [v for v, _, _ in attacks(text, date(2022, 5, 2))] == [40]
    # a list line labelled with one, and the breakdown that follows it
    text = ("نفذ تنظيم داعش 25 عملية في سوريا خلال أسبوع. "
            "• (ولاية الصومال): 9 في 4 عمليات. "
            "• (ولاية العراق): 12 في 7 عمليات. توزعت على 5 عمليات في كركوك وعمليتين في ديالى. "
            "• (ولاية الشام): 6 في 3 عمليات.")
    assert [v for v, _, _ in attacks(text, date(2022, 5, 2))] == [25, 3]


def test_a_fronted_place_joined_to_syria_or_a_count_placed_in_syria_stays():
    text = "وفي العراق وسوريا، نفذ التنظيم 50 هجوماً منذ مطلع العام."
    assert [v for v, _, _ in attacks(text, date(2022, 5, 2))] == [50]
    text = "وفي العراق، قال المتحدث إن التنظيم نفذ 8 هجمات في سوريا خلال الأسبوع."
    assert [v for v, _, _ in attacks(text, date(2022, 5, 2))] == [8]


def test_a_month_after_a_glued_preposition_and_month_word_is_a_date():
    assert spans("مقارنة بشهر أبريل", date(2021, 6, 5)) == [("2021-04-01", "2021-04-30", False)]
    assert spans("تقرير لشهر أيار الماضي", date(2021, 6, 5)) == [("2021-05-01", "2021-05-31", False)]



def test_a_part_added_with_in_addition_to_is_a_breakdown():
    text = ("وتوزعت الهجمات على 12 هجوماً في ريف دير الزور، و5 في الرقة، بالإضافة إلى ثلاثة في ريف حلب "
            "خلال تموز 2021.")
    assert sorted(v for v, _, _ in attacks(text, None)) == [3, 5, 12]
    # "إضافة إلى" before a figure that is no part ("إضافة إلى 40 قتيلاً") adds no count
    text = "نفذ التنظيم 12 هجوماً في ريف دير الزور خلال تموز 2021، إضافة إلى 40 قتيلاً من قوات النظام."
    assert [v for v, _, _ in attacks(text, None)] == [12]


def test_the_lexicon_names_each_key_once():
    # (a key written twice in lexicon.json silently keeps only its last list)
    import json
    from collections import Counter

    from lib.reference import REFERENCE_DIR

    def unique(pairs):
        twice = [k for k, n in Counter(k for k, _ in pairs).items() if n > 1]
        assert not twice, twice
        return dict(pairs)

    json.loads((REFERENCE_DIR / "lexicon.json").read_text(encoding="utf-8"), object_pairs_hook=unique)


# ---------------------------------------------------------------- spans of years
def test_the_past_years_and_two_years_joined_are_spans():
    text = "وقال التقرير إن خلايا التنظيم نفذت 260 هجوماً في شمال شرق سوريا خلال العامين الماضيين."
    assert attacks(text, date(2022, 6, 15)) == [(260, "2020-06-15", "2022-06-15")]
    assert spans("على مدى الأعوام الثلاثة الأخيرة", date(2022, 6, 15)) == [("2019-06-15", "2022-06-15", False)]
    text = "وتبنى داعش 1100 هجوم في سوريا خلال عامي 2020 و2021، بحسب إحصاء للباحثين."
    assert attacks(text, None) == [(1100, "2020-01-01", "2021-12-31")]


def test_years_ahead_or_out_of_order_or_without_a_count_are_no_span():
    assert spans("خلال العامين المقبلين", date(2022, 6, 15)) == []
    # years out of order make no span (and no backwards one); in order they do
    assert spans("بين عامي 2021 و2020", date(2022, 6, 15)) == []
    assert spans("بين عامي 2020 و2021", date(2022, 6, 15)) == [("2020-01-01", "2021-12-31", False)]
    assert spans("في السنوات الماضية", date(2022, 6, 15)) == []


# ---------------------------------------------------------------- a group named in quotes
def test_a_group_named_in_quotes_is_named():
    # the tokens drop the quotes; the gate scan over the text now lets them in between a phrase's words
    text = "وتبنى تنظيم «الدولة الإسلامية» تنفيذ 12 عملية ضد قوات النظام في البادية خلال آب 2021."
    got = [(c["value"], c["actor"]) for c in extract_claims(text, None) if c["kind"] == "attacks"]
    assert got == [(12, "ISIS")]
    text = 'وتبنى تنظيم "الدولة" تنفيذ 12 عملية ضد قوات النظام في البادية خلال آب 2021.'
    assert [(c["value"], c["actor"]) for c in extract_claims(text, None) if c["kind"] == "attacks"] == [(12, "ISIS")]


def test_a_comma_between_the_words_is_no_group_name():
    from lib.extract import ArticleExtractor

    s = ArticleExtractor("عقدت الهيئة اجتماع تنظيم، الدولة فيه غائبة.", None).sentences[0]
    assert "group:ISIS" not in s.gates
