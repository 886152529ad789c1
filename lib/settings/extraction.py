"""Limits and tunables of the extraction rules (lib/extract, lib/text): how far, in tokens,
sentences, characters or days, a rule looks from a figure for what qualifies it. Each value
says what it bounds and why it has its size. Re-exported by lib.settings: code reads them as
`settings.NAME`, like every other setting."""

# --- shared by several kinds (read by lib/extract/context.py, attack_restated.py, counts.py, kinds/strikes.py,
# kinds/bases.py) ---
# Sentences at the head of an article (its title line and the first sentence under it), whose dates
# date the report (context.py's since_end), the raid a strike count reports (kinds/strikes.py), whose
# period-less counts a later count may restate (attack_restated.py), and whose planned change of a
# base is the news when nothing else was done to it (kinds/bases.py: "واشنطن تدرس إغلاق قاعدة التنف"
# over "تعرضت القاعدة لهجمات خلال الأشهر الماضية").
LEAD_SENTENCES = 2

# lib/extract/counts.py and lib/extract/kinds/bases.py (a bulleted list under a count):
# Bulleted lines after a count ending "توزعت على النحو التالي:" read as its parts ("- 13 على قاعدة حقل
# العمر"); lists of where attacks fell run to a dozen lines at most.
COUNT_LIST_LINES = 20

# --- article dating: dates read in the text (read by lib/text/anniversary.py, lib/text/date_periods.py) ---
# lib/text/anniversary.py (the event an anniversary is of):
# Characters after "الذكرى السنوية الأولى" within which the event it is said of is named ("لتحرير ريف
# دير الزور الشرقي، بعد طرد مسلحي داعش من بلدة الباغوز": about 80 characters in seed 003). Further
# on, a sentence usually names other things, and a dated event there is not the anniversary's.
ANNIVERSARY_EVENT_REACH = 160

# lib/text/date_periods.py (spans after "منذ"، "وحتى"; a year that only restates one):
DATE_SINCE_EVENT_WORDS = 6  # words of the event between "منذ" and "في <date>" ("منذ سقوط النظام في 8 ...")
DATE_SINCE_NOUN_CHARS = 16  # characters of text before a date looked at for "منذ تاريخ"
DATE_SINCE_EVENT_CHARS = 80  # characters of text before a date looked at for that "منذ"
DATE_UNTIL_EVENT_WORDS = 8  # words from "وحتى" to the date that ends a span through an event it dates ("وحتى تاريخ
# 26 رمضان والذي صادف يوم 17 أبريل": 7); longer, the date is another clause's
DATE_RESTATED_YEAR_WORDS = 5  # words between a month and a bracketed year that only says which year it is in
# ("كانون الأول 2020 (الشهر الأخير من العام المنصرم)": 4)

# --- troop figures (read by lib/extract/kinds/troops.py, troop_scope.py, troop_time.py) -----------------
# lib/extract/kinds/troops.py (which figures are troop levels):
# The largest troop figure read as the coalition's level in Syria when the sentence also names the
# region, the Middle East or another country (lib/extract/kinds/troops.py). US troops in Syria have
# never been reported above a few thousand (2,000 at the most the gold files hold); "عدد الجنود في
# المنطقة نحو 40 ألف جندي" is the region's. A larger figure with no such word is kept (and flagged
# by ingest's plausibility bounds, data/reference/plausibility.json).
TROOP_LEVEL_IN_SYRIA_MAX = 10000
TROOP_ELSEWHERE_REACH = 12  # tokens back a country named before a figure places it there
TROOP_BARE_MIN = 10  # a bare figure below this after "عدد القوات" is no level (a count of units, an ordinal)
TROOP_COUNT_REACH = 12  # tokens back from a bare figure to "عدد القوات" it ends
TROOP_VAGUE_LEVEL_MIN = 1000  # "مئات"، "عشرات" (a vague amount below this) is no troop figure (CONVENTIONS.md)
TROOP_CASUALTY_REACH = 6  # tokens before a figure, in its clause, where "المصابين"، "أصيب" make it a casualty count
# Tokens after a troop noun within which a word of the dead or hurt ("قتلوا"، "، بين قتيل وجريح"،
# "تعرضوا لإصابات") makes the figure a casualty count: the noun's adjective and a hedge ("أمريكيا
# على الأقل") take 3, the verb and its object 2.
TROOP_CASUALTY_AFTER_REACH = 6
TROOP_CASUALTY_LIST_REACH = 12  # tokens back from a figure to "مقتل 15 شخصاً بينهم" whose list it is in
TROOP_CASUALTY_LINE_END_REACH = 2  # last tokens of a line broken mid-sentence where a word of the dead or hurt
# ("أسفر عن مقتل متعاقد وإصابة\nخمسة جنود") makes the figure opening the next line its object: the word ends
# the line, or one token (a preposition, "إصابة بين\n") follows it; further back it has its own object already
# Smallest figure after which the plural "قوات أمريكية" counts soldiers ("نحو 900 قوات أمريكية", a translated
# "900 U.S. troops"): Arabic counts 11 and up with a singular noun ("900 جندي"), so a plural there is the
# translation's; from 3 to 10 the plural is the Arabic one, and "3 قوات أمريكية" is three forces.
TROOP_FORCES_NOUN_MIN = 11
TROOP_DENIAL_REACH = 12  # tokens back from a troop figure, in its clause, where a word of denial ("ونفى البنتاغون أن يكون
# عدد قواته قد وصل إلى 3000 جندي": 8) makes it no level; the clause mark before it bounds it first

