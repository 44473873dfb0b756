"""The outline of a page body: heading ids, the table of contents and reading time (website/outline.py)."""

from website.outline import Heading, outline


def test_each_section_heading_gets_an_id_from_its_words_and_appears_in_order():
    result = outline("<h2>How it works</h2><p>Text.</p><h2>Side <strong>effects</strong> &amp; risks</h2>")

    assert '<h2 id="how-it-works">How it works</h2>' in result.html
    assert '<h2 id="side-effects-risks">Side <strong>effects</strong> &amp; risks</h2>' in result.html
    assert result.headings == (
        Heading("how-it-works", "How it works"),
        Heading("side-effects-risks", "Side effects & risks"),
    )


def test_repeated_headings_get_distinct_ids():
    result = outline("<h2>Dosing</h2><h2>Dosing</h2><h2>Dosing</h2>")

    assert [heading.id for heading in result.headings] == ["dosing", "dosing-2", "dosing-3"]


def test_a_heading_never_takes_an_id_the_page_itself_uses():
    result = outline("<h2>Sources</h2><h2>Main</h2><h2>Source 1</h2><h2>!!!</h2>")

    assert [heading.id for heading in result.headings] == [
        "sources-section",
        "main-section",
        "source-1-section",
        "section",
    ]


def test_smaller_headings_stay_out_of_the_table_of_contents():
    result = outline("<h2>Treatment</h2><h3>Medicines</h3>")

    assert [heading.text for heading in result.headings] == ["Treatment"]
    assert "<h3>Medicines</h3>" in result.html


def test_reading_time_counts_words_at_about_220_a_minute_and_is_at_least_one_minute():
    assert outline("<p>" + "word " * 660 + "</p>").minutes == 3
    assert outline("<p>" + "word " * 661 + "</p>").minutes == 4
    assert outline("").minutes == 1
