"""ModernGov web pages (saved from a browser) to the text the shape parsers read.

selectolax's Lexbor engine parses the page as a browser does (HTML5), so
broken saved pages read the way they looked. Scripts, styles, forms,
navigation and hidden parts are removed before any text is taken, and
``javascript:`` links go with them. The page's content (ModernGov's
``#modgov`` block when there is one) is then written out as lines:

* headings, paragraphs and ModernGov's ``mgWordPara`` blocks end with a blank
  line, which is how the text parsers see paragraphs;
* the agenda's ``mgItemNumberCell`` is a line of its own ("4."), the
  ``mgAiTitleTxt`` title and ``mgSubItemTitleTxt`` labels ("Minutes:") lines
  of their own, so the agenda parser finds items as on a text page;
* other tables become tab-separated rows, as in the text exports;
* list items become "·" bullets.

The page ``<title>`` supplies the "Committee - date" heading when the page
text has none ("Agenda for Cabinet on Monday, 3rd May, 2021, 2.00 pm").
Links naming a ModernGov committee, meeting, item or issue (``CId``,
``MId``, ``AIId``, ``IId``) and the "saved from url" note are kept as the
source's provenance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from store.ingest.errors import Rejected
from store.text import safe_line

#: Elements whose content is never document text.
_DROPPED = (
    "script, style, noscript, template, head, nav, form, select, button, input, textarea,"
    " iframe, object, embed, svg, canvas, audio, video, map, footer, [hidden], [aria-hidden=true],"
    " [role=navigation], [role=search], #mgSkipLinks, .mgBreadCrumbs, .mgBreadcrumbs"
)
#: Elements that end a line.
_LINE_TAGS = frozenset({"br", "li", "tr", "dt", "dd", "caption", "label"})
#: Elements that end a paragraph (a blank line after them).
_BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl",
    "section", "article", "main", "aside", "blockquote", "pre", "address", "fieldset",
    "figure", "hr", "header", "footer", "td", "th",
})
#: Classes that stand as lines of their own (item numbers, titles, labels).
_OWN_LINE = frozenset({"mgItemNumberCell", "mgAiTitleTxt", "mgSubItemTitleTxt", "mgSubTitleTxt", "mgMainTitleTxt"})
_UNSAFE_LINK = re.compile(r"^\s*+(?:javascript|vbscript|data)\s*+:", re.IGNORECASE)
_PROVENANCE = re.compile(r"[?&](?:CId|MId|AIId|IId|ID)=\d", re.IGNORECASE)
_BLANKS = re.compile(r"[\x00-\x20]+")
_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(\S+)", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*+:\s*+none|visibility\s*+:\s*+hidden", re.IGNORECASE)
#: "Agenda for Cabinet on Monday, 3rd May, 2021, 2.00 pm - Council".
_TITLE = re.compile(
    r"^\s*+(?:agenda|minutes|decisions|agenda\s++and\s++minutes)\s++for\s++(.+?)\s++on\s++"
    r"((?:\w+day,?\s++)?\d.+?\d{4}(?:,?\s++\d{1,2}[.:]\d{2}\s*+[ap]\.?m\.?)?)",
    re.IGNORECASE,
)
#: Longest page title read for the meeting's name and date.
_TITLE_CHARS = 300
#: "Meeting: 02/03/2021 - Cabinet (Item 4.)" on an item page or an issue
#: history page (``store.ingest.issue``).
MEETING_LINE = re.compile(
    r"^meeting\s*+:\s*+(?P<date>\d{1,2}/\d{1,2}/\d{4})\s*+[-–]\s*+(?P<committee>.+?)"
    r"(?:\s*+\(item\s++(?P<number>[\w./]{1,12})\))?\s*+$",
    re.IGNORECASE,
)
#: Deepest element nesting read; real pages nest a few dozen deep, and the
#: HTML5 parser's time grows with the square of the depth.
MAX_DEPTH = 1_000
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]{0,20})[^<>]*?(/?)>")
#: Elements that never hold others, or that the parser closes by itself.
_UNNESTED = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup",
    "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp",
})
#: Most provenance links kept for one page.
_MAX_LINKS = 200
_SPACE = re.compile(r"[ \t\r\n\f\u00a0]+")


@dataclass(slots=True)
class Page:
    """A web page as text, with what the markup said besides.

    Attributes:
        text: Lines joined with ``\\n``.
        links: ModernGov addresses the page links to or was saved from.
        warnings: What was removed that a clerk may want to know.
        item: For a one-item page (``mgAi``), the item's title: the page
            is then one item of its meeting, not a newer copy of the agenda.
        issue: True for an issue history page (``mgIssueHistoryHome``),
            which ``store.ingest.issue`` reads into one document per meeting.
        title: The browser title.
        anchors: The provenance links with their text, in page order.
    """

    text: str
    links: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    item: str = ""
    issue: bool = False
    title: str = ""
    anchors: list[tuple[str, str]] = field(default_factory=list)


def html_text(source: str) -> Page:
    """Read a ModernGov page (or any HTML fragment) into text.

    Args:
        source: The decoded page.

    Raises:
        Rejected: The selectolax library is missing, or there is no text.
    """
    try:
        from selectolax.lexbor import LexborHTMLParser
    except ImportError:
        raise Rejected(
            "The file is a web page, and reading web pages needs the selectolax library,"
            " which is not installed (reinstall ccpi-tui with pip)."
        ) from None
    _refuse_deep_nesting(source)
    tree = LexborHTMLParser(source)
    title_node = tree.css_first("title")
    title = " ".join((title_node.text() if title_node else "")[:_TITLE_CHARS].split())
    links = [match.group(1) for match in _SAVED_FROM.finditer(source[:2048])]
    scripts = len(tree.css("script"))
    for node in tree.css(_DROPPED):
        node.decompose()
    for node in tree.css("[style]"):
        if _HIDDEN_STYLE.search(node.attributes.get("style") or ""):
            node.decompose()
    unsafe = 0
    anchors = []
    for node in tree.css("a[href]"):
        href = node.attributes.get("href") or ""
        # Browsers ignore blanks and controls inside a scheme ("java\tscript:").
        if _UNSAFE_LINK.match(_BLANKS.sub("", href)):
            node.decompose()
            unsafe += 1
        elif _PROVENANCE.search(href):
            links.append(href)
            anchors.append((safe_line(href.strip()), " ".join(node.text()[:_TITLE_CHARS].split())))
    root = tree.css_first("#modgov") or tree.body or tree.root
    lines = _Lines()
    if root is not None:
        _write(root, lines)
    text = lines.finish()
    if not text.strip():
        raise Rejected("The file is a web page with no text in it.")
    from store.ingest.issue import is_issue_page

    item = _item_page(text)
    if is_issue_page(_first_line(text)):
        page = Page(text, _unique_links(links), issue=True)
    elif item is not None:
        page = Page(item[1], _unique_links(links), item=item[0])
    else:
        page = Page(_with_heading(text, title), _unique_links(links))
    page.title, page.anchors = title, anchors[:_MAX_LINKS]
    if scripts or unsafe:
        page.warnings.append(
            f"The web page's scripts ({scripts}) and javascript: links ({unsafe}) were"
            " removed, never run."
        )
    return page


def _refuse_deep_nesting(source: str) -> None:
    """Refuse markup nested deeper than ``MAX_DEPTH`` (one linear scan of the tags)."""
    depth = deepest = 0
    for match in _TAG.finditer(source):
        closing, name, empty = match.groups()
        if empty or name.lower() in _UNNESTED:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            raise Rejected(
                f"The web page nests its elements over {MAX_DEPTH:,} deep (at character"
                f" {match.start():,}); real pages nest a few dozen deep, so it was not read."
            )


class _Lines:
    """Text written out line by line, blank lines between paragraphs."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []

    def text(self, words: str) -> None:
        self.current.append(words)

    def end_line(self) -> None:
        line = _SPACE.sub(" ", "".join(self.current)).strip()
        self.current = []
        if line:
            self.lines.append(line)

    def end_block(self) -> None:
        self.end_line()
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def row(self, cells: list[str]) -> None:
        self.end_line()
        if any(cells):
            self.lines.append("\t".join(cells))

    def finish(self) -> str:
        self.end_block()
        return "\n".join(self.lines)


