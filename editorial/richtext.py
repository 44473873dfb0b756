"""Sanitise rich text produced by CKEditor 5 before it is stored or rendered."""

import re
from html import escape

import lxml.html
import nh3

# What CKEditor 5 emits for a health article, minus presentation: no style,
# class or id anywhere, so pasted markup cannot restyle, clobber or spoof the page.
ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "h2", "h3", "h4", "p", "br", "hr", "strong", "b", "em", "i", "u", "s",
        "sub", "sup", "blockquote", "ul", "ol", "li", "a", "code", "pre",
        "figure", "figcaption", "img", "table", "caption", "thead", "tbody",
        "tfoot", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
# scope is restricted to its real values rather than merely allowed.
ATTRIBUTE_VALUES: dict[str, dict[str, set[str]]] = {
    "th": {"scope": {"row", "col", "rowgroup", "colgroup"}},
    # CKEditor 5 reads a <figure> as an image with its caption (or a table) only with this class; without
    # it, reopening the page turns a captioned image into an inline image followed by loose text.
    "figure": {"class": {"image", "table"}},
}
# Drop these with their content: the text inside them is code or markup, not prose.
CLEAN_CONTENT_TAGS: frozenset[str] = frozenset(
    {"script", "style", "template", "noscript", "iframe", "object", "embed",
     "svg", "math", "textarea", "select", "title", "xmp", "noembed", "noframes"}
)  # fmt: skip
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto", "tel"})

# nh3 passes anything without a recognised scheme through as "relative"
# (e.g. "\u2000javascript:..." or "//evil.example"), so URLs are re-checked
# against an explicit list of prefixes.  Images never need mailto/tel/#.
_HREF_PREFIXES = ("http://", "https://", "mailto:", "tel:", "/", "#")
_SRC_PREFIXES = ("http://", "https://", "/")
_NUMERIC = {"width", "height", "colspan", "rowspan"}


def _safe_url(value: str, prefixes: tuple[str, ...]) -> bool:
    """Return True if the raw URL is on-list and cannot be reinterpreted."""
    # Browsers drop tabs/newlines anywhere in a URL and treat "\" like "/",
    # so "/\t/evil" or "/\evil" would become protocol-relative off-site links.
    if any(ord(c) < 0x20 or c == "\x7f" for c in value):
        return False
    if value[:2] in ("//", "/\\"):
        return False
    return value.lower().startswith(prefixes)


def is_safe_link(url: str | None) -> bool:
    """Return whether ``url`` may be a link's href: the schemes and prefixes rich text allows, nothing else."""
    if not url:
        return False
    return _safe_url(url, _HREF_PREFIXES)


def _filter_attribute(tag: str, attr: str, value: str) -> str | None:
    if attr == "href":
        return value if is_safe_link(value) else None
    if attr == "src":
        return value if _safe_url(value, _SRC_PREFIXES) else None
    if attr in _NUMERIC:
        return value if value.isascii() and value.isdigit() else None
    return value  # includes the rel="noopener noreferrer" nh3 adds itself


# Word (above all Word for Mac, whose list markers are not marked mso-list:Ignore) pastes a list item's marker as
# text: a bullet glyph ("·", "•", "o", "§", "▪") or a number, then the run of no-break spaces it indented with.
# The list element already says bullet or number, so the marker goes when it starts an item and a no-break
# space follows it; a plain "o" or "1." followed by an ordinary space is the item's own text and stays.
_PASTED_MARKER = re.compile(
    r"(<li>(?:<p>)?)\s*(?:[\u00b7\u2022\u25aa\u25cf\u00a7o\-\u2013]|\d{1,3}[.)]|[a-zA-Z][.)]|[ivxIVX]{1,5}[.)])?"
    r"(?:[ \t\n]*(?:&nbsp;|\u00a0))+[ \t\n]*"
)

# A figure holding an image is CKEditor's image block; saying so keeps its caption when the editor reopens it
# (imports and older drafts stored it without the class).
_IMAGE_FIGURE = re.compile(r"<figure>(\s*<img\b)")


def clean_html(html: str | None) -> str:
    """Strip everything but the allow-listed article markup from html, and pasted list markers from items."""
    if not html:
        return ""
    return _IMAGE_FIGURE.sub(r'<figure class="image">\1', _PASTED_MARKER.sub(r"\1", _sanitise(html)))


