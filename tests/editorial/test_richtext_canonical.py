"""Tests for editorial.richtext.canonical_html and the pasted list markers clean_html drops (issue 25, 5 and 6).

The equal pairs are what CKEditor 5 does to HTML it did not write (an import, an old draft) when it is merely
opened and saved; the different pairs are edits a reader would see.
"""

import pytest

from editorial.richtext import canonical_html, clean_html

# What the importer stores (autop's newlines, <b>, lxml's serialisation) beside what CKEditor posts back.
SAME = [
    (
        '<p>Low-dose naltrexone.<br>\nIt is off-label.</p>\n<figure><img width="300" height="200" src="/m/p.jpg" '
        'alt="Tablets">\n<figcaption>As dispensed</figcaption>\n</figure>\n\n<p>Last.</p>',
        '<p>Low-dose naltrexone.<br>It is off-label.</p><figure class="image"><img src="/m/p.jpg" alt="Tablets" '
        'width="300" height="200"><figcaption>As dispensed</figcaption></figure><p>Last.</p>',
    ),
    ("<p>Take <b>two</b> <i>daily</i>.</p>", "<p>Take <strong>two</strong> <em>daily</em>.</p>"),
    ('<a title="NHS" href="https://www.nhs.uk/">NHS</a>', "<a href='https://www.nhs.uk/' title='NHS'>NHS</a>"),
    ("<p>Line<br/>next</p>", "<p>Line<br>next</p>"),
    ("<p>It&#39;s 5&#160;mg &amp; more</p>", "<p>It's 5\u00a0mg &amp; more</p>"),
    ("<p>Two&nbsp; spaces</p>", "<p>Two spaces</p>"),
    ("<p>One.</p>\n\n  <p>Two.</p>", "<p>One.</p><p>Two.</p>"),
    ("<p>One.</p><p>&nbsp;</p><p><br></p><p></p>", "<p>One.</p>"),
    ("<ul>\n  <li><p>Oatmeal</p></li>\n  <li>Bananas </li>\n</ul>", "<ul><li>Oatmeal</li><li>Bananas</li></ul>"),
    ("<table><tr><td><p>10 mg</p></td></tr></table>", "<table><tbody><tr><td>10 mg</td></tr></tbody></table>"),
    ("<p> Padded\n text </p>", "<p>Padded text</p>"),
]

DIFFERENT = [
    ("<p>Take two tablets daily.</p>", "<p>Take three tablets daily.</p>"),  # a changed word
    ('<p><a href="https://www.nhs.uk/a">NHS</a></p>', '<p><a href="https://www.nhs.uk/b">NHS</a></p>'),  # a link
    ("<p>Start at 1.5 mg at night.</p>", "<p>Start at 4.5 mg at night.</p>"),  # a dose
    ("<p>Take <strong>two</strong> daily.</p>", "<p>Take two daily.</p>"),  # emphasis removed
    ("<p>One.</p><p>Two.</p>", "<p>One. Two.</p>"),  # paragraphs merged
    ("<ul><li>Oatmeal</li></ul>", "<ol><li>Oatmeal</li></ol>"),  # bullets become steps
    ('<img src="/m/a.png" alt="Chart">', '<img src="/m/a.png" alt="Dose chart">'),  # alt text
    ("<pre>dose  =  10</pre>", "<pre>dose = 10</pre>"),  # spacing inside code is content
    ("<p>Before<br>after</p>", "<p>Before after</p>"),  # a line break removed
]


@pytest.mark.parametrize(("stored", "posted"), SAME)
def test_re_serialisations_of_the_same_content_are_canonically_equal(stored, posted):
    assert canonical_html(stored) == canonical_html(posted)


@pytest.mark.parametrize(("before", "after"), DIFFERENT)
def test_changes_a_reader_would_see_are_canonically_different(before, after):
    assert canonical_html(before) != canonical_html(after)


@pytest.mark.parametrize("markup", [pair[0] for pair in SAME])
def test_canonical_html_is_idempotent(markup):
    once = canonical_html(markup)
    assert canonical_html(once) == once


def test_canonical_html_still_sanitises():
    assert canonical_html('<p onclick="x()">Hi<script>alert(1)</script></p>') == "<p>Hi</p>"


@pytest.mark.parametrize("empty", [None, "", "   ", "<p>&nbsp;</p>"])
def test_empty_bodies_are_canonically_empty(empty):
    assert canonical_html(empty) == ""


# Word for Windows, Word for Mac and older Word paste list markers as text inside the item.
PASTED_ITEMS = [
    (
        "<ul><li>\u00b7&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; Tell your doctor</li></ul>",
        "<ul><li>Tell your doctor</li></ul>",
    ),
    ("<ul><li>\u2022\u00a0\u00a0Keep a diary</li></ul>", "<ul><li>Keep a diary</li></ul>"),
    ("<ul><li>o&nbsp;&nbsp;&nbsp;Nested point</li></ul>", "<ul><li>Nested point</li></ul>"),
    ("<ul><li>\u00a7&nbsp;&nbsp;Third level</li></ul>", "<ul><li>Third level</li></ul>"),
    ("<ol><li><p>1.&nbsp;&nbsp;&nbsp;Start at 1.5 mg</p></li></ol>", "<ol><li><p>Start at 1.5 mg</p></li></ol>"),
    ("<ol><li>a)&nbsp;&nbsp;First</li><li>iv.&nbsp;Fourth</li></ol>", "<ol><li>First</li><li>Fourth</li></ol>"),
    ("<ul><li>&nbsp;&nbsp;&nbsp;Indented</li></ul>", "<ul><li>Indented</li></ul>"),
]
# An item's own text that merely looks like a marker: no no-break space follows it.
KEPT_ITEMS = [
    "<ul><li>o rings and seals</li></ul>",
    "<ol><li>1.5 mg at night</li></ol>",
    "<ul><li>\u00b7 middle dot kept</li></ul>",
    "<p>\u00b7&nbsp;&nbsp;outside a list</p>",
    "<ul><li>Dose:&nbsp;&nbsp;10 mg</li></ul>",
]


@pytest.mark.parametrize(("pasted", "stored"), PASTED_ITEMS)
def test_a_pasted_list_marker_and_its_no_break_spaces_are_dropped_from_the_item(pasted, stored):
    assert clean_html(pasted) == stored


@pytest.mark.parametrize("markup", KEPT_ITEMS)
def test_item_text_that_only_looks_like_a_marker_is_kept(markup):
    assert clean_html(markup) == markup.replace("\u00a0", "&nbsp;")


def test_word_classes_and_mso_styles_never_reach_a_list_item():
    pasted = (
        "<ul><li class=MsoListParagraphCxSpFirst style='mso-list:l0 level1 lfo1;text-indent:-18.0pt'>"
        "<span style='font-family:Symbol;mso-fareast-font-family:Symbol'>Text</span></li></ul>"
    )
    assert clean_html(pasted) == "<ul><li>Text</li></ul>"