def _write(root, out: _Lines) -> None:  # type: ignore[no-untyped-def]
    """Walk the tree without recursion (pages can nest thousands deep)."""
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        tag = node.tag  # type: ignore[attr-defined]
        if leaving:
            if tag in _BLOCK_TAGS or _own_line(node):
                out.end_block()
            elif tag in _LINE_TAGS:
                out.end_line()
            continue
        if tag == "-text":
            out.text(_SPACE.sub(" ", node.text_content or ""))  # type: ignore[attr-defined]
            continue
        if tag in ("-comment", "-doctype"):
            continue
        if tag == "br":
            out.end_line()
            continue
        if tag == "table" and not _is_layout(node):
            out.end_block()
            for row in node.css("tr"):  # type: ignore[attr-defined]
                out.row([" ".join(cell.text(separator=" ").split()) for cell in row.css("td, th")])
            out.end_block()
            continue
        if tag in _BLOCK_TAGS or _own_line(node):
            out.end_block()
        elif tag == "li":
            out.end_line()
            if not _in_action_list(node):
                out.text("· ")
        stack.append((node, True))
        children = []
        child = node.child  # type: ignore[attr-defined]
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend((child, False) for child in reversed(children))


def _own_line(node) -> bool:  # type: ignore[no-untyped-def]
    classes = (node.attributes.get("class") or "").split() if node.tag[0] != "-" else ()
    return any(name in _OWN_LINE for name in classes)