# lib/extract/kinds/troops.py and troop_time.py:
TROOP_CLAUSE_REACH = 12  # tokens back from a troop figure (or from the comma before its clause) to where its clause
# starts when no comma comes first: the window its tense words, its actor and a restated clause are read in
# ("وأعلن البنتاغون في بيان الإبقاء على نحو 900 جندي": 7); the same reach as TROOP_COUNT_REACH's "عدد القوات"

# lib/extract/troop_scope.py (whose troops a figure counts, and where):
# Tokens back from a figure, in its clause, to the "عدد" that makes a weak noun after it count troops
# ("عدد العسكريين الأميركيين الذين سيبقون في سوريا سيكون أقل من ألف عنصر": 9 tokens in tune4's 170);
# the same reach as the bare "عدد القوات ... نحو 900" rule of lib/extract/kinds/troops.py.
TROOP_COUNT_NOUN_REACH = 12
# Tokens after a troop noun within which the first country named is the figure's destination or
# place ("1500 جندي من الحرس الوطني التابع لجيش نيوجيرسي في العراق وسورية": 8 tokens; a unit's
# name and a verb may add 2 more). Further on, and past a comma, a country is another subject's.
TROOP_DESTINATION_REACH = 12
# Tokens around a figure where a named site places it ("350 عسكرياً ... منتشرين في البرج 22"), and
# back from the comma before an appositive on a base ("البرج 22، قاعدة عسكرية تضم نحو 350").
TROOP_SITE_REACH = 10
TROOP_CHANGED_FORCE_REACH = 2  # tokens after a verb of change where its force is named ("خفضت واشنطن قواتها")
TROOP_ANAPHOR_REACH = 3  # tokens from "العدد" to the figure it is ("العدد هو 600"، "الرقم يبلغ نحو 900")
TROOP_MOVER_REACH = 3  # tokens before "N آخرين" where a verb withdrawing or sending troops governs it
TROOP_PLACED_REACH = 4  # tokens before a bare figure where "في سوريا" places it ("في سوريا قرابة 900")
TROOP_STAY_REACH = 5  # tokens after "عدد" to the verb of staying its relative clause has ("عدد القوات التي ستبقى")
TROOP_OWNER_REACH = 3  # tokens after "عدد" within which a US/coalition marker owns the troops ("عدد الجنود الأمريكيين")

