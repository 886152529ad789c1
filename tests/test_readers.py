"""Tests for lib.readers: encodings, file types, per-record errors, metadata, HTML."""
from __future__ import annotations

import codecs
import json
import random
import socket
from pathlib import Path

import pytest

from lib.ingest.readers import RawArticle, ReadError, decode_bytes, iter_inputs

ARABIC = (
    "أعلن التحالف الدولي لمكافحة تنظيم \"داعش\"، إعادة تموضع قواته في سوريا.\n"
    "وقال البنتاغون إن عدد القوات الأمريكية سينخفض إلى أقل من ألف جندي خلال الأشهر المقبلة، "
    "بعد انسحابها من قاعدة الشدادي في ريف الحسكة.\n"
    "ونفذت الولايات المتحدة خلال العام 2024 عشرات الضربات الجوية ضد بقايا التنظيم."
)
SHORT = "قالت مصادر إن القوات الأمريكية انسحبت من قاعدة الشدادي."


def read_all(*paths: Path | str) -> list[RawArticle | ReadError]:
    return list(iter_inputs(list(paths)))


def articles(items: list) -> list[RawArticle]:
    return [x for x in items if isinstance(x, RawArticle)]


def errors(items: list) -> list[ReadError]:
    return [x for x in items if isinstance(x, ReadError)]


# --- decode_bytes -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "encoded",
    [
        pytest.param(ARABIC.encode("utf-8"), id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + ARABIC.encode("utf-8"), id="utf-8-bom"),
        pytest.param(codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le"), id="utf-16-le-bom"),
        pytest.param(codecs.BOM_UTF16_BE + ARABIC.encode("utf-16-be"), id="utf-16-be-bom"),
        pytest.param(ARABIC.encode("utf-16-le"), id="utf-16-le-no-bom"),
        pytest.param(ARABIC.encode("utf-16-be"), id="utf-16-be-no-bom"),
        pytest.param(ARABIC.encode("cp1256"), id="cp1256"),
        pytest.param(ARABIC.encode("iso8859_6"), id="iso-8859-6"),
    ],
)
def test_decode_bytes_recovers_the_original_arabic(encoded: bytes) -> None:
    assert decode_bytes(encoded) == ARABIC


def test_decode_bytes_short_cp1256_and_utf16_without_spaces() -> None:
    assert decode_bytes(SHORT.encode("cp1256")) == SHORT
    # No ASCII at all, so no NUL bytes: the 0x06 high bytes still give UTF-16 away.
    assert decode_bytes("سوريا".encode("utf-16-be")) == "سوريا"


def test_decode_bytes_iso_8859_6_is_not_misread_as_cp1256() -> None:
    # Both code pages map these bytes to *some* Arabic letters; only one is right.
    raw = SHORT.encode("iso8859_6")
    assert raw.decode("cp1256") != SHORT
    assert decode_bytes(raw) == SHORT


def test_decode_bytes_strips_bom_and_normalises_newlines() -> None:
    data = codecs.BOM_UTF8 + "سطر أول\r\nسطر ثان\rسطر ثالث\n".encode()
    text = decode_bytes(data)
    assert text == "سطر أول\nسطر ثان\nسطر ثالث\n"
    assert "\ufeff" not in text and "\r" not in text


def test_decode_bytes_keeps_almost_utf8_as_utf8() -> None:
    # A download cut in the middle of a character must not flip the file to cp1256 mojibake.
    data = ARABIC.encode("utf-8") + "ة".encode("utf-8")[:1]
    assert decode_bytes(data) == ARABIC + "\ufffd"


