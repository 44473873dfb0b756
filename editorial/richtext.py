"""Sanitise rich text produced by CKEditor 5 before it is stored or rendered."""

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
    return bool(url) and _safe_url(url, _HREF_PREFIXES)


def _filter_attribute(tag: str, attr: str, value: str) -> str | None:
    if attr == "href":
        return value if is_safe_link(value) else None
    if attr == "src":
        return value if _safe_url(value, _SRC_PREFIXES) else None
    if attr in _NUMERIC:
        return value if value.isascii() and value.isdigit() else None
    return value  # includes the rel="noopener noreferrer" nh3 adds itself


def clean_html(html: str | None) -> str:
    """Strip everything but the allow-listed article markup from html."""
    if not html:
        return ""
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