# lib/extract/troop_time.py (a figure's time: current, past or planned):
# Tokens after a troop figure within which a verb of staying ("900 من العسكريين الأمريكيين قد يظلون
# في سوريا") makes it planned: the noun phrase after the figure runs up to 4 tokens.
KEEP_AFTER_FIGURE_REACH = 6
TROOP_DATED_BEFORE_DAYS = 7  # a statement dated more than this before publication tells of then, not now
TROOP_OLD_FIGURE_DAYS = 90  # a level dated more than this before publication is a past one
TROOP_PAST_AFTER_REACH = 4  # tokens after a figure where "كما كان"، "سابقاً" make it a past one
TROOP_INTENT_REACH = 3  # tokens from "سيتم"/"قرر" to the verb of keeping it governs ("سيتم الإبقاء على")
TROOP_REMAINING_REACH = 4  # tokens before a figure where "مع بقاء"، "على أن يبقى" introduce the level left
# Tokens from "أعلن" to the noun of withdrawal it announces ("أعلن مسؤول أمريكي اليوم في مقابلة مع
# قناة العربية انسحاب": 9), in its clause
TROOP_ANNOUNCED_REACH = 10
TROOP_COMPARED_REACH = 3  # tokens from "مقارنة"/"بالمقارنة مع" to the figure it compares with ("مقارنة بـ900")
# Tokens before the figure's clause where "ضعف" may compare it ("أكثر من ضعف العدد المعلن من قبل،")
TROOP_MULTIPLE_REACH = 8
# Tokens between "لسنوات"/"لطالما" and the verb of saying it qualifies ("قالت الولايات المتحدة علناً
# لسنوات")
TROOP_SAID_REACH = 4
TROOP_SEND_REACH = 8  # tokens from "أرسلت"/"عملية نشر" to the figure it sends ("شملت ست مركبات و100 جندي")
TROOP_LISTED_CLAUSE_REACH = 16  # tokens back from the comma over which a figure listed after the clause's troop
# figure (", وأكثر من 900 في سوريا") looks for that clause's time ("وفي حين كانت الولايات المتحدة تمتلك نحو 2500
# جندي في العراق في بداية عام 2025": 15); the whole clause, where a restating opener looks back 12
TROOP_WITHDRAW_SUBJECT_REACH = 8  # tokens back from a troop figure to a verb of withdrawing whose subject stands between
# ("وسحبت وزارة الدفاع الأمريكية 600 جندي": 4 tokens back; a subject with a title and a name takes up to 7)
TROOP_ADDED_DESTINATION_REACH = 4  # tokens after a troop figure within which "إلى" or a place with "ل" ("لسوريا")
# gives troops marked as added a destination ("500 جندي أمريكي إضافي إلى سوريا": 3, moved), so they are not told
# as there ("1500 جندي إضافي في سوريا")

# --- attack counts and periods (read by lib/extract/kinds/attacks.py, counts.py, attack_periods.py, context.py)
# lib/extract/kinds/attacks.py (ordinals, "للمرة الثانية", counts launched by US/coalition forces):
# Tokens from an ordinal to the period it counts over ("الهجوم السادس على القواعد ... خلال أسبوع")
ATTACK_PERIOD_REACH = 6
ATTACK_VERB_REACH = 12  # tokens from "استهدفت" (its object, a named base, and a weapon between) to "40 مرة"
ATTACK_TIMES_CLAUSE = 8  # tokens of "التي تتعرض فيها القاعدة لهجوم" after "المرة الخامسة" that may name the attack
ATTACK_TIMES_BACK = 20  # tokens back from "للمرة الثانية" in its clause to the attack it numbers
ATTACK_BASE_AFTER = 3  # tokens from an ordinal to the base it counts the attacks on ("الرابع عشر على قاعدة الشدادي")
ATTACK_LAUNCH_GAP = 2  # tokens from a verb of launching to the group, its subject ("شنت القوات الأمريكية")
ATTACK_LAUNCH_AFTER = 4  # tokens from the group to its verb of launching after it ("القوات الأمريكية قد نفذت")
# Characters of a heading line that holds only an ordinal and its period ("الثاني خلال يومين..")
ATTACK_HEADING_CHARS = 40
ATTACK_ISIS_OPS_BACK = 6  # sentences after an ISIS operations count that may list more of them without naming it
# Tokens before a count where a verb of foiling makes it attacks foiled, none carried out ("وأحبطت قسد 43
# عملية": 2; "أحبطت قوات الأمن 12 هجوماً": 3), with no preposition between; further, the verb is another clause's.
ATTACK_FOILED_BEFORE = 3
COUNT_LIST_LEAD = 3  # tokens a sentence that lists the parts of the count before it opens with "توزعت" in

