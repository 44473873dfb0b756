"""Image tags for public pages: sized, responsive and lazy below the fold."""

import re

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from website.renditions import renditions

register = template.Library()

# Sanitized rich text has plain <img> tags without a loading attribute (editorial/richtext.py).
_IMG_TAG = re.compile(r"<img\b(?![^>]*\bloading=)", re.IGNORECASE)


@register.simple_tag
def responsive_image(image, sizes: str = "100vw", lazy: bool = True, css_class: str = "", width=None, crop: str = ""):
    """Render a library image as <picture>: WebP/AVIF sources and an <img> with width/height and a srcset.

    The alt text is the library's (empty for a picture marked decorative). ``crop`` names a fixed shape
    (website.renditions.CROPS) cut around the image's focal point; ``width`` fixes the displayed width (e.g. a
    160 px profile photo), the height keeps the proportions. Until the worker has made the renditions the
    original is shown alone: never an error, and never any resizing in the visitor's request.
    """
    name = getattr(image, "name", "") or ""
    if not name:
        return ""
    alt = image.alt
    focal = (getattr(image, "focal_x", 50), getattr(image, "focal_y", 50))
    found = renditions(name, crop, focal, getattr(image, "size", 0) or 0)
    loading = "lazy" if lazy else "eager"
    priority = "auto" if lazy else "high"
    fallbacks = [rendition for rendition in found if not rendition.mime]
    if not fallbacks:
        return format_html('<img src="{}" alt="{}" loading="{}" decoding="async">', image.url, alt, loading)
    original = fallbacks[-1]
    shown_width = int(width) if width else original.width
    shown_height = max(1, round(original.height * shown_width / original.width))
    fallback = next((r for r in fallbacks if r.width >= min(800, 2 * shown_width)), original)
    sources = format_html_join(
        "",
        '<source type="{}" srcset="{}" sizes="{}">',
        (
            (mime, ", ".join(f"{r.url} {r.width}w" for r in found if r.mime == mime), sizes)
            for mime in dict.fromkeys(r.mime for r in found if r.mime)
        ),
    )
    img = format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{} loading="{}" fetchpriority="{}" '
        'decoding="async">',
        fallback.url,
        ", ".join(f"{r.url} {r.width}w" for r in fallbacks),
        sizes,
        shown_width,
        shown_height,
        alt,
        format_html(' class="{}"', css_class) if css_class else "",
        loading,
        priority,
    )
    return format_html("<picture>{}{}</picture>", sources, img) if sources else img


@register.filter
def lazy_images(html: str):
    """Mark the images inside already-sanitized rich text to load only when scrolled near."""
    return mark_safe(_IMG_TAG.sub('<img loading="lazy" decoding="async"', str(html)))  # noqa: S308
