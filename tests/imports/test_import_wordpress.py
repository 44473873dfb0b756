"""import_wordpress end to end: drafts only, a report, safe re-runs, bad input imports nothing."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import OperationalError

from articles.models import Article
from editorial import workflow
from editorial.models import ReviewEvent
from imports.models import ImportedItem, ImportRun
from tests import factories
from tests.imports.conftest import export, publish_imported

pytestmark = pytest.mark.django_db


def stored_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) if root.exists() else []


def article_for(wp_id: int) -> Article:
    return ImportedItem.objects.get(wp_id=wp_id).article


def test_every_post_and_page_becomes_an_article_draft_awaiting_medical_review(run_import, uploads):
    run_import(export("site.xml"), "--media-dir", str(uploads))

    articles = Article.objects.all()
    assert sorted(articles.values_list("title", flat=True)) == [
        "About our helpline",
        "About us",
        "Café con leche – 日本語 ✓",
        "Coming soon: sleep and recovery",
        "Crohn's disease & diet",
        "How low-dose naltrexone is used",
    ]
    assert set(articles.values_list("live_status", "review_state")) == {("none", "draft")}
    assert all(article.draft for article in articles)
    # Every draft was saved through the workflow, by the importing account.
    assert ReviewEvent.objects.filter(action="edit", user__username="importer").count() == 6


def test_each_item_records_its_wordpress_id_status_address_and_dates(run_import, uploads):
    run_import(export("site.xml"), "--media-dir", str(uploads))

    item = ImportedItem.objects.get(wp_id=101)
    assert (item.post_type, item.wp_status, item.site_url) == ("post", "publish", "https://old.example.org")
    assert item.original_url == "https://old.example.org/2024/01/low-dose-naltrexone/"
    assert item.old_path == "/2024/01/low-dose-naltrexone/"
    assert item.wp_published_at.isoformat() == "2024-01-08T09:30:00+00:00"
    assert item.wp_modified_at.isoformat() == "2024-01-10T12:00:00+00:00"
    assert item.tags == "naltrexone\noff-label"
    assert item.categories == ["Medication & Treatment"]
    assert dict(ImportedItem.objects.values_list("wp_id", "wp_status")) == {
        101: "publish",
        102: "draft",
        103: "publish",
        104: "pending",
        105: "private",
        106: "future",
    }
    assert ImportedItem.objects.get(wp_id=103).post_type == "page"


def test_post_content_becomes_the_articles_fields(run_import, uploads):
    run_import(export("site.xml"), "--media-dir", str(uploads))

    article = article_for(101)
    assert article.slug == "low-dose-naltrexone"
    assert article.summary == (
        "Low-dose naltrexone (LDN) is naltrexone taken at a fraction of the usual dose. It is prescribed off-label."
    )
    assert article.meta_description == "What low-dose naltrexone is and who takes it."
    assert article.topic.name == "Medication & Treatment"
    assert [author.name for author in article.authors.all()] == ["Alice Ávila"]
    assert (article.hero_image.name, article.hero_image.alt_text) == (
        "imports/wordpress/2024/01/hero.jpg",
        "A person walking at sunrise",
    )
    assert (
        '<img width="300" height="200" src="/media/imports/wordpress/2024/01/pills-300x200.jpg" alt="Naltrexone tablets on a table">'
        in article.body
    )
    assert "<h2>Who prescribes it</h2>" in article.body
    assert "[Image not imported: gone.jpg." in article.body
    assert "<script" not in article.body and "onclick" not in article.body
    assert '<a href="/2023/11/older-post/"' in article.body  # a link to the old site goes through its redirect
    assert article_for(102).summary == "Some foods make symptoms worse."  # the excerpt, as plain text
    assert article_for(102).topic is None  # "Uncategorized" is no topic


def test_used_media_are_copied_into_storage_and_missing_ones_reported(run_import, uploads):
    out, _ = run_import(export("site.xml"), "--media-dir", str(uploads))

    assert stored_files() == [
        "imports/wordpress/2024/01/chart.png",
        "imports/wordpress/2024/01/hero.jpg",
        "imports/wordpress/2024/01/meal.jpg",
        "imports/wordpress/2024/01/pills-300x200.jpg",
    ]
    run = ImportRun.objects.get()
    assert run.missing_media == [
        {"file": "2024/01/gone.jpg", "items": [101]},
        {"file": "2024/01/leaflet.pdf", "items": [101]},
    ]
    assert "Missing media: 2" in out and "2024/01/gone.jpg (used by 101)" in out


def test_without_a_media_folder_every_upload_is_reported_missing(run_import):
    run_import(export("site.xml"))

    assert stored_files() == []
    assert "2024/01/hero.jpg" in [entry["file"] for entry in ImportRun.objects.get().missing_media]
    assert article_for(101).hero_image is None


def test_report_counts_types_and_statuses_and_lists_skips_shortcodes_and_attention(run_import, uploads):
    out, _ = run_import(export("site.xml"), "--media-dir", str(uploads))

    run = ImportRun.objects.get()
    assert run.counts == {
        "post": {"publish": 1, "draft": 1, "pending": 1, "private": 1, "future": 1, "trash": 1},
        "page": {"publish": 1},
        "nav_menu_item": {"publish": 1},
        "attachment": {"inherit": 2},
    }
    assert (run.created, run.updated, run.unchanged, run.skipped_count) == (6, 0, 0, 2)
    assert [(s["wp_id"], s["reason"]) for s in run.skipped] == [
        (107, "WordPress status “trash” is not imported."),
        (301, "Post type “nav_menu_item” is not imported (only posts and pages)."),
    ]
    assert run.shortcodes == {"caption": 1, "contact-form-7": 1, "gallery": 1}
    attention = {entry["wp_id"]: entry["notes"] for entry in run.attention}
    assert "Image without alt text: chart.png. Describe it for people who cannot see it." in attention[101]
    assert "Private on WordPress: check that it is meant for the public before publishing." in attention[105]
    assert ImportedItem.objects.get(wp_id=101).images_without_alt == 1
    assert "Articles: 6 created, 0 updated, 0 unchanged, 2 skipped." in out
    assert "Needs attention (the Checks panel also blocks review of an image without alt text)" in out
    assert "do not exist yet" not in out


def test_comments_are_not_imported_and_the_report_says_so(run_import, uploads):
    out, _ = run_import(export("site.xml"), "--media-dir", str(uploads))

    assert "Comments are not imported: 2 left out." in out
    assert ImportRun.objects.get().comments_not_imported == 2
    assert "Thank you!" not in article_for(101).body


def test_progress_bar_shows_counts_and_time_left(run_import, uploads):
    _, progress = run_import(export("site.xml"), "--media-dir", str(uploads))

    assert "Checking" in progress
    assert re.search(
        r"Importing: 100%.*10/10 \[\d\d:\d\d<\d\d:\d\d, .*created=6, updated=0, unchanged=0, skipped=2\]", progress
    )


def test_importing_the_same_file_twice_changes_nothing_the_second_time(run_import, uploads):
    run_import(export("site.xml"), "--media-dir", str(uploads))
    before = (
        list(Article.objects.order_by("pk").values()),
        list(ImportedItem.objects.order_by("pk").values()),
        ReviewEvent.objects.count(),
        stored_files(),
    )

    out, _ = run_import(export("site.xml"), "--media-dir", str(uploads))

    after = (
        list(Article.objects.order_by("pk").values()),
        list(ImportedItem.objects.order_by("pk").values()),
        ReviewEvent.objects.count(),
        stored_files(),
    )
    assert after == before
    assert "Articles: 0 created, 0 updated, 6 unchanged, 2 skipped." in out
    assert ImportRun.objects.count() == 2


def test_a_newer_export_updates_drafts_and_never_touches_a_page_published_since(run_import, uploads, client):
    run_import(export("site.xml"), "--media-dir", str(uploads))
    about = publish_imported(article_for(103))
    live_body = about.body

    out, _ = run_import(export("site-newer.xml"), "--media-dir", str(uploads))

    assert "4.5 mg a day" in article_for(101).body
    assert "a flare worse" in article_for(102).body
    about.refresh_from_db()
    assert about.body == live_body and about.draft["fields"]["body"] == live_body
    response = client.get("/articles/about/")
    assert "Call us any time." in response.text and "day or night" not in response.text
    run = ImportRun.objects.latest("started_at")
    assert (run.created, run.updated, run.unchanged) == (0, 2, 3)
    assert {
        "wp_id": 103,
        "post_type": "page",
        "title": "About us",
        "reason": "Published on this site since it was imported: left as it is.",
    } in run.skipped
    assert "page 103 “About us”: Published on this site since it was imported: left as it is." in out


def test_a_newer_export_leaves_a_draft_edited_on_this_site_alone(run_import, uploads):
    run_import(export("site.xml"), "--media-dir", str(uploads))
    article = article_for(101).apply_draft()
    article.summary = "Rewritten by our editor."
    workflow.save_draft(article, user=factories.make_writer())

    run_import(export("site-newer.xml"), "--media-dir", str(uploads))

    article.refresh_from_db()
    assert article.draft["fields"]["summary"] == "Rewritten by our editor."
    assert "4.5 mg" not in article.draft["fields"]["body"]
    reasons = {s["wp_id"]: s["reason"] for s in ImportRun.objects.latest("started_at").skipped}
    assert reasons[101] == "Edited on this site since it was imported: left as it is."


def test_an_article_deleted_here_is_not_imported_again(run_import, uploads):
    run_import(export("site.xml"), "--media-dir", str(uploads))
    article_for(104).delete()

    run_import(export("site.xml"), "--media-dir", str(uploads))

    assert not Article.objects.filter(title="About our helpline").exists()
    reasons = {s["wp_id"]: s["reason"] for s in ImportRun.objects.latest("started_at").skipped}
    assert reasons[104] == "The article made from it was deleted on this site; it is not imported again."


def test_a_file_that_is_not_the_image_its_name_says_counts_as_missing(run_import, uploads):
    (uploads / "2024" / "01" / "chart.png").write_text("<svg onload=alert(1)>")

    run_import(export("site.xml"), "--media-dir", str(uploads))

    assert "imports/wordpress/2024/01/chart.png" not in stored_files()
    assert "[Image not imported: chart.png." in article_for(101).body


def test_an_older_export_does_not_undo_a_newer_one(run_import, uploads):
    run_import(export("site-newer.xml"), "--media-dir", str(uploads))

    run_import(export("site.xml"), "--media-dir", str(uploads))

    assert "4.5 mg a day" in article_for(101).body
    reasons = {s["wp_id"]: s["reason"] for s in ImportRun.objects.latest("started_at").skipped}
    assert reasons[101] == "This export is older than the version already imported."


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("not-wxr.xml", "This is not a WordPress export"),
        ("truncated.xml", "not well-formed XML"),
        ("unknown-version.xml", "Unknown WXR version 1.3"),
        ("billion-laughs.xml", "declares a DTD or entities"),
        ("external-entity.xml", "declares a DTD or entities"),
    ],
)
def test_bad_input_stops_with_a_clear_message_and_imports_nothing(run_import, uploads, name, message):
    with pytest.raises(CommandError, match=re.escape(message)) as error:
        run_import(export(name), "--media-dir", str(uploads))

    assert str(error.value).endswith("Nothing was imported.")
    assert (Article.objects.count(), ImportedItem.objects.count(), ImportRun.objects.count()) == (0, 0, 0)
    assert stored_files() == []


def test_a_failure_part_way_rolls_back_every_article_and_copied_file(run_import, uploads, monkeypatch):
    calls = []
    save_draft = workflow.save_draft

    def failing_save_draft(obj, *, user):
        calls.append(obj)
        if len(calls) == 3:
            raise OperationalError("database went away")
        return save_draft(obj, user=user)

    monkeypatch.setattr(workflow, "save_draft", failing_save_draft)

    with pytest.raises(OperationalError):
        run_import(export("site.xml"), "--media-dir", str(uploads))

    assert len(calls) == 3
    assert (Article.objects.count(), ImportedItem.objects.count(), ImportRun.objects.count()) == (0, 0, 0)
    assert stored_files() == []


def test_an_error_in_one_item_skips_that_item_whole_and_imports_the_rest(run_import, uploads, monkeypatch):
    save_draft = workflow.save_draft

    def fails_for_about_us(obj, *, user):
        saved = save_draft(obj, user=user)  # the article is written, then the error: it must be rolled back
        if obj.title == "About us":
            raise ValueError("bad content")
        return saved

    monkeypatch.setattr(workflow, "save_draft", fails_for_about_us)

    out, _ = run_import(export("site.xml"), "--media-dir", str(uploads))

    assert "Articles: 5 created" in out
    assert "page 103 “About us”: Not imported, nothing of it was saved: ValueError: bad content" in out
    assert not Article.objects.filter(title="About us").exists()
    assert not ImportedItem.objects.filter(wp_id=103).exists()
    assert Article.objects.count() == 5


def test_dry_run_reports_but_saves_nothing(run_import, uploads):
    out, _ = run_import(export("site.xml"), "--media-dir", str(uploads), "--dry-run")

    assert out.startswith("Dry run: nothing was saved.")
    assert "Articles: 6 created" in out
    assert (Article.objects.count(), ImportRun.objects.count(), stored_files()) == (0, 0, [])


def test_a_1_1_export_imports_too(run_import):
    run_import(export("wxr-1.1.xml"))

    article = article_for(9)
    assert (article.title, article.summary, article.review_state) == (
        "Staying sober over the holidays",
        "Five ways to get through the season.",
        "draft",
    )
    assert article.body == "<p>Plan ahead.</p>\n<p>Bring your own drinks.</p>"


def test_the_importing_account_must_be_allowed_to_edit_articles(db):
    factories.make_user("visitor")

    with pytest.raises(CommandError, match="“visitor” may not add and change articles"):
        call_command("import_wordpress", export("site.xml"), "--user", "visitor")
    with pytest.raises(CommandError, match="No active user “nobody”"):
        call_command("import_wordpress", export("site.xml"), "--user", "nobody")
    assert Article.objects.count() == 0