# lib/extract/counts.py and attack_periods.py (breakdowns, lists and places of a count; the cue of its period):
# Tokens after a count where a cue opening its period may stand, in its clause: "منذ" ("38 هجوما على القواعد
# منذ 17 أكتوبر": 4), "خلال العام الجاري" in an undated page ("262 عملية لتنظيم “داعش” خلال العام الجاري": 8,
# the quotes being tokens); further, the cue is usually another clause's.
COUNT_SINCE_AFTER = 10
# Tokens after a count's figure where "في العراق" places it in Iraq alone ("27 هجوماً وقع على القوات
# الأمريكية في العراق": 6), up to the end of its clause or the next figure.
COUNT_PLACE_AFTER = 8
COUNT_LOOK_BACK = 2  # sentences a breakdown may follow its total by
COUNT_LIST_BACK = 6  # sentences a breakdown by place may follow its total by
COUNT_THIS_PERIOD_BACK = 3  # sentences back "this period" may point
COUNT_SITE_AFTER = 4  # tokens after a count where the site it hit is named ("هجمتين على قاعدة عين الأسد")
COUNT_LIST_INTRO = 8  # tokens from "توزعت" to the colon opening its list ("توزعت الهجمات على المناطق التالية:")
# Tokens after a count's figure where "في"/"حول" and a place outside Syria put the count there ("40
# هجوماً في أفريقيا"، "حول العالم"): the figure's noun, then the preposition and the place.
COUNT_ELSEWHERE_AFTER = 3
# Tokens on each side of a count with no period of its own where "هذه الفترة"/"الفترة هذه" makes it
# take the period of the sentences before (COUNT_THIS_PERIOD_BACK): the phrase sits by the figure.
COUNT_THIS_PERIOD_NEAR = 4
COUNT_LABEL_TOKENS = 6  # tokens at a sentence's start that may hold a list line's label before its colon ("• إيران
# (ولاية خراسان): 76 شخصاً في 14 عملية": 4); a colon further on ends a lead-in, not a label
COUNT_COMPARED_MONTH_REACH = 2  # tokens back from a month before a bracketed figure to the word of comparison that
# names it ("مقارنة بشهر يونيو (24)": 1; "بالمقارنة مع شهر يونيو (24)": 2); further, the month is the count's own
COUNT_DIFFERENCE_BEFORE = 2  # tokens before a figure where "بزيادة"/"بواقع" may make it a difference ("أكثر بواقع
# هجمتين": 1; "بزيادة قدرها 5 هجمات": 2)
COUNT_DIFFERENCE_THAN_AFTER = 3  # tokens after that figure where "عن"/"مما" closes the difference ("5 هجمات عن": 2;
# "هجمتين مما كانت": 2, one more for a qualifier between)
COUNT_AVERAGE_AFTER = 3  # tokens after a figure where "أسبوعياً"/"يومياً" makes it a rate ("10 هجمات أسبوعياً": 2;
# "10 هجمات جديدة يومياً": 3)

# lib/extract/context.py (the period and source of a count):
CONTEXT_AUTHOR_GAP = 3  # tokens from an event noun to the group that did it ("بهجوم لخلايا داعش")
# Tokens from a verb of attacking that opens its clause to the group named after it that is still its subject
# (roles: "واستهدف داعش": 1; "استهدفت خلايا داعش": 2; "استهدفت خلايا مرتزقة داعش": 3), only the group's own words
# between (lexicon group_own_words); further, the group is more likely the object's.
ATTACK_SUBJECT_AFTER_VERB = 3
CONTEXT_AFTER_REACH = 10  # tokens after a count its period may start at, when a date before it could be its period
# Tokens from "وفق"/"بحسب" to the day its source reported on ("وفق المرصد السوري لحقوق الإنسان
# اليوم")
CONTEXT_SOURCE_REACH = 6
CONTEXT_COMPARED_REACH = 3  # tokens from "بالمقارنة مع"، "لا مثيل له" to the date it compares with
CONTEXT_PAST_EVENT_REACH = 6  # tokens from "هزيمته" to the date of that event ("هزيمته في شهر مارس/آذار من العام 2019")
CONTEXT_HEADING_MAX_TOKENS = 8  # tokens of a section heading line ("العمليات التصعيدية في 2024"); a paragraph is longer
CONTEXT_SINCE_YEAR_REACH = 4  # tokens from "منذ" to the year it starts from ("منذ إعلان هزيمته عام 2019")
CONTEXT_SUPERLATIVE_REACH = 6  # tokens from "أعلى"/"أدنى" to the date it compares with, in another clause before the
# count ("ثاني أعلى رقم في شهر منذ مايو 2021، نفذ داعش 5 عمليات": 5); that date is not the count's period
CONTEXT_COMPARED_AFTER_REACH = 3  # tokens before a date told after a count where a word of comparison makes it the
# date compared with, not the count's period ("42 هجمة مقارنة بشهر أبريل": 1; "مقارنة مع شهر أبريل": 2)

