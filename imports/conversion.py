"""Turn a WordPress post body into the HTML the site's editor produces.

In order: Gutenberg block comments go (a reusable or dynamic block is flagged),
shortcodes become plain content or are flagged, classic content gets
WordPress's line-break convention as paragraphs (``autop``), then the HTML is
walked once: images are copied through the media library (a missing one
becomes a visible note for the reviewer, never a broken image), embeds become
links, headings fit the editor's levels. The result goes through the site's
one sanitizer, ``editorial.richtext.clean_html``.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import lxml.html
from lxml import etree

from editorial.richtext import clean_html


class MediaLibrary(Protocol):
    def image(self, url: str) -> tuple[str | None, str]:
        """Return (the new address or None when the file could not be imported, the library's alt text)."""

    def link(self, url: str) -> str | None:
        """Return the address a link should have here, or None for an uploaded file that is missing."""

    def gallery_url(self, attachment_id: int) -> str | None:
        """Return the original address of an attachment, for [gallery ids=...]."""


@dataclass
class Converted:
    html: str = ""
    shortcodes: list[str] = field(default_factory=list)
    attention: list[str] = field(default_factory=list)
    missing_media: list[str] = field(default_factory=list)
    images_without_alt: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        if text not in self.attention:
            self.attention.append(text)


def convert_body(content: str, media: MediaLibrary) -> Converted:
    """Return the body as the site stores it, with what the reviewer should look at."""
    result = Converted()
    text = (content or "").replace("\r\n", "\n").replace("\r", "\n")
    has_blocks = "<!-- wp:" in text
    text = remove_blocks(text, result)
    text = MORE_TAG.sub("", text)
    text = convert_shortcodes(text, media, result)
    if not has_blocks:
        # WordPress adds paragraphs to classic content when showing it; block content already has them.
        for url in LONE_URL.findall(PRE.sub("", text)):
            result.note(f"An embedded item was turned into a link: {url}")
        text = autop(text)
    result.html = clean_html(rewrite_html(text, media, result)).strip()
    return result


# Gutenberg blocks -----------------------------------------------------------

# A block's attributes are JSON, which never holds "-->" (WordPress escapes it), so a match cannot run past its comment.
BLOCK_ATTRIBUTES = r"(\s+\{(?:(?!-->).)*?\})?"
SELF_CLOSING_BLOCK = re.compile(r"<!--\s+wp:([a-z0-9_/-]+)" + BLOCK_ATTRIBUTES + r"\s*/-->", re.S)
BLOCK_DELIMITER = re.compile(r"<!--\s+/?wp:[a-z0-9_/-]+" + BLOCK_ATTRIBUTES + r"\s*/?-->", re.S)
REUSABLE_REF = re.compile(r'"ref"\s*:\s*(\d+)')
MORE_TAG = re.compile(r"<!--(more|nextpage|noteaser)(.*?)?-->", re.S)


def remove_blocks(text: str, result: Converted) -> str:
    """Drop block delimiters, keeping the HTML each block saved; blocks with no saved HTML are flagged."""

    def dynamic(match: re.Match) -> str:
        name, attributes = match.group(1), match.group(2) or ""
        if name in ("block", "core/block"):
            ref = REUSABLE_REF.search(attributes)
            result.note(f"A reusable block (WordPress id {ref.group(1) if ref else '?'}) was left out: add its text.")
        elif name not in ("more", "nextpage", "separator", "spacer"):
            result.note(f"A dynamic WordPress block (wp:{name}) shows nothing here and was left out.")
        return ""

    text = SELF_CLOSING_BLOCK.sub(dynamic, text)
    return BLOCK_DELIMITER.sub("", text)


# Shortcodes -----------------------------------------------------------------

# WordPress's own shortcode grammar: [name attrs], [name attrs /], [name attrs]content[/name], [[escaped]].
SHORTCODE = re.compile(
    r"(?P<open>\[?)\[(?P<name>[a-zA-Z][\w-]*)(?P<attrs>(?:\s[^\]]*?)?)(?P<self>/?)\]"
    r"(?:(?P<content>.*?)\[/(?P=name)\])?(?P<close>\]?)",
    re.S,
)
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"\]]+))""")
# Bracketed words that are shortcodes even without attributes or a closing tag.
BARE_SHORTCODES = frozenset({"gallery", "playlist", "embed", "audio", "video", "caption", "wp_caption"})
MEDIA_EXTENSIONS = ("src", "mp4", "m4v", "webm", "ogv", "mp3", "m4a", "ogg", "wav", "flv", "wmv")


def shortcode_attributes(text: str) -> dict[str, str]:
    return {m.group(1).lower(): next(v for v in m.groups()[1:] if v is not None) for m in ATTRIBUTE.finditer(text)}


