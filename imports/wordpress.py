"""Read a WordPress export (WXR 1.0, 1.1 or 1.2) safely and in constant memory.

The file comes from outside, so it is parsed by ``defusedxml``: a DTD, an entity
declaration or an external reference stops the parse (WordPress never writes
any), which rules out entity-expansion ("billion laughs") and external-entity
attacks. Parsing streams with ``iterparse``: each ``<item>`` is turned into a
small ``WxrItem`` and its elements are dropped at once, so memory does not grow
with the file. WordPress.org and WordPress.com write the same format but not always
the same namespace URIs (http or https, with or without "www."), so namespaces are
matched by what they name, not by their exact spelling. Control characters, which
XML 1.0 forbids but which pasted text brings into real exports, are replaced with
U+FFFD before parsing and reported on their item instead of refusing the whole file.
See docs/architecture.md, "Imports".
"""

import datetime
import html
import os
import re
import xml.etree.ElementTree as ET  # noqa: S405 - only for ParseError; parsing goes through defusedxml
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

SUPPORTED_VERSIONS = ("1.0", "1.1", "1.2")
# The export's own namespace, ".../export/1.2/", and its excerpt namespace, ".../export/1.2/excerpt/".
WP_NAMESPACE = re.compile(r"^https?://(?:www\.)?wordpress\.(?:org|com)/export/([^/]*)/?$")
EXCERPT_NAMESPACE = re.compile(r"^https?://(?:www\.)?wordpress\.(?:org|com)/export/[^/]*/excerpt/?$")
CONTENT_NAMESPACE = re.compile(r"^https?://purl\.org/rss/1\.0/modules/content/?$")
DC_NAMESPACE = re.compile(r"^https?://purl\.org/dc/elements/1\.1/?$")
ZERO_DATE = "0000-00-00 00:00:00"
# The C0 control characters XML 1.0 forbids (all but tab, newline and carriage return). In UTF-8 each is one
# byte that is never part of another character, so they can be replaced in the raw bytes.
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
REPLACEMENT = "\ufffd"


class WxrError(Exception):
    """The file cannot be imported, with a reason a person can act on."""


@dataclass
class Author:
    login: str
    email: str
    display_name: str


@dataclass
class Attachment:
    wp_id: int
    url: str
    file: str  # path relative to wp-content/uploads, from _wp_attached_file
    alt: str


@dataclass
class WxrItem:
    """One <item> of the export: a post, page, attachment or any other post type."""

    wp_id: int | None
    post_type: str
    status: str
    title: str = ""
    link: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    slug: str = ""
    published_at: datetime.datetime | None = None
    modified_at: datetime.datetime | None = None
    password: str = ""
    attachment_url: str = ""
    categories: list[tuple[str, str]] = field(default_factory=list)  # (nicename, name)
    tags: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comment_count: int = 0
    # Characters XML forbids were found in the item and replaced with U+FFFD.
    had_control_characters: bool = False

    @property
    def old_path(self) -> str:
        """Return the path this item had on WordPress ("" for links such as /?p=12)."""
        path = unquote(urlsplit(self.link).path) if self.link else ""
        return path if path not in ("", "/") else ""


@dataclass
class Site:
    """What the channel says about the exporting site, plus the attachments found while checking."""

    version: str = ""
    base_url: str = ""
    title: str = ""
    authors: dict[str, Author] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)  # nicename -> name
    attachments: dict[int, Attachment] = field(default_factory=dict)
    item_count: int = 0


def check(path: str, progress: Callable[[int], object] | None = None) -> Site:
    """Read the whole file once, before anything is written; raise WxrError if it cannot be imported.

    Returns the channel's facts, the authors and categories, the attachments (which
    posts may reference before they appear) and the number of items.
    """
    site = Site()
    for item in _items(path, site, progress):
        site.item_count += 1
        if item.post_type == "attachment" and item.wp_id is not None:
            site.attachments[item.wp_id] = Attachment(
                wp_id=item.wp_id,
                url=item.attachment_url,
                file=item.meta.get("_wp_attached_file", ""),
                alt=item.meta.get("_wp_attachment_image_alt", ""),
            )
    if not site.version:
        raise WxrError("This is not a WordPress export: the channel has no <wp:wxr_version>.")
    return site


def items(path: str) -> Iterator[WxrItem]:
    """Yield every item of a file that ``check`` accepted."""
    yield from _items(path, Site(), None)


def _items(path: str, site: Site, progress: Callable[[int], object] | None) -> Iterator[WxrItem]:
    try:
        with open(path, "rb") as raw:
            yield from _parse(ControlCharacterFilter(raw), site, progress)
    except FileNotFoundError as error:
        raise WxrError(f"No file at {path}.") from error
    except IsADirectoryError as error:
        raise WxrError(f"{path} is a folder; give the path of the exported .xml file.") from error
    except DefusedXmlException as error:
        raise WxrError(
            "The file declares a DTD or entities, which WordPress exports never contain; it was refused "
            f"so that it cannot expand entities or read other files ({type(error).__name__})."
        ) from error
    except ET.ParseError as error:
        raise WxrError(
            f"The file is not well-formed XML ({error}). It may be truncated or not an export at all: "
            "export it from WordPress again (Tools → Export)."
        ) from error