def _in_action_list(item) -> bool:  # type: ignore[no-untyped-def]
    """ModernGov lists an item's documents as links, not as bullet points."""
    parent = item.parent
    return parent is not None and "mgActionList" in (parent.attributes.get("class") or "").split()


def _is_layout(table) -> bool:  # type: ignore[no-untyped-def]
    """ModernGov's item table lays out items; it is not a table of figures."""
    classes = (table.attributes.get("class") or "").split()
    return "mgItemTable" in classes or table.css_first("td.mgItemNumberCell") is not None


def _with_heading(text: str, title: str) -> str:
    """Add a "Committee - date" line from the page title when the text lacks one."""
    from store.ingest.agenda import find_heading

    lines = text.split("\n")
    match = _TITLE.match(title)
    if match is None or find_heading(lines) is not None:
        return text
    heading = f"{match.group(1)} - {match.group(2).strip(' ,')}"
    first = next((index for index, line in enumerate(lines) if line), 0)
    return "\n".join([*lines[: first + 1], "", heading, "", *lines[first + 1 :]])


def _first_line(text: str) -> str:
    return next((line for line in text.split("\n") if line), "")


def _item_page(text: str) -> tuple[str, str] | None:
    """An ``mgAi`` item page's title, and the page as a one-item agenda page.

    The page reads "Agenda item", the title, then "Meeting: 02/03/2021 -
    Committee (Item 4.)" and the item's text; the agenda parser wants the
    committee and date as a heading and the number above the title.
    """
    lines = text.split("\n")
    if _first_line(text).casefold() != "agenda item":
        return None
    for index, line in enumerate(lines):
        match = MEETING_LINE.match(line)
        if match:
            break
    else:
        return None
    title = next((line for line in lines[1:index] if line and line.casefold() != "agenda item"), "")
    number = (match["number"] or "1").rstrip(".")
    return title, "\n".join([
        "Agenda and minutes", "", f"{match['committee']} - {match['date']}", "",
        f"{number}.", "", title, "", *lines[index + 1 :],
    ])


def _unique_links(links: list[str]) -> list[str]:
    return list(dict.fromkeys(safe_line(link.strip()) for link in links if link.strip()))[:_MAX_LINKS]
