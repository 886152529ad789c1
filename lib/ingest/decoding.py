"""Bytes → text: encodings and binary sniffing.

Arabic news arrives as UTF-8, UTF-8 with BOM, UTF-16 (Excel's "Unicode text",
Windows tools) and Windows-1256 (older Arabic sites and archives). `decode_bytes`
tries them cheapest and safest first and refuses binary junk rather than
inventing text from it. The text is only decoded, stripped of a BOM and given
`\\n` newlines, so that character offsets computed later are stable.
"""
from __future__ import annotations

import codecs
import re

_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_GARBAGE_RE = re.compile("[\ufffd\ue000-\uf8ff\ud800-\udfff]")
_MARKUP_RE = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.IGNORECASE | re.DOTALL)
_MIXED_SCRIPT_RE = re.compile(
    "[A-Za-z][\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]"
    "|[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc][A-Za-z]"
)
# Characters expected in an Arabic news text (besides ASCII): the Arabic blocks,
# Latin-1 punctuation and letters, general punctuation (dashes, quotes, direction marks).
_EXPECTED_NON_ASCII_RE = re.compile(
    "[\u00a0-\u00ff\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\u2000-\u206f\u20ac\u2122\ufb50-\ufdff\ufe70-\ufeff]"
)
_ARABIC_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]")
# The Latin letters cp1256 keeps (for French): a genuine Arabic cp1256 text hardly
# ever uses them, but ISO-8859-6 bytes and other mis-decodings land on them often.
_CP1256_LATIN_RE = re.compile("[àâçèéêëîïôùûü]")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")

# Magic numbers of binary formats people rename or save by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.odt file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc/.xls)"),
    (b"PAR1", "a Parquet file"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a RIFF media file (e.g. WebP, WAV)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
)

_NOT_TEXT = "not valid UTF-8/UTF-16/Windows-1256 text"


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return None


def normalise_newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _control_ratio(text: str) -> float:
    sample = text[:65536]
    if not sample:
        return 0.0
    return len(_CONTROL_RE.findall(sample)) / len(sample)