def convert_shortcodes(text: str, media: MediaLibrary, result: Converted) -> str:
    """Replace WordPress shortcodes with plain content, flagging the ones that have no equivalent here."""

    def replace(match: re.Match) -> str:
        name, attrs, content = match.group("name"), match.group("attrs"), match.group("content")
        if match.group("open") and match.group("close"):
            return match.group(0)[1:-1]  # [[name]] is how WordPress writes a literal [name]
        if name.lower() not in BARE_SHORTCODES and not attrs.strip() and content is None:
            return match.group(0)  # ordinary bracketed text such as [sic]
        result.shortcodes.append(name)
        handler = SHORTCODE_HANDLERS.get(name.lower())
        inner = convert_shortcodes(content, media, result) if content else ""
        if handler:
            return (
                match.group("open") + handler(shortcode_attributes(attrs), inner, media, result) + match.group("close")
            )
        if content:
            result.note(f"Shortcode [{name}] was removed and its text kept: check what it showed on WordPress.")
            return match.group("open") + inner + match.group("close")
        result.note(f"Shortcode [{name}] was removed: it has no equivalent here; check what it showed on WordPress.")
        return match.group("open") + match.group("close")

    return SHORTCODE.sub(replace, text)


def _caption(attrs: dict, inner: str, media: MediaLibrary, result: Converted) -> str:
    # [caption]<a><img></a> Caption text[/caption]: the image markup ends at its last tag.
    split = re.match(r"\s*((?:<a[^>]*>\s*)?<img[^>]*>(?:\s*</a>)?)(.*)", inner, re.S)
    if not split:
        return inner
    caption = split.group(2).strip() or attrs.get("caption", "")
    return f"<figure>{split.group(1)}<figcaption>{caption}</figcaption></figure>" if caption else split.group(1)


def _embed(attrs: dict, inner: str, media: MediaLibrary, result: Converted) -> str:
    url = (inner or attrs.get("src", "")).strip()
    result.note(f"An embedded item was turned into a link: {url}")
    return f'\n\n<p><a href="{_attr(url)}">{_text(url)}</a></p>\n\n'


def _media(attrs: dict, inner: str, media: MediaLibrary, result: Converted) -> str:
    url = next((attrs[key] for key in MEDIA_EXTENSIONS if attrs.get(key)), "")
    if not url:
        result.note("An audio or video player without a file was removed.")
        return ""
    result.note(f"An audio or video player was turned into a link: {url}")
    return f'\n\n<p><a href="{_attr(url)}">{_text(url)}</a></p>\n\n'


def _gallery(attrs: dict, inner: str, media: MediaLibrary, result: Converted) -> str:
    ids = [int(part) for part in re.findall(r"\d+", attrs.get("ids", attrs.get("include", "")))]
    figures = []
    for attachment_id in ids:
        url = media.gallery_url(attachment_id)
        if url:
            figures.append(f'<figure><img src="{_attr(url)}" alt=""></figure>')
        else:
            result.note(f"A gallery image (WordPress attachment {attachment_id}) is not in the export.")
    if not ids:
        result.note("A [gallery] of the post's attached images was removed: add the images by hand.")
    return "\n\n" + "\n".join(figures) + "\n\n"


ShortcodeHandler = Callable[[dict, str, MediaLibrary, Converted], str]
SHORTCODE_HANDLERS: dict[str, ShortcodeHandler] = {
    "caption": _caption,
    "wp_caption": _caption,
    "embed": _embed,
    "audio": _media,
    "video": _media,
    "gallery": _gallery,
}


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;")


# WordPress's line-break convention (wpautop) ---------------------------------

BLOCK_TAGS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote"
    "|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure"
    "|figcaption|details|menu|summary|iframe|script|object|video|audio"
)
PRE = re.compile(r"<pre[\s>].*?</pre>", re.S | re.I)
BLOCK_OPEN = re.compile(rf"(<(?:{BLOCK_TAGS})[\s/>])", re.I)
BLOCK_CLOSE = re.compile(rf"(</(?:{BLOCK_TAGS})>)", re.I)
STARTS_WITH_BLOCK = re.compile(rf"</?(?:{BLOCK_TAGS})[\s/>]", re.I)
LONE_URL = re.compile(r"^\s*(https?://[^\s<>\"']+)\s*$", re.M)


