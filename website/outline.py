"""The outline of a page body: ids on its section headings and the "On this page" list made from them.

Bodies are sanitized on save, which strips every attribute from headings (editorial/richtext.py), so
the ids are added here, at render time, and the result is cached under the page's rendered version.
"""

import dataclasses
import html
import math
import re
from typing import cast

from django.core.cache import caches
from django.utils.html import strip_tags
from django.utils.text import slugify

# A sanitized body's section headings are bare <h2> elements.
_H2 = re.compile(r"<h2>(.*?)</h2>", re.IGNORECASE | re.DOTALL)
# Ids the page templates use around the body; a heading never takes one of them.
RESERVED_IDS = frozenset(
    {
        "main",
        "sources",
        "sources-heading",
        "takeaways-heading",
        "toc-heading",
        "toc-side-heading",
        "cta-heading",
        "help-heading",
        "disclaimer-heading",
        "related-conditions",
        "related-articles",
        "header-search-q",
    }
)
WORDS_PER_MINUTE = 220
CACHE_SECONDS = 60 * 60 * 24 * 7


@dataclasses.dataclass(frozen=True)
class Heading:
    id: str
    text: str


@dataclasses.dataclass(frozen=True)
class Outline:
    html: str
    headings: tuple[Heading, ...]
    minutes: int


def outline(body: str) -> Outline:
    """Return the body with an id on each <h2>, its headings in order and its reading time in minutes."""
    taken: set[str] = set()
    headings: list[Heading] = []

    def add_id(match: re.Match) -> str:
        text = html.unescape(strip_tags(match.group(1))).strip()
        base = slugify(text)[:60].strip("-") or "section"
        if base in RESERVED_IDS or base.startswith("source-"):
            base = f"{base}-section"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        headings.append(Heading(slug, text))
        return f'<h2 id="{slug}">{match.group(1)}</h2>'

    marked = _H2.sub(add_id, body or "")
    words = len(html.unescape(strip_tags(body or "")).split())
    return Outline(marked, tuple(headings), max(1, math.ceil(words / WORDS_PER_MINUTE)))


def page_outline(page) -> Outline:
    """Return the outline of a page's body, computed once per published version (or draft) in each process."""
    # Keyed by an immutable version, like the rendered bodies, so it shares their per-process memory cache.
    cache = caches["template_fragments"]
    found = cache.get_or_set(f"outline:{page.rendered_version}", lambda: outline(page.body), CACHE_SECONDS)
    return cast(Outline, found)  # get_or_set returns the default's value when the cache holds none