def _looks_like_text(text: str) -> bool:
    """A decoded string that is plausibly a document (few control/garbage characters)."""
    if "\x00" in text:
        return False
    sample = text[:65536]
    if not sample:
        return True
    if _control_ratio(sample) > 0.005:
        return False
    return len(_GARBAGE_RE.findall(sample)) <= max(1, len(sample) // 1000)


def _looks_like_arabic_or_latin(text: str) -> bool:
    """Plausible text whose non-ASCII characters are Arabic, Latin-1 or punctuation.

    Used to accept UTF-16 without a BOM: random bytes decode as UTF-16 into
    (assigned) CJK and Hangul characters, which this corpus never contains.
    """
    if not _looks_like_text(text):
        return False
    sample = text[:65536]
    non_ascii = len(_NON_ASCII_RE.findall(sample))
    if non_ascii == 0:
        return True
    return len(_EXPECTED_NON_ASCII_RE.findall(sample)) >= 0.95 * non_ascii


def _looks_like_arabic(text: str) -> bool:
    """True when a single-byte decoding produced Arabic, not mojibake.

    cp1256 maps every byte to some character, so "it decoded" proves nothing.
    Real Arabic text decoded with the right code page is made of Arabic letters,
    spaces, ASCII and a little punctuation; ISO-8859-6 or UTF-8 bytes read as
    cp1256 produce Latin accented letters (è, ê, ç) or runs of typographic
    symbols among the Arabic, so both are counted against the decoding.
    """
    if not _looks_like_text(text):
        return False
    sample = text[:65536]
    if "<" in sample:  # judge an HTML page by its text, not its (ASCII) markup
        sample = _MARKUP_RE.sub(" ", sample)
    arabic = len(_ARABIC_RE.findall(sample))
    if arabic == 0:
        return False
    non_ascii = len(_NON_ASCII_RE.findall(sample))
    if arabic < 0.85 * non_ascii:
        return False
    # Arabic letters glued to Latin ones ("cafى") are a Latin-1 text read with an Arabic code page.
    if len(_MIXED_SCRIPT_RE.findall(sample)) > 0.02 * arabic:
        return False
    return len(_CP1256_LATIN_RE.findall(sample)) <= 0.01 * arabic


def _utf16_without_bom(sample: bytes) -> str | None:
    """Guess the byte order of BOM-less UTF-16 from where its high bytes sit.

    In UTF-16 text from this corpus every other byte is the high byte of a
    code unit: 0x00 for ASCII, 0x06 for Arabic. Ordinary 8-bit text never
    contains 0x00 or 0x06, so a parity dominated by them is a safe signal.
    """
    sample = sample[: 4096 - (len(sample[:4096]) % 2)]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_hi = (even.count(0) + even.count(6)) / len(even)
    odd_hi = (odd.count(0) + odd.count(6)) / len(odd)
    if odd_hi >= 0.7 and even_hi <= 0.3:
        return "utf-16-le"
    if even_hi >= 0.7 and odd_hi <= 0.3:
        return "utf-16-be"
    return None


def _almost_utf8(data: bytes) -> str | None:
    """UTF-8 with a few broken sequences (a cut or corrupted download), with U+FFFD; else None.

    A sample rules other encodings out cheaply: cp1256 Arabic breaks on nearly every word.
    """
    if data[:65536].decode("utf-8", errors="replace").count("\ufffd") > 3:
        return None
    lenient = data.decode("utf-8", errors="replace")
    broken = lenient.count("\ufffd")
    extra_bytes = len(data) - len(lenient)  # > 0 only when there are valid multi-byte characters
    if broken <= max(2, len(lenient) // 2000) and extra_bytes >= 20 * broken and _control_ratio(lenient) <= 0.01:
        return lenient
    return None


def finish_text(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text.lstrip("\ufeff")  # a BOM, or several (a file saved with one, edited, saved again)
    return normalise_newlines(text)


def decode_bytes(data: bytes, hint: str | None = None) -> str:
    """Decode a text file's bytes; raise ValueError with a reason if it is not text.

    Order (cheapest and least ambiguous first):
    1. a BOM (UTF-8, UTF-16 LE/BE, UTF-32) decides;
    2. NUL/0x06 high bytes at every other position mean BOM-less UTF-16;
    3. strict UTF-8, the common case and the fast path (UTF-8 is self-validating:
       other encodings of Arabic are almost never valid UTF-8);
    4. UTF-8 with a handful of corrupt bytes (a truncated download) is kept as
       UTF-8 with U+FFFD, rather than being misread as another code page;
    5. `hint` (an HTML page's declared charset), if the result is plausible text;
    6. Windows-1256, then ISO-8859-6, accepted only if the result reads as Arabic;
    7. charset-normalizer as a last resort, preferring a candidate with Arabic.

    The result has no BOM and `\\n` newlines. `b""` decodes to `""`.
    """
    if not data:
        return ""

    # 1. Byte order marks.
    if data.startswith(codecs.BOM_UTF8):
        try:
            text = data[3:].decode("utf-8")
        except UnicodeDecodeError as err:
            almost = _almost_utf8(data[3:])
            if almost is None:
                raise ValueError(f"{_NOT_TEXT} (UTF-8 BOM, but invalid UTF-8 at byte {err.start + 3})") from None
            text = almost
        if not _looks_like_text(text):
            raise ValueError(f"{_NOT_TEXT} (UTF-8 BOM, but binary content)")
        return finish_text(text)
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                     (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            body = data[len(bom):]
            unit = 4 if "32" in enc else 2
            body = body[: len(body) - len(body) % unit]  # a file cut mid-character
            try:
                text = body.decode(enc)
            except UnicodeDecodeError:
                break  # e.g. a binary file that happens to start with FF FE
            if _looks_like_text(text):
                return finish_text(text)
            break

    kind = _binary_kind(data)
    if kind:
        raise ValueError(f"{_NOT_TEXT}: looks like {kind}")

    # 2. BOM-less UTF-16.
    head = data[:4096]
    if b"\x00" in head or (b"\x06" in head):
        enc = _utf16_without_bom(head)
        if enc:
            try:
                text = data[: len(data) - len(data) % 2].decode(enc)
            except UnicodeDecodeError:
                text = None
            if text is not None and _looks_like_arabic_or_latin(text):
                return finish_text(text)
    if b"\x00" in data:
        raise ValueError(f"{_NOT_TEXT}: binary data (contains NUL bytes)")

    # 3. Strict UTF-8.
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _control_ratio(text) > 0.01:
            raise ValueError(f"{_NOT_TEXT}: binary data (many control characters)")
        return finish_text(text)

    # 4. Almost-UTF-8 (a few broken sequences among many valid multi-byte ones).
    almost = _almost_utf8(data)
    if almost is not None:
        return finish_text(almost)

    # 5. The charset the document declares.
    if hint:
        try:
            text = data.decode(hint)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            if _looks_like_text(text) and (_looks_like_arabic(text) or not _ARABIC_RE.search(text)):
                return finish_text(text)

    # 6. Arabic single-byte code pages.
    for enc in ("cp1256", "iso8859_6"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _looks_like_arabic(text):
            return finish_text(text)

    # 7. Last resort: statistical detection.
    text = _charset_normalizer_guess(data)
    if text is not None:
        return finish_text(text)
    raise ValueError(_NOT_TEXT)


def _charset_normalizer_guess(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - pinned in requirements
        return None
    matches = from_bytes(data[:1_000_000])
    candidates: list[str] = []
    for match in matches:
        try:
            text = data.decode(match.encoding)
        except (LookupError, UnicodeDecodeError):
            continue
        if not _looks_like_text(text):
            continue
        if _ARABIC_RE.search(text):
            if _looks_like_arabic(text):
                return text
            continue  # Arabic letters among garbage: a wrong code page
        candidates.append(text)
    # No Arabic reading: accept a clean Latin/other reading (an English article, say).
    for text in candidates:
        if _looks_like_arabic_or_latin(text):
            return text
    return None


_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET_RE.search(data[:8192])
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


_LINE_BREAK_RE = re.compile(rb"\r\n|\r|\n")
_BYTE_CONTROLS = bytes(range(0x00, 0x09)) + bytes(range(0x0e, 0x20)) + b"\x7f"


def _bad_line(line: bytes) -> str | None:
    """Why one line of a record file is not text, judged on its bytes, or None."""
    if b"\x00" in line:
        return "not text: binary data (contains NUL bytes)"
    controls = len(line) - len(line.translate(None, _BYTE_CONTROLS))
    if controls > max(1, len(line) // 100):
        return "not text: binary data (many control characters)"
    return None


def decode_record_lines(data: bytes) -> tuple[str, dict[int, str]] | None:
    """A file of records (JSONL, CSV) that `decode_bytes` refuses, line by line: its text with
    each line that is not text emptied (so line numbers stay), and {line number: reason}.

    A NUL byte or a run of random bytes on one line then refuses that line's record alone.
    The other lines are decoded together, as `decode_bytes` would decode a file of them; a
    line that still breaks that encoding is refused too. None when line breaks cannot be
    told in the bytes (UTF-16/32) or no line is left: the file is refused whole."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_bom(data[:4096]):
        return None  # UTF-16/32 (a UTF-32 BOM starts like UTF-16's)
    lines = _LINE_BREAK_RE.split(data)  # the line breaks `finish_text` makes "\n"
    bad = {n: why for n, line in enumerate(lines, 1) if (why := _bad_line(line)) is not None}
    if len(bad) == len(lines):
        return None
    kept = [b"" if n in bad else line for n, line in enumerate(lines, 1)]
    try:
        text = decode_bytes(b"\n".join(kept))
        if text.count("\n") == len(lines) - 1:  # a single-byte or UTF-8 decoding keeps the lines
            return text, bad
    except ValueError:
        pass
    out: list[str] = []
    for n, line in enumerate(kept, 1):  # each line on its own: UTF-8, or refused
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError as err:
            bad[n] = f"not valid UTF-8 text (invalid byte at column {err.start + 1})"
            out.append("")
    if len(bad) == len(lines):
        return None
    return finish_text("\n".join(out)), bad