# --- strikes (read by lib/extract/kinds/strikes.py) -------------------------------------------------------
# lib/extract/kinds/strikes.py (the raid a strike count reports):
STRIKE_RAID_DAYS = 7  # a raid dated more than this before publication is not the one reported
STRIKE_ACTOR_BACK = 2  # sentences back whose named actor a strike count naming none is taken to be

# --- bases (read by lib/extract/kinds/bases.py, base_status.py, base_sites.py, base_counts.py,
# base_purpose.py, base_use.py) ---
# lib/extract/kinds/bases.py (which base an event is of, and whether it is the news):
# Tokens from the start of a sentence within which "قد" after "وكانت"/"وكان" makes it a recollection
# ("وكانت القوات الأمريكية قد أخلت ... قاعدة قسرك"): the subject between them is up to 4 tokens.
RECALL_PARTICLE_REACH = 6
# Tokens between a base's name and a year that dates its event in an undated article ("أنشأت الولايات
# المتحدة قاعدة التنف عام 2016": 2); a year further on in the sentence ("انسحبت من قاعدة التنف ... حيث
# كانت مركزاً للتحالف منذ 2014": 25) belongs to another clause.
BASE_YEAR_REACH = 8
BASE_BACKGROUND_DAYS = 90  # a base event dated this long before publication is background, not the news
BASE_ANAPHOR_BACK = 2  # sentences back "القاعدة" alone may refer to a base named there
BASE_RENAMED_REACH = 4  # tokens after a site's name within which the same site named again only locates it
# ("قاعدة خراب الجير بريف رميلان": 2); further on, it is told again for itself
BASE_NAMED_AGAIN_BACK = 3  # sentences back a base must have been named for its town's bare name to be that base
# ("انسحبت من قاعدتي الشدادي وحقل العمر." then "وأنهت وجودها في الشدادي": 1); further back, the town is the town,
# and each sentence's look-up stays bounded

# lib/extract/base_status.py (the status word that governs a base):
# Tokens after a base named in a withdrawal within which a verb of handing over ("انسحبت من قاعدة
# التنف وسلمتها إلى القوات الحكومية") makes the handover the base's event: the handover verb
# follows within one short clause (a base name and its place are 3-6 tokens); further on it is
# usually about another site or another time.
HANDOVER_AFTER_WITHDRAWAL_REACH = 12
BASE_HANDOVER_OBJECT_REACH = 5  # tokens after a verb of handing over, further than HANDOVER_AFTER_WITHDRAWAL_REACH,
# where "القاعدة" as its object makes it the base just left ("تتسلم قوات الجيش السوري القاعدة": 4)

