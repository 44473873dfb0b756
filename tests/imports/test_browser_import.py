"""WordPress imports from the browser: upload, dry run, start once, the worker's import, the report."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError

from articles.models import Article
from imports import runs
from imports.models import ImportedItem, ImportRun
from tests import factories
from tests.imports.conftest import export

pytestmark = pytest.mark.django_db
UPLOAD = "/admin/import/wordpress/"


@pytest.fixture(autouse=True)
def import_folder(settings, tmp_path) -> Path:
    settings.WORDPRESS_IMPORT_ROOT = tmp_path / "wordpress-imports"
    return settings.WORDPRESS_IMPORT_ROOT


@pytest.fixture
def editor(client):
    return factories.login_staff(client, factories.make_editor("ed"))


def upload(client, name: str = "site.xml", content: bytes | None = None):
    content = Path(export(name)).read_bytes() if content is None else content
    return client.post(UPLOAD, {"export": SimpleUploadedFile(name, content, "text/xml")})


def checked_run(client, run_tasks, name: str = "site.xml") -> ImportRun:
    response = upload(client, name)
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/import/wordpress/{run.pk}/"
    run_tasks()
    run.refresh_from_db()
    return run


# Who may import -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("make_staff", [factories.make_writer, factories.make_reviewer, factories.make_intake])
def test_staff_other_than_editors_are_refused(client, make_staff):
    factories.login_staff(client, make_staff())

    assert client.get(UPLOAD).status_code == 403
    assert upload(client).status_code == 403
    assert ImportRun.objects.count() == 0


def test_editors_and_superusers_see_the_form_with_its_size_limit(client, settings, editor):
    settings.WORDPRESS_IMPORT_MAX_BYTES = 50 * 1024 * 1024
    page = client.get(UPLOAD).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert "Up to 50.0\xa0MB." in page

    factories.login_staff(client, factories.make_user("root", is_superuser=True))
    assert client.get(UPLOAD).status_code == 200


def test_the_imports_list_links_to_the_import_for_editors_only(client, editor):
    assert 'href="/admin/import/wordpress/"' in client.get("/admin/imports/importrun/").content.decode()

    factories.login_staff(client, factories.make_writer())
    assert 'href="/admin/import/wordpress/"' not in client.get("/admin/imports/importrun/").content.decode()


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(UPLOAD)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# Bad uploads ----------------------------------------------------------------------------------------------------------


def test_a_file_over_the_limit_is_refused_with_the_limit_stated(client, settings, editor, import_folder):
    settings.WORDPRESS_IMPORT_MAX_BYTES = 1000

    page = upload(client).content.decode()  # site.xml is about 20 kB

    assert "This file is " in page
    assert "the limit is 1000\xa0bytes" in page
    assert 'aria-invalid="true"' in page
    assert ImportRun.objects.count() == 0
    assert not import_folder.exists() or not any(import_folder.iterdir())


def test_a_file_that_is_not_an_export_is_refused_on_the_form(client, editor):
    page = upload(client, "notes.xml", b"<html><body>Not an export</body></html>").content.decode()

    assert "This is not a WordPress export: it does not start as one" in page
    assert ImportRun.objects.count() == 0


def test_a_broken_export_is_refused_by_the_worker_with_its_reason(client, editor, run_tasks, import_folder):
    run = checked_run(client, run_tasks, "truncated.xml")

    assert run.state == ImportRun.State.REFUSED
    page = client.get(run.page_url()).content.decode()
    assert "The file is not well-formed XML (no element found: line 162" in page
    assert "Nothing was imported." in page
    assert "Upload another file" in page
    assert Article.objects.count() == 0
    assert not any(import_folder.iterdir())  # the refused file is not kept


# The dry run -------------------------------------------------------------------------------------------------------


def test_the_upload_is_kept_outside_the_media_folder_until_the_worker_checks_it(client, settings, editor):
    upload(client)

    run = ImportRun.objects.get()
    path = runs.export_path(run)
    assert run.state == ImportRun.State.CHECKING
    assert path.read_bytes() == Path(export("site.xml")).read_bytes()
    assert Path(settings.MEDIA_ROOT) not in path.parents
    assert run.source_name == "site.xml"
    assert run.started_by.username == "ed"


def test_the_dry_run_counts_by_type_and_status_and_lists_each_items_problems(client, editor, run_tasks):
    run = checked_run(client, run_tasks)

    assert run.state == ImportRun.State.CHECKED
    assert Article.objects.count() == 0  # nothing saved
    assert ImportedItem.objects.count() == 0
    assert run.preview["counts"]["post"] == {
        "publish": 1,
        "draft": 1,
        "pending": 1,
        "private": 1,
        "future": 1,
        "trash": 1,
    }
    assert run.preview["counts"]["page"] == {"publish": 1}
    page = client.get(run.page_url()).content.decode()
    assert "Dry run: nothing has been saved yet" in page
    assert "<td>post</td><td>trash</td><td>1</td>" in page
    assert "<td>nav_menu_item</td><td>publish</td><td>1</td>" in page
    assert "Image missing: gone.jpg." in page  # no media folder in the browser: missing media are listed
    assert "Shortcode [contact-form-7] was removed" in page
    assert "WordPress status “trash” is not imported." in page
    assert 'action="/admin/import/wordpress/' in page and "Start import" in page


def test_comments_left_behind_are_counted_and_a_file_without_any_says_nothing_of_them(client, editor, run_tasks):
    with_comments = checked_run(client, run_tasks, "site.xml")
    assert "2 comments are not imported." in client.get(with_comments.page_url()).content.decode()
    client.post(f"/admin/import/wordpress/{with_comments.pk}/start/")
    run_tasks()
    assert "2 comments were not imported." in client.get(with_comments.page_url()).content.decode()

    upload(client, "bad-items.xml")
    run_tasks()
    without = ImportRun.objects.latest("pk")
    assert (
        "comment" not in client.get(without.page_url()).content.decode().split("Dry run: nothing")[1].split("</p>")[0]
    )


def test_the_dry_run_lists_links_to_the_old_site_that_will_need_fixing(client, editor, run_tasks):
    run = checked_run(client, run_tasks)

    [item] = [item for item in run.preview["items"] if item["wp_id"] == 101]
    assert (
        "1 link(s) lead to pages of the old WordPress site (/2023/11/older-post/): they work only once those pages "
        "are imported and published here; check each or link to the page here."
    ) in item["problems"]


def test_the_dry_run_can_show_only_the_items_with_problems(client, editor, run_tasks):
    run = checked_run(client, run_tasks, "bad-items.xml")

    page = client.get(run.page_url() + "?problems=1").content.decode()

    assert "2 of 3 items have something to check." in page
    assert "Good item" not in page
    assert "Good item" in client.get(run.page_url()).content.decode()


# Start, the worker, the report ------------------------------------------------------------------------------------


def test_starting_twice_makes_one_import(client, editor, run_tasks):
    run = checked_run(client, run_tasks)
    start = f"/admin/import/wordpress/{run.pk}/start/"

    first, second = client.post(start), client.post(start)

    assert first.status_code == second.status_code == 302
    run.refresh_from_db()
    assert run.state == ImportRun.State.QUEUED
    run_tasks()
    run.refresh_from_db()
    assert run.state == ImportRun.State.FINISHED
    assert ImportRun.objects.count() == 1
    assert run.created == 6  # site.xml's six importable posts and pages
    assert Article.objects.count() == 6


def test_start_is_a_post_only_and_only_for_editors(client, editor, run_tasks):
    run = checked_run(client, run_tasks)
    start = f"/admin/import/wordpress/{run.pk}/start/"

    assert client.get(start).status_code == 405
    factories.login_staff(client, factories.make_writer())
    assert client.post(start).status_code == 403
    run.refresh_from_db()
    assert run.state == ImportRun.State.CHECKED


def test_the_worker_imports_drafts_and_the_page_shows_the_report(client, editor, run_tasks, import_folder):
    run = checked_run(client, run_tasks)
    client.post(f"/admin/import/wordpress/{run.pk}/start/")
    run_tasks()

    run.refresh_from_db()
    assert (run.state, run.done_items, run.total_items) == (ImportRun.State.FINISHED, 10, 10)
    assert all(article.draft_updated_by.username == "ed" for article in Article.objects.all())
    assert not Article.objects.live().exists()
    assert not any(import_folder.iterdir())  # the upload is deleted once imported
    page = client.get(run.page_url()).content.decode()
    assert "<strong>6</strong> created" in page
    assert "WordPress status “trash” is not imported." in page
    assert "do not exist yet" not in page
    assert f'href="/admin/imports/importrun/{run.pk}/change/"' in page


def test_the_status_answers_the_progress_for_the_page(client, editor, run_tasks):
    run = checked_run(client, run_tasks)
    client.post(f"/admin/import/wordpress/{run.pk}/start/")

    status = client.get(f"/admin/import/wordpress/{run.pk}/status/").json()

    assert status == {"state": "queued", "label": "Waiting for the worker", "done": 0, "total": 10}
    page = client.get(run.page_url()).content.decode()
    assert 'role="status" aria-live="polite" data-status-url="/admin/import/wordpress/' in page
    assert "<script" not in page.split("</head>")[1]  # no inline script: the progress script is a static file
    assert "imports/import-progress.js" in page


def test_bad_content_in_one_item_is_listed_for_it_and_the_rest_is_imported(client, editor, run_tasks):
    run = checked_run(client, run_tasks, "bad-items.xml")
    client.post(f"/admin/import/wordpress/{run.pk}/start/")
    run_tasks()

    run.refresh_from_db()
    assert run.state == ImportRun.State.FINISHED
    assert run.created == 3
    notes = {entry["wp_id"]: " ".join(entry["notes"]) for entry in run.attention}
    assert "It held control characters" in notes[1]
    assert "The title was longer than 120 characters and was shortened" in notes[2]
    assert len(ImportedItem.objects.get(wp_id=2).article.title) <= 120  # the site's limit for a title
    body = ImportedItem.objects.get(wp_id=1).article.body
    assert "\x01" not in body
    assert "<b>bold <i>broken</i></b>" in body  # the broken HTML closed, not refused


def test_an_item_that_fails_is_rolled_back_alone_and_listed(client, editor, run_tasks, monkeypatch):
    run = checked_run(client, run_tasks, "bad-items.xml")
    client.post(f"/admin/import/wordpress/{run.pk}/start/")
    real = runs.Importer.save_record

    def fails_for_the_second(importer, record, item, *args):
        if item.wp_id == 2:
            raise ValueError("the database refused it")
        return real(importer, record, item, *args)

    monkeypatch.setattr(runs.Importer, "save_record", fails_for_the_second)
    run_tasks()

    run.refresh_from_db()
    assert run.state == ImportRun.State.FINISHED
    assert run.created == 2
    assert sorted(ImportedItem.objects.values_list("wp_id", flat=True)) == [1, 3]
    assert Article.objects.count() == 2  # the failed item's article was rolled back with it
    [skip] = run.skipped
    assert skip["wp_id"] == 2
    assert skip["reason"] == "Not imported, nothing of it was saved: ValueError: the database refused it"


@pytest.mark.parametrize(
    ("name", "title", "in_body"),
    [
        ("wxr-1.0.xml", "Finding a meeting", "<p>Meetings are listed by day.</p>"),
        ("wordpress-com.xml", "A week of small steps", "<h2>The rest of the week</h2>"),
    ],
)
def test_old_and_hosted_exports_import_from_the_browser(client, editor, run_tasks, name, title, in_body):
    run = checked_run(client, run_tasks, name)
    client.post(f"/admin/import/wordpress/{run.pk}/start/")
    run_tasks()

    [article] = Article.objects.all()
    assert article.title == title
    assert in_body in article.body
    assert "wp:" not in article.body  # block comments are gone


def test_the_dry_run_sees_two_items_of_the_file_wanting_one_address(client, editor, run_tasks):
    run = checked_run(client, run_tasks)  # page 103 is "about", and post 104's address is "about" too

    [item] = [item for item in run.preview["items"] if item["wp_id"] == 104]
    assert "The address “about” was taken, so this one is “about-2”." in item["problems"]


def test_a_database_failure_stops_the_run_with_whole_items_and_says_how_to_finish(
    client, editor, run_tasks, monkeypatch
):
    run = checked_run(client, run_tasks, "bad-items.xml")
    client.post(f"/admin/import/wordpress/{run.pk}/start/")
    real = runs.Importer.save_record

    def database_goes_away_at_the_second(importer, record, item, *args):
        if item.wp_id == 2:
            raise OperationalError("database is locked")
        return real(importer, record, item, *args)

    monkeypatch.setattr(runs.Importer, "save_record", database_goes_away_at_the_second)
    run_tasks()

    run.refresh_from_db()
    assert run.state == ImportRun.State.FAILED
    assert list(ImportedItem.objects.values_list("wp_id", flat=True)) == [1]  # committed whole before the failure
    assert Article.objects.count() == 1
    page = client.get(run.page_url()).content.decode()
    assert "The import stopped on an unexpected error (OperationalError)" in page
    assert "Import the file again: those are found unchanged and the rest are imported." in page