def _sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(CLEAN_CONTENT_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values=ATTRIBUTE_VALUES,
        attribute_filter=_filter_attribute,
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


# Canonical form ----------------------------------------------------------------
# Two bodies that say the same thing must compare equal however they were serialised: CKEditor 5 re-serialises
# HTML it did not write (an import, an old draft) with its own attribute order, entities, void tags, block
# spacing, <b>/<i> as <strong>/<em>, single paragraphs in list items and cells unwrapped, and empty
# paragraphs added or dropped. canonical_html is only ever compared (editorial.workflow decides "edited" with
# it); what is stored and shown stays clean_html's output, exactly what the reviewer approved.

_BLOCKS = frozenset(
    {"div", "p", "h2", "h3", "h4", "blockquote", "ul", "ol", "li", "figure", "figcaption", "pre", "hr",
     "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"}
)  # fmt: skip
_BLOCKS_AND_BREAKS = _BLOCKS | {"br"}
_VOID = frozenset({"br", "hr", "img"})
_RENAMED = {"b": "strong", "i": "em"}
_UNWRAPPED_PARAGRAPH = frozenset({"li", "td", "th", "blockquote", "figcaption"})
# Runs of spaces, line breaks and no-break spaces render as one space outside <pre>; CKEditor writes them
# as "&nbsp; " pairs or collapses them, so they all count as one space.
_SPACE_RUN = re.compile(r"[ \t\n\r\f\u00a0]+")


def canonical_html(html: str | None) -> str:
    """Return html sanitised and normalised, so re-serialisations of the same content compare equal."""
    cleaned = clean_html(html)
    if not cleaned.strip():
        return ""
    root = lxml.html.fragment_fromstring(cleaned, create_parent="div")
    _normalise(root, in_pre=False)
    return _inner(root)


def _normalise(element, *, in_pre: bool) -> None:
    """Rename, unwrap, drop empty paragraphs and collapse spaces below ``element``, in place."""
    in_pre = in_pre or element.tag == "pre"
    for child in list(element):
        child.tag = _RENAMED.get(child.tag, child.tag)
        _normalise(child, in_pre=in_pre)
        if child.tag == "p" and _is_empty(child):
            _drop(child)
    if element.tag in _UNWRAPPED_PARAGRAPH and len(element) == 1 and element[0].tag == "p":
        only = element[0]
        if not (element.text or "").strip() and not (only.tail or "").strip():
            element.text, element[:] = only.text, list(only)
    if not in_pre:
        _collapse_spaces(element)


def _is_empty(paragraph) -> bool:
    """Return whether a paragraph shows nothing: no text, no image (a lone <br> is CKEditor's filler)."""
    return not _SPACE_RUN.sub("", paragraph.text_content()) and not paragraph.xpath(".//img")


def _drop(element) -> None:
    """Remove ``element`` but keep its tail text where it was."""
    parent, tail = element.getparent(), element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def _collapse_spaces(element) -> None:
    """Collapse space runs in the element's text and its children's tails; trim them beside block edges."""
    block = element.tag in _BLOCKS
    children = list(element)
    edges = [block, *(child.tag in _BLOCKS_AND_BREAKS for child in children), block]
    texts = [element.text, *(child.tail for child in children)]
    for index, text in enumerate(texts):
        text = _SPACE_RUN.sub(" ", text or "")
        text = text.lstrip(" ") if edges[index] else text
        text = text.rstrip(" ") if edges[index + 1] else text
        texts[index] = text
    element.text = texts[0]
    for child, tail in zip(children, texts[1:], strict=True):
        child.tail = tail


def _serialise(element) -> str:
    """Write one element with its attributes sorted and entities in one form."""
    attributes = "".join(f' {name}="{escape(value)}"' for name, value in sorted(element.attrib.items()))
    if element.tag in _VOID:
        return f"<{element.tag}{attributes}>"
    return f"<{element.tag}{attributes}>{_inner(element)}</{element.tag}>"


def _inner(element) -> str:
    """Write what is inside ``element``: its text, children and their tails."""
    children = "".join(_serialise(child) + _escape_text(child.tail or "") for child in element)
    return _escape_text(element.text or "") + children


def _escape_text(text: str) -> str:
    return escape(text, quote=False)