def _parse(stream, site: Site, progress) -> Iterator[WxrItem]:
    events = iterparse(stream, events=("start", "end"), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    depth = 0
    channel = None
    wp = None
    last_position = 0
    for event, element in events:
        if event == "start":
            depth += 1
            if depth == 1 and element.tag != "rss":
                raise WxrError(f"This is not a WordPress export: the document is <{_local(element.tag)}>, not <rss>.")
            if depth == 2 and element.tag == "channel":
                channel = element
            continue
        depth -= 1
        if channel is None or depth != 2:
            continue
        if wp is None and WP_NAMESPACE.match(_namespace(element.tag)):
            wp = _namespace(element.tag)
            site.version = _version(wp)
        tag = element.tag
        if tag == "item":
            if not site.version or wp is None:  # the version is read once the wp namespace is known
                raise WxrError("This is not a WordPress export: an <item> comes before any <wp:wxr_version>.")
            yield _item(element, wp)
        elif wp and tag == f"{{{wp}}}wxr_version":
            _check_declared_version((element.text or "").strip(), site.version)
        elif wp and tag in (f"{{{wp}}}base_site_url", f"{{{wp}}}base_blog_url") and not site.base_url:
            site.base_url = (element.text or "").strip().rstrip("/")
        elif wp and tag == f"{{{wp}}}author":
            author = Author(
                login=_text(element, f"{{{wp}}}author_login"),
                email=_text(element, f"{{{wp}}}author_email"),
                display_name=_text(element, f"{{{wp}}}author_display_name"),
            )
            site.authors[author.login] = author
        elif wp and tag == f"{{{wp}}}category":
            name = html.unescape(_text(element, f"{{{wp}}}cat_name"))
            site.categories[_text(element, f"{{{wp}}}category_nicename")] = name
        elif tag == "title" and not site.title:
            site.title = (element.text or "").strip()
        # Drop what was read: the channel keeps no children, so memory stays flat.
        channel.remove(element)
        if progress:
            position = stream.tell()
            progress(position - last_position)
            last_position = position
    if progress:
        progress(os.fstat(stream.fileno()).st_size - last_position)


class ControlCharacterFilter:
    """A binary file whose reads have XML's forbidden control characters replaced with U+FFFD."""

    def __init__(self, raw):
        self.raw = raw

    def read(self, size: int = -1) -> bytes:
        return CONTROL_BYTES.sub(REPLACEMENT.encode(), self.raw.read(size))

    def tell(self) -> int:
        return self.raw.tell()

    def fileno(self) -> int:
        return self.raw.fileno()


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _version(namespace: str) -> str:
    match = WP_NAMESPACE.match(namespace)
    version = match.group(1) if match else ""
    if version not in SUPPORTED_VERSIONS:
        raise WxrError(
            f"Unknown WXR version {version or '(none)'}: this importer reads versions "
            f"{', '.join(SUPPORTED_VERSIONS)}. Export again from a current WordPress."
        )
    return version


def _check_declared_version(declared: str, from_namespace: str) -> None:
    if declared not in SUPPORTED_VERSIONS:
        _version(f"http://wordpress.org/export/{declared}/")
    if declared != from_namespace:
        raise WxrError(f"The export says it is version {declared} but uses the names of version {from_namespace}.")


def _item(element, wp: str) -> WxrItem:
    def text(name: str) -> str:
        return _text(element, f"{{{wp}}}{name}")

    raw_id = text("post_id")
    item = WxrItem(
        wp_id=int(raw_id) if raw_id.isdigit() else None,
        post_type=text("post_type") or "post",
        status=text("status") or "draft",
        title=_text(element, "title"),
        link=_text(element, "link"),
        creator=_child_text(element, DC_NAMESPACE, "creator"),
        content=_child_text(element, CONTENT_NAMESPACE, "encoded", strip=False),
        excerpt=_child_text(element, EXCERPT_NAMESPACE, "encoded"),
        slug=unquote(text("post_name")),
        published_at=_date(text("post_date_gmt")) or _date(text("post_date")),
        modified_at=_date(text("post_modified_gmt")) or _date(text("post_modified")),
        password=text("post_password"),
        attachment_url=text("attachment_url"),
    )
    for category in element.iterfind("category"):
        # WordPress stores term names HTML-escaped ("Medication &amp; Treatment").
        name = html.unescape((category.text or "").strip())
        if category.get("domain") == "category":
            item.categories.append((category.get("nicename", ""), name))
        elif category.get("domain") == "post_tag":
            item.tags.append(name)
    for meta in element.iterfind(f"{{{wp}}}postmeta"):
        item.meta[_text(meta, f"{{{wp}}}meta_key")] = _text(meta, f"{{{wp}}}meta_value")
    item.comment_count = len(element.findall(f"{{{wp}}}comment"))
    item.had_control_characters = any(REPLACEMENT in value for value in _all_text(element))
    return item


def _all_text(element) -> Iterator[str]:
    for node in element.iter():
        yield node.text or ""
        yield from node.attrib.values()


def _child_text(element, namespace: re.Pattern, local: str, strip: bool = True) -> str:
    """Return the text of the first child named ``local`` in a namespace matching ``namespace``."""
    for child in element:
        if _local(child.tag) == local and namespace.match(_namespace(child.tag)):
            value = child.text or ""
            return value.strip() if strip else value
    return ""


def _text(element, path: str, strip: bool = True) -> str:
    found = element.find(path)
    value = (found.text or "") if found is not None else ""
    return value.strip() if strip else value


def _date(value: str) -> datetime.datetime | None:
    """Read WordPress's "YYYY-MM-DD HH:MM:SS" as UTC (a draft has only the site's clock, whose zone is not given)."""
    if not value or value == ZERO_DATE:
        return None
    try:
        parsed = datetime.datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return parsed.replace(tzinfo=datetime.UTC)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
