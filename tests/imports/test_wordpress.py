"""The WXR reader: safe against hostile XML, clear about bad input, streaming in constant memory."""

import datetime
import re
import tracemalloc
from pathlib import Path

import pytest

from imports import wordpress
from tests.imports.conftest import export
from tests.imports.generate_wxr import write_export


def test_reads_every_item_with_its_metadata_from_a_1_2_export():
    site = wordpress.check(export("site.xml"))
    items = {item.wp_id: item for item in wordpress.items(export("site.xml"))}

    assert (site.version, site.base_url, site.item_count) == ("1.2", "https://old.example.org", 10)
    assert site.authors["alice"].email == "alice@old.example.org"
    assert site.authors["alice"].display_name == "Alice Ávila"
    assert site.categories["medication"] == "Medication & Treatment"
    post = items[101]
    assert (post.post_type, post.status, post.slug, post.creator) == ("post", "publish", "low-dose-naltrexone", "alice")
    assert post.published_at == datetime.datetime(2024, 1, 8, 9, 30, tzinfo=datetime.UTC)
    assert post.modified_at == datetime.datetime(2024, 1, 10, 12, 0, tzinfo=datetime.UTC)
    assert post.old_path == "/2024/01/low-dose-naltrexone/"
    assert post.categories == [("medication", "Medication & Treatment")]
    assert post.tags == ["naltrexone", "off-label"]
    assert post.meta["_thumbnail_id"] == "201"
    assert post.comment_count == 2
    assert post.content.startswith("Low-dose naltrexone (LDN) is naltrexone")
    assert {wp_id: item.status for wp_id, item in items.items() if item.post_type in ("post", "page")} == {
        101: "publish",
        102: "draft",
        103: "publish",
        104: "pending",
        105: "private",
        106: "future",
        107: "trash",
    }


def test_attachments_are_known_before_the_posts_that_use_them_are_read():
    site = wordpress.check(export("site.xml"))

    assert site.attachments[201].file == "2024/01/hero.jpg"
    assert site.attachments[201].alt == "A person walking at sunrise"
    assert site.attachments[203].url == "https://old.example.org/wp-content/uploads/2024/01/meal.jpg"


def test_cdata_split_and_non_ascii_text_survive_reading():
    item = next(item for item in wordpress.items(export("site.xml")) if item.wp_id == 105)

    assert item.title == "Café con leche – 日本語 ✓"
    assert "日本語の文章, emoji 🌱, and a CDATA end ]]> kept." in item.content
    assert item.slug == "日本語"
    assert item.old_path == "/2024/01/日本語/"


def test_links_without_a_pretty_path_have_no_old_path():
    item = next(item for item in wordpress.items(export("site.xml")) if item.wp_id == 102)

    assert item.old_path == ""
    # A draft has no GMT date (0000-00-00 ...), so its site-clock date stands in.
    assert item.published_at == datetime.datetime(2024, 1, 12, 10, 0, tzinfo=datetime.UTC)


def test_reads_a_1_1_export():
    site = wordpress.check(export("wxr-1.1.xml"))
    [item] = wordpress.items(export("wxr-1.1.xml"))

    assert site.version == "1.1"
    assert (item.wp_id, item.title, item.excerpt) == (
        9,
        "Staying sober over the holidays",
        "Five ways to get through the season.",
    )
    assert item.modified_at is None


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("not-wxr.xml", "This is not a WordPress export"),
        ("truncated.xml", "not well-formed XML (no element found: line 162"),
        ("unknown-version.xml", "Unknown WXR version 1.3: this importer reads versions 1.0, 1.1, 1.2"),
        ("billion-laughs.xml", "declares a DTD or entities"),
        ("external-entity.xml", "declares a DTD or entities"),
    ],
)
def test_bad_input_is_refused_with_a_clear_reason(name, message):
    with pytest.raises(wordpress.WxrError, match=re.escape(message)):
        wordpress.check(export(name))


