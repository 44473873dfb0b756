"""Image tags for public pages: sized, responsive and lazy below the fold."""

import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from website.renditions import renditions

register = template.Library()

# Sanitized rich text has plain <img> tags without a loading attribute (editorial/richtext.py).
_IMG_TAG = re.compile(r"<img\b(?![^>]*\bloading=)", re.IGNORECASE)


@register.simple_tag
def responsive_image(image, sizes: str = "100vw", lazy: bool = True, css_class: str = "", width=None):
    """Render a library image as <img> with width/height and a srcset of resized renditions; eager when lazy=False.

    The alt text is the library's (empty for a picture marked decorative). ``width`` fixes the displayed width
    (e.g. a 160 px profile photo); the height keeps the proportions.
    """
    name = getattr(image, "name", "") or ""
    alt = image.alt
    if not name:
        return ""
    found = renditions(name)
    loading = "lazy" if lazy else "eager"
    priority = "auto" if lazy else "high"
    if not found:
        return format_html('<img src="{}" alt="{}" loading="{}" decoding="async">', image.url, alt, loading)
    original = found[-1]
    shown_width = int(width) if width else original.width
    shown_height = max(1, round(original.height * shown_width / original.width))
    fallback = next((r for r in found if r.width >= min(800, 2 * shown_width)), original)
    srcset = ", ".join(f"{r.url} {r.width}w" for r in found)
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{} loading="{}" fetchpriority="{}" '
        'decoding="async">',
        fallback.url,
        srcset,
        sizes,
        shown_width,
        shown_height,
        alt,
        format_html(' class="{}"', css_class) if css_class else "",
        loading,
        priority,
    )


@register.filter
def lazy_images(html: str):
    """Mark the images inside already-sanitized rich text to load only when scrolled near."""
    return mark_safe(_IMG_TAG.sub('<img loading="lazy" decoding="async"', str(html)))  # noqa: S308