# Tokens after a named base within which a relative clause on it ("القرية الخضراء التي تم إغلاقها")
# tells its event, whatever status word came before the name (base_status.py, under this heading): a
# site's name with its quotes and a place ("في ريف دير الزور") takes up to about 6 tokens.
RELATIVE_CLAUSE_REACH = 7
# Tokens from the relative pronoun to the status word of its clause ("التي تم إغلاقها"، "الذي جرى
# تسليمه"): the pronoun, an auxiliary (تم، جرى) and the verbal noun.
RELATIVE_VERB_REACH = 3
# Tokens back from a status word to a noun of a deadline that makes it a plan ("حُدد نهاية شهر سبتمبر،
# موعداً لإنجاز المرحلة الأولى من الانسحاب": 5), within its clause.
BASE_DEADLINE_REACH = 7
BASE_PARTICIPLE_REACH = 4  # tokens from "المتمركزة" to the base it places the troops in
BASE_GOVERNS_NEXT = 3  # tokens from a status word to a base it governs ("غادرت قاعدة التنف")
BASE_OFFICE_REACH = 5  # tokens from "تولي" to "منصبه" ("تولي الرئيس دونالد ترمب منصبه")
BASE_PLAN_REACH = 4  # tokens before a status word where a plan cue, a future verb or a negation governs it ("قررت إغلاق")
BASE_DENIAL_REACH = 12  # tokens before a status word, in its clause, where a denial ("نفى ... الأنباء عن انسحاب") governs it
BASE_CARGO_REACH = 2  # tokens after "تفرغ"/"أفرغت" where "حمولتها" makes it a convoy unloading ("لتفرغ حمولتها في")
BASE_WITHDRAWN_TO_REACH = 5  # tokens from a withdrawal word to the "إلى"/"نحو" of the base it went to, or to the
# "من" of the base left on the way ("انسحبت القوات الأمريكية بالكامل إلى قاعدة": 4; "انسحبت القوات الأمريكية من
# قاعدة الشدادي إلى قاعدة": 3 to "من"); further, the "to" belongs to another clause

# lib/extract/base_sites.py (where a base is, who holds it, what is brought to it):
# Tokens back from the "إلى" before a base to a verb of bringing when commas of time and manner break
# the clause ("استقدمت قوات التحالف الدولي لمحاربة تنظيم داعش، اليوم الجمعة، معدات عسكرية ومواد
# لوجستية وطبية، عبر طائرة شحن إلى قاعدة خراب الجير": 20 tokens); also how far back a convoy's
# cargo may be told before its verb ("قافلة من مدرعات ... بينها منظومات دفاع جوي تسير باتجاه قاعدة").
# Further back, a verb is usually another clause's.
SUPPLY_VERB_REACH = 24
# Tokens back from the "من" before a base to a verb of moving forces out of it ("نقلت القوات الأمريكية
# عشرات الجنود من قاعدة قسرك": 5), within its clause.
RELOCATION_VERB_REACH = 8
# Word distances of the base-site rules (lib/extract/base_sites.py), in tokens:
# before "منطقة X" where a base noun makes X the base's place ("القاعدة العسكرية في منطقة الشدادي": 3);
BASE_BEFORE_AREA = 4
# from "بين" to the second of the two places it only locates something between ("بين تل تمر وتل بيدر": 3);
BASE_BETWEEN_REACH = 4
# from a verb of landing to the "في" of the base ("حطت طائرتا شحن أميركيتان في قاعدة": 4);
BASE_LANDING_REACH = 6
# from the end of a town's name to the next town of a list ("في قرية هيمو وقرية تل فارس": 2);
BASE_LIST_GAP = 2
# before a verb of arriving where its subject is told ("قوات أمريكية دخلت قاعدة": 2);
BASE_SUBJECT_BEFORE = 3
# between "إلى" and the town of a base known by its town ("إلى القاعدة الأمريكية الجديدة في مدينة": 5).
BASE_PHRASE_REACH = 6
# Tokens from a base noun to the "في" of its town when the owner is named between them ("قاعدة التحالف
# الدولي لمحاربة داعش في حي غويران": 4); further, the town is usually another clause's.
BASE_OWNER_REACH = 5
# Tokens from a count of bases ("3 نقاط انسحبت منها الولايات المتحدة وهي ...") to the word opening the
# list of its sites (5 here); further on, a list is usually of something else.
BASE_LIST_AFTER_COUNT_REACH = 8
# Tokens from a base noun back before "منطقة X" when an attack on the base is told between them
# ("تعرض القاعدة الأمريكية لهجوم صاروخي في منطقة الشدادي": 5); a sentence's subject and its
# adverbial of place stay within about that.
BASE_ATTACKED_BEFORE_AREA = 7
BASE_SUPPLY_AFTER = 8  # tokens after a base named after "إلى" where what is brought may be told ("... طائرات شحن")
BASE_EXAMPLE_FROM_REACH = 4  # tokens back from "مثل" to the "من" of "نقل المعدات من مواقع أخرى، مثل قاعدة التنف" (4: the comma is a token)
BASE_NARROWING_REACH = 6  # tokens back from "تحديداً" to the "في" of the wider area it narrows ("قاعدة جديدة في شمال
# شرق سوريا تحديداً في مدينة الحسكة": 4)
BASE_OWNER_CLAUSE_REACH = 12  # tokens back from a base called ours ("قاعدة التحالف الدولي ... في حي غويران") within
# which the groups of its clause are read: one clause, as TROOP_CLAUSE_REACH
BASE_TAKEOVER_CLAUSE_REACH = 14  # tokens back from a base where state forces named in its clause take it over
# ("دخلت قوات الأمن الداخلي التابعة لوزارة الداخلية السورية قاعدة التنف": 9)
BASE_TAKEOVER_VERB_BEFORE = 3  # tokens before those forces' name where their verb may stand ("تسلم الجيش السوري": 1;
# "دخلت عناصر من قوات ...": 3)
BASE_SUPPLY_CLAUSE_REACH = 10  # tokens back from the "إلى" of a base to the start of its clause, where a verb of
# bringing makes the base supplied ("نقلت القوات الأمريكية معدات عسكرية إلى قاعدة": 5)