def test_a_billion_laughs_export_is_refused_at_once_without_expanding(tmp_path):
    tracemalloc.start()
    try:
        with pytest.raises(wordpress.WxrError):
            wordpress.check(export("billion-laughs.xml"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert peak < 1_000_000  # expanded, &lol9; is 3 GB of text: refused before any expansion


def test_an_html_page_is_not_an_export(tmp_path):
    page = tmp_path / "page.xml"
    page.write_text("<html><body>Hello</body></html>")

    with pytest.raises(wordpress.WxrError, match="the document is <html>, not <rss>"):
        wordpress.check(str(page))


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(wordpress.WxrError, match="No file at"):
        wordpress.check(str(tmp_path / "nothing.xml"))


def test_progress_reports_every_byte_of_the_file():
    seen = []
    wordpress.check(export("site.xml"), seen.append)

    assert sum(seen) == (wordpress.os.path.getsize(export("site.xml")))


def test_reading_a_large_export_takes_memory_independent_of_its_size(tmp_path):
    path = tmp_path / "large.xml"
    write_export(path, 3000, paragraphs=12)  # about 24 MB
    size = path.stat().st_size
    tracemalloc.start()
    try:
        site = wordpress.check(str(path))
        read = sum(1 for _ in wordpress.items(str(path)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert size > 20_000_000
    assert (site.item_count, read) == (3000, 3000)
    # Holding the document would take several times its size; streaming holds one item at a time.
    assert peak < 3_000_000, f"peak {peak / 1e6:.1f} MB for a {size / 1e6:.0f} MB export"


# The exports WordPress.org and WordPress.com really write ------------------------------------------------------------


def test_reads_a_1_0_export_from_wordpress_2():
    site = wordpress.check(export("wxr-1.0.xml"))
    [item] = wordpress.items(export("wxr-1.0.xml"))

    assert (site.version, site.base_url, site.authors) == ("1.0", "http://early.example.net", {})
    assert site.categories == {"support": "Support"}
    assert (item.wp_id, item.title, item.excerpt, item.creator) == (
        3,
        "Finding a meeting",
        "Where and when to go.",
        "admin",
    )
    assert item.categories == [("support", "Support")]  # the category without a domain is WXR 1.0's duplicate
    assert item.content.startswith("Meetings are listed by day.")


def test_reads_https_namespaces_and_block_editor_content_as_wordpress_com_writes_them():
    site = wordpress.check(export("wordpress-com.xml"))
    [item] = wordpress.items(export("wordpress-com.xml"))

    assert (site.version, site.base_url) == ("1.2", "https://wordpress.com")
    assert site.authors["notes"].display_name == "Notes Author"
    assert (item.wp_id, item.status, item.slug, item.creator) == (41, "publish", "a-week-of-small-steps", "notes")
    assert item.excerpt == "Seven days, seven small things."
    assert item.content.startswith("<!-- wp:paragraph -->\n<p>Monday: a walk.</p>")
    assert item.modified_at == datetime.datetime(2023, 3, 5, 14, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    "namespace",
    [
        "http://wordpress.org/export/1.2/",
        "https://wordpress.org/export/1.2/",
        "http://wordpress.org/export/1.2",
        "https://www.wordpress.org/export/1.2/",
    ],
)
def test_any_spelling_of_the_export_namespace_is_read(tmp_path, namespace):
    text = Path(export("wxr-1.1.xml")).read_text(encoding="utf-8").replace("1.1", "1.2")
    text = text.replace('xmlns:wp="http://wordpress.org/export/1.2/"', f'xmlns:wp="{namespace}"')
    path = tmp_path / "export.xml"
    path.write_text(text, encoding="utf-8")

    site = wordpress.check(str(path))
    [item] = wordpress.items(str(path))

    assert site.version == "1.2"
    assert (item.wp_id, item.status, item.excerpt) == (9, "publish", "Five ways to get through the season.")


def test_control_characters_are_replaced_and_marked_on_their_item_not_refused():
    site = wordpress.check(export("bad-items.xml"))
    items = {item.wp_id: item for item in wordpress.items(export("bad-items.xml"))}

    assert site.item_count == 3
    assert 'alt="pill\ufffdbox"' in items[1].content
    assert items[1].had_control_characters
    assert not items[2].had_control_characters
    assert not items[3].had_control_characters