def test_decode_bytes_truncated_files_with_a_bom() -> None:
    assert decode_bytes(codecs.BOM_UTF8 + ARABIC.encode("utf-8") + b"\xd8") == ARABIC + "\ufffd"
    assert decode_bytes(codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le") + b"\x06") == ARABIC


def test_decode_bytes_latin1_english_is_not_read_as_arabic() -> None:
    text = decode_bytes("The president said the café was closed.".encode("latin-1"))
    assert text == "The president said the café was closed."


def test_decode_bytes_empty() -> None:
    assert decode_bytes(b"") == ""


@pytest.mark.parametrize(
    ("data", "mention"),
    [
        pytest.param(b"\x89PNG\r\n\x1a\n" + random.Random(1).randbytes(3000), "PNG",
                     id="png"),
        pytest.param(b"PK\x03\x04" + bytes(300), "ZIP", id="docx"),
        pytest.param(random.Random(2).randbytes(3000), "not valid UTF-8", id="random"),
        pytest.param(bytes(b | 0x80 for b in random.Random(3).randbytes(3000)), "not valid UTF-8",
                     id="random-high-bytes"),
        pytest.param(bytes(range(1, 32)) * 40, "control characters", id="control-bytes"),
        pytest.param(bytes(random.Random(4).choices(b" \xc1\xc7\xc8\xca\xd1\xe1\xe3\xe4\xe6\xe8\xe9\xed\xf4",
                                                    k=3000)), "not valid UTF-8", id="random-cp1256-letters"),
    ],
)
def test_decode_bytes_refuses_binary_junk(data: bytes, mention: str) -> None:
    with pytest.raises(ValueError) as info:
        decode_bytes(data)
    assert mention in str(info.value)


# --- text files and file-level errors --------------------------------------------------------------

def test_txt_files_in_every_encoding(tmp_path: Path) -> None:
    files = {
        "a_utf8.txt": ARABIC.encode("utf-8"),
        "b_utf8_bom.txt": codecs.BOM_UTF8 + ARABIC.encode("utf-8"),
        "c_utf16le.txt": codecs.BOM_UTF16_LE + ARABIC.replace("\n", "\r\n").encode("utf-16-le"),
        "d_utf16be.txt": codecs.BOM_UTF16_BE + ARABIC.encode("utf-16-be"),
        "e_cp1256.txt": ARABIC.replace("\n", "\r\n").encode("cp1256"),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    out = read_all(tmp_path)
    assert errors(out) == []
    assert [Path(a.path).name for a in out] == sorted(files)
    for art in articles(out):
        assert art.text == ARABIC, art.path
        assert art.url is None and art.source is None


def test_empty_and_junk_files_are_errors_and_the_rest_goes_on(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n ")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (tmp_path / "good.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.7\n")
    out = read_all(tmp_path)
    by_name = {Path(x.path).name: x for x in out}
    assert isinstance(by_name["good.txt"], RawArticle) and by_name["good.txt"].text == ARABIC
    assert by_name["empty.txt"] == ReadError(str(tmp_path / "empty.txt"), "empty file")
    assert "empty file" in by_name["blank.txt"].reason
    assert "PNG" in by_name["image.txt"].reason and "not valid UTF-8" in by_name["image.txt"].reason
    assert by_name["report.pdf"].reason.startswith("unsupported file type .pdf")


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    out = read_all(tmp_path / "nope")
    assert out == [ReadError(str(tmp_path / "nope"), "no such file or folder")]


def test_folder_walk_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "2.txt").write_text("نص ٢")
    (tmp_path / "a" / "1.txt").write_text("نص ١")
    (tmp_path / "0.txt").write_text("نص ٠")
    (tmp_path / ".hidden.txt").write_text("مخفي")
    (tmp_path / ".git" / "x.txt").write_text("مخفي")
    out = read_all(tmp_path)
    assert [Path(a.path).relative_to(tmp_path).as_posix() for a in out] == ["0.txt", "a/1.txt", "b/2.txt"]
    assert all(isinstance(a, RawArticle) for a in out)


def test_temp_files_of_storage_are_skipped(tmp_path: Path) -> None:
    (tmp_path / ".articles.parquet.abc.tmp").write_bytes(b"PAR1")
    assert read_all(tmp_path) == []


# --- JSONL --------------------------------------------------------------------------------------------

def test_jsonl_broken_line_and_missing_text_are_per_record(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": "الخبر الأول", "url": "https://a.example/1", "source": "eremnews"}, ensure_ascii=False),
        json.dumps({"body": "الخبر الثاني", "date": "2025-05-27", "outlet": "المدن", "headline": "عنوان"},
                   ensure_ascii=False),
        '{"text": "مكسور" "url": "x"}',
        json.dumps({"title": "بلا نص", "url": "https://a.example/4"}, ensure_ascii=False),
        "",
        json.dumps({"content": "الخبر السادس"}, ensure_ascii=False),
    ]
    f = tmp_path / "batch.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = read_all(f)
    assert [x.path for x in out] == [f"{f}#1", f"{f}#2", f"{f}#3", f"{f}#4", f"{f}#6"]
    first, second, broken, no_text, sixth = out
    assert first == RawArticle("الخبر الأول", f"{f}#1", url="https://a.example/1", source="eremnews")
    assert second == RawArticle("الخبر الثاني", f"{f}#2", title="عنوان", published="2025-05-27", source="المدن")
    assert isinstance(broken, ReadError)
    assert broken.reason.startswith("JSON line 3: Expecting ','")
    assert isinstance(no_text, ReadError) and "no 'text' field" in no_text.reason and "title" in no_text.reason
    assert sixth.text == "الخبر السادس"


def test_jsonl_in_utf16_and_cp1256(tmp_path: Path) -> None:
    body = "\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in (ARABIC, SHORT))
    (tmp_path / "u16.jsonl").write_bytes(body.encode("utf-16"))
    (tmp_path / "win.jsonl").write_bytes(body.replace("\n", "\r\n").encode("cp1256"))
    out = read_all(tmp_path)
    assert [a.text for a in out] == [ARABIC, SHORT, ARABIC, SHORT]


def test_jsonl_record_text_newlines_normalised(tmp_path: Path) -> None:
    f = tmp_path / "x.jsonl"
    f.write_text(json.dumps({"text": "سطر\r\nسطر"}, ensure_ascii=False), encoding="utf-8")
    assert read_all(f)[0].text == "سطر\nسطر"


def test_jsonl_record_that_is_not_an_object(tmp_path: Path) -> None:
    f = tmp_path / "x.jsonl"
    f.write_text('[1, 2]\n{"text": "نص"}\n', encoding="utf-8")
    out = read_all(f)
    assert isinstance(out[0], ReadError) and "got list" in out[0].reason and out[0].path == f"{f}#1"
    assert out[1] == RawArticle("نص", f"{f}#2")


# --- JSON ---------------------------------------------------------------------------------------------

def test_json_list_single_and_wrapped(tmp_path: Path) -> None:
    (tmp_path / "list.json").write_text(
        json.dumps([{"text": "أ"}, {"text": ""}, {"text": "ج", "site": "enabbaladi"}], ensure_ascii=False))
    (tmp_path / "one.json").write_text(
        json.dumps({"text": "واحد", "published": "2025-01-02", "title": "ع"}, ensure_ascii=False))
    (tmp_path / "wrapped.json").write_text(
        json.dumps({"articles": [{"Text": "ملفوف", "URL": "https://x.example"}]}, ensure_ascii=False))
    out = {x.path: x for x in read_all(tmp_path)}
    lst = str(tmp_path / "list.json")
    assert out[f"{lst}#1"].text == "أ"
    assert isinstance(out[f"{lst}#2"], ReadError) and "empty 'text'" in out[f"{lst}#2"].reason
    assert out[f"{lst}#3"].source == "enabbaladi"
    one = out[str(tmp_path / "one.json")]
    assert (one.text, one.published, one.title) == ("واحد", "2025-01-02", "ع")
    wrapped = out[f"{tmp_path / 'wrapped.json'}#1"]
    assert (wrapped.text, wrapped.url) == ("ملفوف", "https://x.example")


def test_invalid_json_file(tmp_path: Path) -> None:
    f = tmp_path / "bad.json"
    f.write_text('[{"text": "نص"},', encoding="utf-8")
    (err,) = read_all(f)
    assert isinstance(err, ReadError) and err.path == str(f) and err.reason.startswith("invalid JSON")


def test_json_with_one_object_per_line_is_read_as_jsonl(tmp_path: Path) -> None:
    f = tmp_path / "really_lines.json"
    f.write_text('{"text": "أ"}\n{"text": "ب"}\n', encoding="utf-8")
    assert [a.text for a in read_all(f)] == ["أ", "ب"]


# --- CSV -----------------------------------------------------------------------------------------------

def test_csv_missing_text_is_an_error_for_that_row_only(tmp_path: Path) -> None:
    f = tmp_path / "rows.csv"
    f.write_text(
        'title,text,url,published,source\n'
        '"عنوان ١","سطر أول\nسطر ثان، مع فاصلة",https://a.example/1,2025-05-27,eremnews\n'
        '"عنوان ٢",,https://a.example/2,,\n'
        '"عنوان ٣","نص ثالث",,,\n',
        encoding="utf-8",
    )
    out = read_all(f)
    assert [x.path for x in out] == [f"{f}#1", f"{f}#2", f"{f}#3"]
    assert out[0] == RawArticle("سطر أول\nسطر ثان، مع فاصلة", f"{f}#1", url="https://a.example/1",
                                title="عنوان ١", published="2025-05-27", source="eremnews")
    assert isinstance(out[1], ReadError) and "text" in out[1].reason
    assert out[2].text == "نص ثالث" and out[2].url is None


def test_csv_excel_exports(tmp_path: Path) -> None:
    # Excel "Unicode text": UTF-16 with BOM, tab-separated; some locales write ';' in cp1256.
    (tmp_path / "a.csv").write_bytes(f"text\tsource\r\n{SHORT}\tالمدن\r\n".encode("utf-16"))
    (tmp_path / "b.csv").write_bytes(f"Text;Outlet\r\n{SHORT};عنب بلدي\r\n".encode("cp1256"))
    out = read_all(tmp_path)
    assert errors(out) == []
    assert [(a.text, a.source) for a in out] == [(SHORT, "المدن"), (SHORT, "عنب بلدي")]


def test_csv_without_text_column(tmp_path: Path) -> None:
    f = tmp_path / "x.csv"
    f.write_text("title,url\nعنوان,https://x\n", encoding="utf-8")
    (err,) = read_all(f)
    assert isinstance(err, ReadError) and "no 'text' column" in err.reason and "title, url" in err.reason


def test_csv_long_field(tmp_path: Path) -> None:
    long_text = ARABIC * 600  # above the csv module's default 128 KiB field limit, below settings.INGEST_MAX_ARTICLE_CHARS
    f = tmp_path / "long.csv"
    f.write_text('text\n"' + long_text.replace('"', '""') + '"\n', encoding="utf-8")
    (art,) = read_all(f)
    assert art.text == long_text


# --- metadata.csv ---------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>واشنطن تخفض عدد قواتها في سوريا إلى أقل من ألف جندي | إرم نيوز</title>
<meta property="og:site_name" content="إرم نيوز">
<meta property="og:title" content="واشنطن تخفض عدد قواتها في سوريا إلى أقل من ألف جندي">
<meta property="og:url" content="https://www.eremnews.com/news/arab-world/syria/123456">
<link rel="canonical" href="https://www.eremnews.com/news/arab-world/syria/123456">
<meta property="article:published_time" content="2025-04-18T10:32:00+03:00">
<script>window.dataLayer = [{"page": "article"}];</script>
</head>
<body>
<header><nav><ul>
<li><a href="/">الرئيسية</a></li><li><a href="/news">أخبار</a></li><li><a href="/sport">رياضة</a></li>
<li><a href="/economy">اقتصاد</a></li><li><a href="/tech">تكنولوجيا</a></li>
</ul></nav></header>
<main>
<article>
<h1>واشنطن تخفض عدد قواتها في سوريا إلى أقل من ألف جندي</h1>
<p>أعلنت وزارة الدفاع الأمريكية (البنتاغون)، يوم الجمعة، أنها ستخفض عدد القوات الأمريكية المنتشرة في سوريا إلى أقل من ألف جندي خلال الأشهر المقبلة، في إطار ما وصفته بإعادة تموضع مدروسة.</p>
<p>وقال المتحدث باسم البنتاغون في بيان إن الوزير أمر بتوحيد القوات الأمريكية في سوريا ضمن مواقع مختارة، مشيراً إلى أن العملية ستكون مشروطة بالظروف الميدانية.</p>
<p>ويبلغ عدد الجنود الأمريكيين في سوريا حالياً نحو ألفي جندي، بعد أن كشف البنتاغون في ديسمبر الماضي أن العدد أكبر من 900 جندي الذي كان معلناً لسنوات.</p>
<p>وتنتشر القوات الأمريكية في قواعد عدة شمال شرقي سوريا، أبرزها قاعدة الشدادي في محافظة الحسكة وحقل العمر النفطي في ريف دير الزور الشرقي.</p>
</article>
<aside class="related">
<h3>اقرأ أيضاً</h3>
<ul>
<li><a href="/a/1">التحالف الدولي يعيد تموضعه في شمال شرق سوريا</a></li>
<li><a href="/a/2">هجوم لداعش على حاجز لقسد في دير الزور</a></li>
<li><a href="/a/3">انسحاب أمريكي من قاعدة في ريف الحسكة</a></li>
</ul>
</aside>
</main>
<footer><p>جميع الحقوق محفوظة © إرم نيوز 2025</p><a href="/privacy">سياسة الخصوصية</a> <a href="/contact">اتصل بنا</a></footer>
</body></html>
"""


def test_arabic_html_page(tmp_path: Path) -> None:
    f = tmp_path / "page.html"
    f.write_text(PAGE, encoding="utf-8")
    (art,) = read_all(f)
    assert isinstance(art, RawArticle)
    assert art.title == "واشنطن تخفض عدد قواتها في سوريا إلى أقل من ألف جندي"
    assert art.site_name == "إرم نيوز" and art.source is None  # what the page says of itself is no metadata
    assert art.published == "2025-04-18"
    assert art.url == "https://www.eremnews.com/news/arab-world/syria/123456"
    lines = art.text.split("\n")
    # Each paragraph on its own line, none lost.
    assert any(line.startswith("أعلنت وزارة الدفاع الأمريكية") for line in lines)
    assert any(line.startswith("وتنتشر القوات الأمريكية") and line.endswith("الشرقي.") for line in lines)
    assert "أكبر من 900 جندي" in art.text
    # Navigation, related articles, footer and scripts are not the article.
    for chrome in ("رياضة", "تكنولوجيا", "اقرأ أيضاً", "هجوم لداعش على حاجز", "جميع الحقوق محفوظة", "dataLayer"):
        assert chrome not in art.text


def test_old_cp1256_table_layout_page(tmp_path: Path) -> None:
    para = "قال مصدر عسكري إن القوات الأمريكية انسحبت من قاعدة في ريف دير الزور الشرقي، وسلمتها لقوات سوريا الديمقراطية. "
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
        "<title>انسحاب أمريكي</title></head><body><table width=\"100%\">"
        '<tr><td class="menu"><a href="/">الرئيسية</a> | <a href="/x">أخبار</a></td></tr>'
        f"<tr><td><h2>انسحاب أمريكي</h2><p>{para * 3}</p><p>وأضاف المصدر أن 150 جندياً غادروا القاعدة. {para}</p>"
        "<table border=1><tr><th>القاعدة</th><th>الحالة</th></tr><tr><td>الشدادي</td><td>مغلقة</td></tr></table>"
        "</td></tr></table></body></html>"
    )
    f = tmp_path / "old.htm"
    f.write_bytes(html.encode("cp1256"))
    (art,) = read_all(f)
    assert isinstance(art, RawArticle)
    assert art.title == "انسحاب أمريكي"
    lines = art.text.split("\n")
    assert any(line.startswith("وأضاف المصدر أن 150 جندياً") for line in lines)  # second paragraph kept
    assert "الشدادي | مغلقة" in lines  # a data table row, without Markdown pipes
    assert not any(line.startswith("|") for line in lines)


def test_html_falls_back_to_article_element(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    f = tmp_path / "p.html"
    f.write_text(
        "<html><head><title>عنوان الصفحة</title></head><body><nav>القائمة</nav>"
        "<article><h1>العنوان</h1><p>الفقرة الأولى.</p><p>الفقرة <b>الثانية</b>.</p></article>"
        "<footer>حقوق</footer></body></html>",
        encoding="utf-8",
    )
    (art,) = read_all(f)
    assert art.text == "العنوان\nالفقرة الأولى.\nالفقرة الثانية."
    assert art.title in ("العنوان", "عنوان الصفحة")  # trafilatura prefers a single <h1> to <title>


def test_html_without_text_is_an_error(tmp_path: Path) -> None:
    f = tmp_path / "empty.html"
    f.write_text("<html><head><title>x</title></head><body><script>var a=1;</script></body></html>")
    (err,) = read_all(f)
    assert isinstance(err, ReadError) and "no article text" in err.reason


def test_html_reading_never_touches_the_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    f = tmp_path / "page.html"
    f.write_text(PAGE, encoding="utf-8")
    (art,) = read_all(f)
    assert isinstance(art, RawArticle) and "البنتاغون" in art.text


def test_html_record_in_jsonl(tmp_path: Path) -> None:
    f = tmp_path / "pages.jsonl"
    f.write_text(json.dumps({"html": PAGE, "source": "eremnews"}, ensure_ascii=False), encoding="utf-8")
    (art,) = read_all(f)
    assert art.source == "eremnews" and art.site_name == "إرم نيوز"  # the record's metadata, and the page's own name
    assert art.published == "2025-04-18" and "البنتاغون" in art.text


def test_folder_metadata_csv(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "b.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "c.txt").write_text(SHORT, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(
        "file,source,url,title,published\n"
        "a.txt,almodon,https://www.almodon.com/x,التحالف يعيد تموضعه,2025-05-27\n"
        "b.html,eremnews,https://eremnews.com/s/1,,2025-04-19\n"
        "missing.txt,enabbaladi,,,\n",
        encoding="utf-8",
    )
    out = read_all(tmp_path)
    by_name = {Path(x.path).name: x for x in out}
    assert "metadata.csv" not in by_name  # not an article
    a = by_name["a.txt"]
    assert (a.source, a.url, a.title, a.published) == (
        "almodon", "https://www.almodon.com/x", "التحالف يعيد تموضعه", "2025-05-27")
    b = by_name["b.html"]
    # metadata wins over the page's og:site_name, og:url and article:published_time ...
    assert (b.source, b.url, b.published) == ("eremnews", "https://eremnews.com/s/1", "2025-04-19")
    assert b.title == "واشنطن تخفض عدد قواتها في سوريا إلى أقل من ألف جندي"  # ... but a blank cell keeps the page's
    assert "البنتاغون" in b.text
    c = by_name["c.txt"]
    assert (c.source, c.published) == (None, None)
    (err,) = errors(out)
    assert err.path.endswith("metadata.csv#3") and "missing.txt" in err.reason


def test_metadata_csv_applies_to_a_file_given_directly_and_to_subfolders(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.txt").write_text(SHORT, encoding="utf-8")
    (tmp_path / "y.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "metadata.csv").write_bytes(
        "filename,outlet,date\r\nsub/x.txt,المدن,2025-05-01\r\ny.txt,عنب بلدي,2025-05-02\r\n".encode("cp1256"))
    (direct,) = read_all(tmp_path / "y.txt")
    assert (direct.source, direct.published) == ("عنب بلدي", "2025-05-02")
    walked = {Path(a.path).name: a for a in read_all(tmp_path)}
    assert (walked["x.txt"].source, walked["x.txt"].published) == ("المدن", "2025-05-01")


def test_metadata_csv_does_not_apply_to_records(tmp_path: Path) -> None:
    (tmp_path / "r.jsonl").write_text('{"text": "نص"}\n', encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("file,source\nr.jsonl,almodon\n", encoding="utf-8")
    out = read_all(tmp_path)
    assert out == [RawArticle("نص", f"{tmp_path / 'r.jsonl'}#1")]


def test_metadata_csv_given_alone_is_not_an_article(tmp_path: Path) -> None:
    (tmp_path / "metadata.csv").write_text("file,source\na.txt,x\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("نص", encoding="utf-8")
    assert read_all(tmp_path / "metadata.csv") == []


def test_broken_metadata_csv_is_reported_and_files_still_read(tmp_path: Path) -> None:
    (tmp_path / "metadata.csv").write_text("source,url\nx,y\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("نص", encoding="utf-8")
    out = read_all(tmp_path)
    assert [a.text for a in articles(out)] == ["نص"]
    (err,) = errors(out)
    assert "no 'file' column" in err.reason