# lib/extract/base_counts.py (counts of bases):
# Tokens back from the X of a cut of bases "من X إلى Y" to its verb ("سيتم تقليص عدد القواعد من ثماني
# قواعد": 4), within its clause.
BASE_CUT_REACH = 6
# Tokens from a verb of attack back before a count of bases it makes the object of ("هاجم مجاهدونا فجر
# اليوم، بواسطة الطائرات المسيّرة، أربع قواعد": 8); further away the count is told in a clause of its own.
BASE_COUNT_HIT_REACH = 10
BASE_COUNT_OWNER_REACH = 3  # tokens after a noun of bases where another country's owner makes them not the
# coalition's ("قاعدتين كبيرتين للقوات الروسية": 2)

# lib/extract/base_purpose.py (a base to be set up in a town; towns listed as bases):
BASE_EXAMPLE_LIST_LEAD_REACH = 8  # tokens from a plural noun of bases to the word opening its list of examples
# ("قواعد ينتشر فيها الجيش الأمريكي، منها": 5, the comma a token; "قواعد ينتشر فيها جنود أمريكيون لهجمات متكررة،
# أبرزها": 7); further, the list is usually of something else
BASE_EXAMPLE_LIST_GAP = 8  # tokens from the end of a listed town to the next one joined by "و" when a short
# description or a governorate lies between ("ناحية المالكية (شرق) الحدوديتان مع العراق، وفي محافظة": 6; "قرية
# هيمو 4 كيلومترات شمال غربي القامشلي، وتل فارس": 7); further, a town is another clause's
BASE_PURPOSE_REACH = 16  # tokens after a town something is brought to where "تمهيداً لإنشاء قاعدة" makes it the
# site of a base to be set up ("عين العرب الواقعة تحت سيطرة تنظيم PKK/YPG الإرهابي، تمهيدًا": 14, a Latin name
# being a token a letter)
BASE_PURPOSE_VERB_GAP = 1  # tokens that may stand between a word of purpose and the word of establishing after it
# ("بهدف إنشاء": 0; "تمهيداً لبدء إنشاء": 1); further, the purpose is something else
BASE_PURPOSE_NOUN_REACH = 2  # tokens after that word of establishing where a base noun makes the purpose a base
# ("لإنشاء قاعدة": the next token; "إنشاء أول قاعدة": 2)
BASE_TOWN_ANAPHOR_REACH = 4  # tokens after a base noun where "وسط المدينة"/"داخل البلدة" places it in the town named
# before ("إنشاء قاعدة وسط المدينة": 2; "قاعدة عسكرية جديدة في المدينة": 4)

# lib/extract/base_use.py (what a base is used for):
BASE_OPERATION_REACH = 6  # tokens before the "من" of a base where a word of operating makes it run from there
# ("العمليات التي تنفذها واشنطن من قاعدة": 3)
BASE_OURS_BEFORE_TOWN_REACH = 4  # tokens back from the "في" of a town to a base noun called ours before it
# ("قاعدة أمريكية موجودة في": 3; "قاعدة للتحالف الدولي في": 3); further, the town is usually another phrase's

