"""HTML pages → an article: the main text (trafilatura, offline; lxml as a
fallback) and the title, date, site name and canonical URL from the page's own
metadata."""
from __future__ import annotations

import re
from typing import Any

from lib import settings
from lib.ingest.decoding import normalise_newlines
from lib.ingest.raw import RawArticle, ReadError, scalar, with_metadata

_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_TABLE_SEPARATOR_RE = re.compile(r"^\|[\s\-:|]*\|?\s*$")
_BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "blockquote",
    "article", "section", "header", "footer", "main", "aside", "nav", "figure", "figcaption", "pre",
    "dd", "dt", "dl", "hr", "address", "form",
})
_LAYOUT_HINT_TAGS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
                               "blockquote", "article", "section"})
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def _unwrap_layout_tables(tree: Any) -> None:
    """Turn layout tables into divs so trafilatura sees their paragraphs.

    Older Arabic sites lay the whole page out in nested tables; trafilatura then
    either renders the article as one "| table cell |" or drops paragraphs.
    A table whose cells hold paragraphs, headings or very long text is layout,
    not data; data tables (figures per governorate, say) are left alone.
    """
    for table in list(tree.iter("table")):
        own = [e for e in table.iter("tbody", "thead", "tfoot", "tr", "td", "th")
               if next(e.iterancestors("table"), None) is table]
        cells = [e for e in own if e.tag in ("td", "th")]
        layout = any(
            isinstance(d.tag, str) and d.tag in _LAYOUT_HINT_TAGS for c in cells for d in c.iterdescendants()
        ) or any(len(c.text_content()) > 300 for c in cells)
        if layout:
            for e in own:
                e.tag = "div"
            table.tag = "div"


def _tidy_extracted(text: str) -> str:
    """trafilatura's text: `\\n` between paragraphs, data-table rows without Markdown pipes."""
    text = normalise_newlines(text)
    if "|" not in text:
        return text.strip()
    lines = []
    for line in text.split("\n"):
        s = line.strip()
        if s.startswith("|") and s.endswith("|"):
            if _TABLE_SEPARATOR_RE.match(s):
                continue
            cells = [c.strip() for c in s.strip("|").split(" | ")]
            line = " | ".join(c for c in cells if c)
            if not line:
                continue
        lines.append(line)
    return "\n".join(lines).strip()


def _lxml_text(tree: Any) -> str:
    """Fallback body text: <article>, else <main>, else <body>, one line per block."""
    from lxml import etree

    etree.strip_elements(tree, "script", "style", "noscript", "template", "svg", "iframe", with_tail=False)

    def text_of(node: Any) -> str:
        for el in node.iter():
            if isinstance(el.tag, str) and el.tag in _BLOCK_TAGS:
                el.text = "\n" + (el.text or "")
                el.tail = "\n" + (el.tail or "")
        lines = (" ".join(line.split()) for line in node.text_content().split("\n"))
        return "\n".join(line for line in lines if line)

    for xpath in ("//article", "//main"):
        nodes = tree.xpath(xpath)
        if nodes:
            text = text_of(nodes[0])
            if text:
                return text
    body = tree.find(".//body")
    node = body if body is not None else tree
    import copy

    trimmed = copy.deepcopy(node)
    etree.strip_elements(trimmed, "nav", "header", "footer", "aside", "form", with_tail=False)
    return text_of(trimmed) or text_of(node)


_SEPARATORS_RE = re.compile(r"\s+[|•·»›/\-–—]\s+|\t")


class _PageTitle:
    """The metadata of a page read by the fallback alone: its <title>."""

    def __init__(self, title: str | None) -> None:
        self.title = title
        self.text = self.url = self.date = self.sitename = None


# An attribute value of 4 KB or more (an inline image, a hostile page): trafilatura's regexes
# over attributes take seconds a MB. Trimmed to `_ATTRIBUTE_KEEP` characters, which keeps
# every class name, URL and meta content a page means.
_LONG_ATTRIBUTE_RE = re.compile(r"""=\s*(?:"[^"<>]{4096}|'[^'<>]{4096})""")
_ATTRIBUTE_KEEP = 2048