def autop(text: str) -> str:
    """Wrap text separated by blank lines in paragraphs and turn single line breaks into <br>, as WordPress does."""
    if not text.strip():
        return ""
    kept: list[str] = []

    def keep(match: re.Match) -> str:
        kept.append(match.group(0))
        return f'\n\n<pre data-kept="{len(kept) - 1}"></pre>\n\n'

    text = PRE.sub(keep, text)
    # A URL alone on its line is an auto-embed on WordPress: here it is a link.
    text = LONE_URL.sub(lambda m: f'\n\n<p><a href="{_attr(m.group(1))}">{_text(m.group(1))}</a></p>\n\n', text)
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text, flags=re.I)
    text = BLOCK_CLOSE.sub(r"\1\n\n", BLOCK_OPEN.sub(r"\n\n\1", text))
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if STARTS_WITH_BLOCK.match(chunk):
            paragraphs.append(chunk)
        else:
            paragraphs.append("<p>" + re.sub(r"\s*\n\s*", "<br>\n", chunk) + "</p>")
    text = "\n".join(paragraphs)
    return re.sub(r'<pre data-kept="(\d+)"></pre>', lambda m: kept[int(m.group(1))], text)


# One walk over the HTML -------------------------------------------------------

EMBEDDED = ("iframe", "embed", "object", "video", "audio")
HEADING_LEVELS = {"h1": "h2", "h5": "h4", "h6": "h4"}


def rewrite_html(html: str, media: MediaLibrary, result: Converted) -> str:
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in list(root.iter(etree.Element)):
        if element.getparent() is None and element is not root:
            continue  # removed with an ancestor
        tag = str(element.tag)  # iter(etree.Element) yields elements only: each tag is a str
        if tag in HEADING_LEVELS:
            element.tag = HEADING_LEVELS[tag]
        elif tag in EMBEDDED:
            _embedded_to_link(element, result)
        elif tag == "img":
            _image(element, media, result)
        elif tag == "a" and element.get("href"):
            _link(element, media, result)
    _lone_urls_to_links(root, result)
    _collapse_blank_lines(root)
    return (root.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)


def _image(img, media: MediaLibrary, result: Converted) -> None:
    src = (img.get("src") or "").strip()
    new_src, library_alt = media.image(src) if src else (None, "")
    alt = (img.get("alt") or "").strip() or library_alt.strip()
    name = src.rsplit("/", 1)[-1] or "(no address)"
    if new_src is None:
        result.missing_media.append(src)
        result.note(f"Image missing: {name}. A note stands in its place in the body.")
        note = etree.Element("strong")
        note.text = f"[Image not imported: {name}. Upload it with a description, or remove this note.]"
        _replace(img, note)
        return
    for attribute in list(img.attrib):
        if attribute not in ("width", "height"):
            del img.attrib[attribute]
    img.set("src", new_src)
    img.set("alt", alt)
    if not alt:
        result.images_without_alt.append(name)
        result.note(f"Image without alt text: {name}. Describe it for people who cannot see it.")


def _link(anchor, media: MediaLibrary, result: Converted) -> None:
    href = anchor.get("href").strip()
    new_href = media.link(href)
    if new_href is None:
        name = href.rsplit("/", 1)[-1]
        result.missing_media.append(href)
        result.note(f"A link to the missing file {name} was removed (its text is kept).")
        anchor.drop_tag()
    else:
        anchor.set("href", new_href)


def _embedded_to_link(element, result: Converted) -> None:
    src = element.get("src") or element.get("data") or next((s.get("src") for s in element.iter("source")), None)
    if not src or not src.startswith(("http://", "https://")):
        result.note(f"An embedded <{element.tag}> without a usable address was removed.")
        element.drop_tree()
        return
    result.note(f"An embedded item was turned into a link: {src}")
    paragraph = etree.Element("p")
    link = etree.SubElement(paragraph, "a", href=src)
    link.text = src
    _replace(element, paragraph)


def _lone_urls_to_links(root, result: Converted) -> None:
    """Turn a block holding only a URL (a Gutenberg embed's saved HTML) into a link."""
    for element in list(root.iter("p", "div", "figure")):
        text = (element.text or "").strip()
        if len(element) == 0 and re.fullmatch(r"https?://\S+", text):
            result.note(f"An embedded item was turned into a link: {text}")
            element.tag = "p"
            element.text = None
            link = etree.SubElement(element, "a", href=text)
            link.text = text


def _collapse_blank_lines(root) -> None:
    """Leave one line break between blocks where block comments stood (never inside <pre>)."""
    if root.text and not root.text.strip():
        root.text = ""
    for element in root.iter(etree.Element):
        if (
            element.tail
            and "\n" in element.tail
            and not element.tail.strip()
            and not any(a.tag == "pre" for a in element.iterancestors())
        ):
            element.tail = "\n"


def _replace(old, new) -> None:
    new.tail = old.tail
    old.getparent().replace(old, new)
