"""The import report and the imported items in the admin: readable by editorial staff, written only by the command."""

import pytest

from imports.models import ImportedItem, ImportRun
from tests import factories
from tests.imports.conftest import export

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(run_import, uploads):
    run_import(export("site.xml"), "--media-dir", str(uploads))
    return ImportRun.objects.get()


@pytest.mark.parametrize("make_staff", [factories.make_editor, factories.make_reviewer, factories.make_writer])
def test_editorial_staff_read_the_report_with_every_section(client, run, make_staff):
    factories.login_staff(client, make_staff())

    page = client.get(f"/admin/imports/importrun/{run.pk}/change/").content.decode()

    assert "<caption>Items by type and status</caption>" in page
    assert "<td>nav_menu_item</td><td>publish</td><td>1</td>" in page
    assert "Post type “nav_menu_item” is not imported (only posts and pages)." in page
    assert "<td>2024/01/gone.jpg</td><td>101</td>" in page
    assert "<td>[contact-form-7]</td><td>1</td>" in page
    assert "The Checks panel of each article blocks sending it for review while an image has no alt text." in page
    assert "do not exist yet" not in page
    article = ImportedItem.objects.get(wp_id=101).article
    assert f'<a href="/admin/articles/article/{article.pk}/change/">How low-dose naltrexone is used</a>' in page
    assert "Image without alt text: chart.png." in page


def test_report_escapes_what_came_from_the_export(client, run):
    run.skipped = [{"wp_id": 1, "post_type": "post", "title": "<script>alert(1)</script>", "reason": "x"}]
    run.save()
    factories.login_staff(client, factories.make_editor())

    page = client.get(f"/admin/imports/importrun/{run.pk}/change/").content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_imported_items_are_listed_for_review_sortable_by_wordpress_dates(client, run):
    factories.login_staff(client, factories.make_reviewer())

    newest_first = client.get("/admin/imports/importeditem/?o=-4").context["cl"].result_list
    by_tag = client.get("/admin/imports/importeditem/?q=off-label").context["cl"].result_list

    assert [item.wp_id for item in newest_first] == [106, 104, 102, 101, 105, 103]  # by WordPress modification date
    assert [item.wp_id for item in by_tag] == [101]


def test_an_imported_item_shows_what_needs_attention_and_links_to_its_article(client, run):
    item = ImportedItem.objects.get(wp_id=104)
    factories.login_staff(client, factories.make_editor())

    page = client.get(f"/admin/imports/importeditem/{item.pk}/change/").content.decode()

    assert f'<a href="/admin/articles/article/{item.article.pk}/change/">About our helpline</a> (Draft)' in page
    assert "<li>The address “about” was taken, so this one is “about-2”.</li>" in page


def test_nobody_adds_changes_or_deletes_import_records_in_the_admin(client, run):
    factories.login_staff(client, factories.make_user("boss", is_superuser=True))
    item = ImportedItem.objects.first()

    assert client.get("/admin/imports/importrun/add/").status_code == 403
    assert client.post(f"/admin/imports/importrun/{run.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"/admin/imports/importeditem/{item.pk}/change/", {"title": "x"}).status_code == 403
    assert ImportRun.objects.count() == 1 and ImportedItem.objects.get(pk=item.pk).title != "x"


def test_intake_staff_and_visitors_cannot_see_imports(client, run):
    assert client.get(f"/admin/imports/importrun/{run.pk}/change/").status_code == 302
    factories.login_staff(client, factories.make_intake())
    assert client.get(f"/admin/imports/importrun/{run.pk}/change/").status_code == 403