def _trim_attributes(tree: Any) -> None:
    for el in tree.iter():
        attrib = getattr(el, "attrib", None)
        if attrib:
            for key, value in attrib.items():
                if len(value) > _ATTRIBUTE_KEEP:
                    attrib[key] = value[:_ATTRIBUTE_KEEP]


def _too_many_elements(tree: Any) -> bool:
    limit = settings.HTML_MAX_ELEMENTS
    return any(n > limit for n, _ in enumerate(tree.iter()))


def _link_texts(tree: Any) -> set[str]:
    """The texts of the page's links, whitespace collapsed."""
    out = set()
    for a in tree.iter("a"):
        try:
            words = a.text_content().split()
        except ValueError:  # lxml on hostile markup
            continue
        if words:
            out.add(" ".join(words))
    return out


def _link_share(text: str, links: set[str]) -> float:
    """The share of `text`'s characters on lines (or line pieces between separators) that are
    only a link's text: near 1 for a page of menus and lists of headlines."""
    if not links:
        return 0.0
    total = linked = 0
    for line in text.split("\n"):
        line = " ".join(line.split())
        total += len(line)
        if line in links:
            linked += len(line)
        elif len(line) < 2000:
            linked += sum(len(p) for p in _SEPARATORS_RE.split(line) if p in links)
    return linked / total if total else 0.0


def html_to_article(html: str, path: str, meta: dict[str, str | None] | None = None) -> RawArticle | ReadError:
    """Main text and the page's own metadata, fully offline.

    trafilatura is given a string or a parsed tree, never a URL, so it cannot
    fetch anything. Dates come from the page's markup only (meta tags, <time>,
    the URL), not from a search of the article text: a date found in the text
    is the date-detection step's business, with its own provenance.
    """
    import trafilatura
    from trafilatura.metadata import extract_metadata
    from trafilatura.utils import load_html

    html = _XML_DECL_RE.sub("", html, count=1)
    text = ""
    doc: Any = None
    links: set[str] = set()
    fallback_reason = ""
    try:
        tree = load_html(html)
        if tree is not None and _too_many_elements(tree):
            links = _link_texts(tree)
            fallback_reason = "over settings.HTML_MAX_ELEMENTS elements: read by the plain fallback"
            doc = _PageTitle(scalar(tree.findtext(".//title")))
        elif tree is not None:
            links = _link_texts(tree)
            if _LONG_ATTRIBUTE_RE.search(html):
                _trim_attributes(tree)
            _unwrap_layout_tables(tree)
            doc = trafilatura.bare_extraction(
                tree,
                with_metadata=True,
                include_comments=False,
                include_tables=True,
                include_images=False,
                include_links=False,
                deduplicate=False,
                date_extraction_params=_DATE_PARAMS,
            )
    except Exception as err:  # trafilatura/lxml on hostile markup: fall back, don't crash the batch
        doc = None
        fallback_reason = f"{type(err).__name__}: {err}"
    if doc is not None and doc.text:
        text = _tidy_extracted(doc.text)
    if not text:
        try:
            from lxml import html as lxml_html

            tree = load_html(html)
            if tree is None:
                tree = lxml_html.document_fromstring(html)
            text = _lxml_text(tree)
            if doc is None:
                doc = extract_metadata(tree, date_config=_DATE_PARAMS, extensive=False)
        except Exception as err:
            fallback_reason = fallback_reason or f"{type(err).__name__}: {err}"
    if not text:
        why = f" ({fallback_reason})" if fallback_reason else ""
        return ReadError(path, f"no article text found in the HTML{why}")
    share = _link_share(text, links)
    if share > settings.HTML_MAX_LINK_SHARE:
        return ReadError(path, f"no article text in the HTML: {share:.0%} of its text is the text of its links "
                               f"(a menu, index or tag page; settings.HTML_MAX_LINK_SHARE)")
    page = RawArticle(
        text=text,
        path=path,
        url=scalar(getattr(doc, "url", None)),
        title=scalar(getattr(doc, "title", None)),
        published=scalar(getattr(doc, "date", None)),
        site_name=scalar(getattr(doc, "sitename", None)),
    )
    return with_metadata(page, {k: v for k, v in (meta or {}).items() if v})
