"""Template tags for what search engines and link previews read: canonical URLs, JSON-LD, citations."""

import json
import re

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from website import structured_data

register = template.Library()

# The same escapes as Django's json_script: the JSON can never close the <script> element.
JSON_SCRIPT_ESCAPES = ((">", "\\u003E"), ("<", "\\u003C"), ("&", "\\u0026"))
# "[1]" or "[2, 3]" is a citation marker, except in a link's text or inside a tag (an attribute with a "["),
# which are matched whole and passed over; other tags cannot hold a marker, so the scan runs past them in C.
CITATION_OR_SKIP = re.compile(
    r"(?P<skip><a\b[^>]*>.*?</a\s*>|<[^>]*\[[^>]*>)|\[(?P<numbers>\d{1,3}(?:\s*,\s*\d{1,3})*)\]",
    re.IGNORECASE | re.DOTALL,
)


def _absolute(context):
    return context["request"].build_absolute_uri


def ld_json(data) -> str:
    """Render data as one <script type="application/ld+json"> element, escaped like json_script."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # str.replace, not str.translate with a mapping: a few times faster on a page's few kilobytes of JSON.
    for character, escape in JSON_SCRIPT_ESCAPES:
        payload = payload.replace(character, escape)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


def _render(nodes: list[dict]) -> str:
    return mark_safe("\n".join(ld_json(node) for node in nodes))  # noqa: S308 - ld_json escapes


@register.tag
def capture(parser, token):
    """Output the enclosed template and keep it, stripped, in a variable: ``{% capture as name %}...{% endcapture %}``.

    base.html wraps its title and description blocks in it, so one text also feeds the social tags, with
    the public template API only (each block rendered once, as the page shows it).
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}...{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        output = self.nodelist.render(context)
        context[self.name] = mark_safe(output.strip())  # noqa: S308 - rendered with autoescape
        return output


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """Return this page's canonical address: no query string except a page number past the first."""
    request = context["request"]
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    if page.isdigit() and int(page) > 1:
        url += f"?page={int(page)}"
    return url


@register.simple_tag(takes_context=True)
def absolute_static(context, path: str) -> str:
    return context["request"].build_absolute_uri(static(path))


@register.simple_tag(takes_context=True)
def breadcrumb_json_ld(context, current: str, parent_label: str = "", parent_url: str = "") -> str:
    """Render the BreadcrumbList matching the visible breadcrumb trail."""
    request = context["request"]
    trail = [("Home", context["site_urls"]["home"] if "site_urls" in context else reverse("website:home"))]
    if parent_label and parent_url:
        trail.append((parent_label, parent_url))
    if request.path != trail[-1][1]:
        trail.append((current, request.path))
    return _render([structured_data.breadcrumbs(_absolute(context), trail)])


@register.simple_tag(takes_context=True)
def home_json_ld(context) -> str:
    absolute = _absolute(context)
    return _render(
        [
            structured_data.organization(absolute),
            structured_data.website(absolute),
            structured_data.breadcrumbs(absolute, [("Home", reverse("website:home"))]),
        ]
    )


@register.simple_tag(takes_context=True)
def article_json_ld(context, article) -> str:
    return _render(structured_data.article_page(article, _absolute(context)))


@register.simple_tag(takes_context=True)
def condition_json_ld(context, condition) -> str:
    return _render(structured_data.condition_page(condition, _absolute(context)))


@register.simple_tag(takes_context=True)
def contributor_json_ld(context, contributor) -> str:
    return _render(structured_data.profile_page(contributor, _absolute(context)))


@register.simple_tag
def cite_links(html: str, count: int) -> str:
    """Return sanitized body HTML with "[1]"-style markers linked to the numbered sources below it.

    Markers inside a tag (an attribute) or inside a link's text stay as they are.
    """

    def link(match):
        if match.group("skip") or not count:
            return match.group(0)
        numbers = [int(n) for n in match.group("numbers").split(",")]
        if not all(1 <= n <= count for n in numbers):
            return match.group(0)
        links = ", ".join(f'<a href="#source-{n}"><span class="visually-hidden">source </span>{n}</a>' for n in numbers)
        return f'<sup class="cite">[{links}]</sup>'

    # The body was sanitized on save; only known-safe anchors are added here.
    return mark_safe(CITATION_OR_SKIP.sub(link, html or ""))  # noqa: S308
