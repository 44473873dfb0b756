"""WordPress bodies become the editor's HTML: paragraphs, no block comments, shortcodes handled, media checked."""

from imports.conversion import autop, convert_body


class FakeLibrary:
    """A media library whose answers the test chooses: files under /ok/ exist, others are missing."""

    def __init__(self, alt: str = ""):
        self.alt = alt

    def image(self, url):
        return (
            (url.replace("https://old.example.org/wp-content/uploads/ok/", "/media/ok/"), self.alt)
            if "/ok/" in url
            else (None, "")
        )

    def link(self, url):
        return None if "/missing/" in url else url

    def gallery_url(self, attachment_id):
        return "https://old.example.org/wp-content/uploads/ok/g.jpg" if attachment_id == 1 else None


def convert(content: str, **library):
    return convert_body(content, FakeLibrary(**library))


def test_blank_lines_make_paragraphs_and_single_line_breaks_make_br():
    assert (
        autop("First line\nsecond line\n\nNew paragraph") == "<p>First line<br>\nsecond line</p>\n<p>New paragraph</p>"
    )


def test_block_elements_are_not_wrapped_in_paragraphs():
    html = convert("Intro\n<ul>\n<li>One</li>\n</ul>\nOutro").html

    assert "<p>Intro</p>" in html
    assert "<p><ul>" not in html and "<ul>" in html
    assert "<p>Outro</p>" in html


def test_preformatted_text_keeps_its_line_breaks():
    html = convert("Code:\n\n<pre>line 1\n\nline 2</pre>").html

    assert "<pre>line 1\n\nline 2</pre>" in html


def test_gutenberg_block_comments_are_removed_and_their_html_kept_without_extra_paragraphs():
    result = convert(
        '<!-- wp:paragraph -->\n<p>Hello</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:quote {"className":"x"} -->\n<blockquote><p>Quote</p></blockquote>\n<!-- /wp:quote -->'
    )

    assert result.html == "<p>Hello</p>\n<blockquote><p>Quote</p></blockquote>"
    assert result.attention == []


def test_reusable_and_dynamic_blocks_are_flagged_for_the_reviewer():
    result = convert(
        '<!-- wp:paragraph --><p>Text</p><!-- /wp:paragraph -->\n<!-- wp:block {"ref":77} /-->\n<!-- wp:latest-posts /-->'
    )

    assert result.html == "<p>Text</p>"
    assert "A reusable block (WordPress id 77) was left out: add its text." in result.attention
    assert "A dynamic WordPress block (wp:latest-posts) shows nothing here and was left out." in result.attention


def test_caption_shortcode_becomes_a_figure_with_a_caption():
    result = convert(
        '[caption id="a" width="300"]<img src="https://old.example.org/wp-content/uploads/ok/a.jpg" alt="Tablets" /> Tablets as dispensed[/caption]'
    )

    assert (
        result.html
        == '<figure class="image"><img src="/media/ok/a.jpg" alt="Tablets">\n<figcaption>Tablets as dispensed</figcaption>\n</figure>'
    )
    assert result.shortcodes == ["caption"]


def test_unknown_shortcodes_are_removed_and_flagged_keeping_enclosed_text():
    result = convert('[contact-form-7 id="12"]\n\n[su_note color="red"]Call 988 in a crisis.[/su_note]')

    assert result.html == "<p>Call 988 in a crisis.</p>"
    assert result.shortcodes == ["contact-form-7", "su_note"]
    assert (
        "Shortcode [contact-form-7] was removed: it has no equivalent here; check what it showed on WordPress."
        in result.attention
    )
    assert "Shortcode [su_note] was removed and its text kept: check what it showed on WordPress." in result.attention


def test_bracketed_text_that_is_no_shortcode_stays_and_escaped_shortcodes_become_literal():
    result = convert("A citation [1], a [sic] and [[gallery]] as text.")

    assert result.html == "<p>A citation [1], a [sic] and [gallery] as text.</p>"
    assert result.shortcodes == []


def test_gallery_shortcode_becomes_its_images_and_unknown_ones_are_flagged():
    result = convert('[gallery ids="1,2"]', alt="Garden")

    assert result.html == '<figure class="image"><img src="/media/ok/g.jpg" alt="Garden"></figure>'
    assert "A gallery image (WordPress attachment 2) is not in the export." in result.attention


def test_embeds_become_links():
    result = convert(
        "https://www.youtube.com/watch?v=abc\n\n[embed]https://vimeo.com/1[/embed]\n\n"
        '<iframe src="https://player.example.com/embed/42"></iframe>\n\n[video mp4="https://old.example.org/v.mp4"][/video]'
    )

    for url in (
        "https://www.youtube.com/watch?v=abc",
        "https://vimeo.com/1",
        "https://player.example.com/embed/42",
        "https://old.example.org/v.mp4",
    ):
        assert f'<a href="{url}" rel="noopener noreferrer">{url}</a>' in result.html
        assert (
            f"An embedded item was turned into a link: {url}" in result.attention
            or f"An audio or video player was turned into a link: {url}" in result.attention
        )
    assert "<iframe" not in result.html


def test_missing_image_becomes_a_visible_note_never_a_broken_image():
    result = convert('Before <img src="https://old.example.org/wp-content/uploads/2024/01/gone.jpg" alt="Chart"> after')

    assert (
        result.html
        == "<p>Before <strong>[Image not imported: gone.jpg. Upload it with a description, or remove this note.]</strong> after</p>"
    )
    assert result.missing_media == ["https://old.example.org/wp-content/uploads/2024/01/gone.jpg"]
    assert "<img" not in result.html


def test_image_without_alt_text_is_flagged_and_library_alt_text_is_used_when_the_body_has_none():
    without = convert('<img src="https://old.example.org/wp-content/uploads/ok/x.png">')
    with_library_alt = convert(
        '<img src="https://old.example.org/wp-content/uploads/ok/x.png" alt="">', alt="A chart of doses"
    )

    assert without.html == '<p><img src="/media/ok/x.png" alt=""></p>'
    assert without.images_without_alt == ["x.png"]
    assert "Image without alt text: x.png. Describe it for people who cannot see it." in without.attention
    assert with_library_alt.html == '<p><img src="/media/ok/x.png" alt="A chart of doses"></p>'
    assert with_library_alt.images_without_alt == []


def test_link_to_a_missing_upload_is_unwrapped_and_flagged():
    result = convert('Read <a href="https://old.example.org/wp-content/uploads/missing/leaflet.pdf">the leaflet</a>.')

    assert result.html == "<p>Read the leaflet.</p>"
    assert "A link to the missing file leaflet.pdf was removed (its text is kept)." in result.attention


def test_headings_fit_the_editor_levels():
    html = convert("<h1>Top</h1>\n<h3>Mid</h3>\n<h6>Low</h6>").html

    assert html == "<h2>Top</h2>\n<h3>Mid</h3>\n<h4>Low</h4>"


def test_the_sites_sanitizer_has_the_last_word():
    html = convert(
        '<p onclick="steal()" class="x" style="color:red">Hi <a href="javascript:alert(1)">x</a></p><script>alert(1)</script>'
    ).html

    assert html == '<p>Hi <a rel="noopener noreferrer">x</a></p>'


def test_more_tag_and_comments_leave_no_empty_paragraph():
    assert convert("Intro<!--more-->\n\nRest").html == "<p>Intro</p>\n<p>Rest</p>"


def test_non_ascii_text_is_kept():
    assert convert("naïve café, 日本語の文章, emoji 🌱").html == "<p>naïve café, 日本語の文章, emoji 🌱</p>"
