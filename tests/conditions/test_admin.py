"""The condition admin: the same review workflow as articles, through the same buttons."""

import pytest
from django.urls import reverse

from conditions.models import Condition
from editorial.models import LiveStatus
from tests import factories

pytestmark = pytest.mark.django_db


def post_button(client, condition, action, **data):
    url = reverse("admin:conditions_condition_workflow", args=[condition.pk])
    return client.post(url, {"action": action, **data}, follow=True)


def test_condition_goes_from_new_draft_to_live_through_the_admin(client):
    writer, reviewer, editor = factories.make_writer(), factories.make_reviewer(), factories.make_editor()
    factories.login_staff(client, writer)
    client.post(
        reverse("admin:conditions_condition_add"),
        {
            "name": "Fibromyalgia",
            "slug": "fibromyalgia",
            "summary": "A chronic pain disorder.",
            "body": "<h2>Symptoms</h2><p>Widespread pain and fatigue.</p>",
            "sources-TOTAL_FORMS": "1",
            "sources-0-title": "Fibromyalgia: a clinical review",
            "sources-INITIAL_FORMS": "0",
            "sources-MIN_NUM_FORMS": "0",
            "sources-MAX_NUM_FORMS": "1000",
        },
    )
    condition = Condition.objects.get(slug="fibromyalgia")
    post_button(client, condition, "submit")

    factories.login_staff(client, reviewer)
    condition.refresh_from_db()
    post_button(client, condition, "approve", fingerprint=condition.draft_fingerprint)
    factories.login_staff(client, editor)
    response = post_button(client, condition, "publish")

    assert [str(m) for m in response.context["messages"]] == ["Published. Visitors now see this version."]
    assert Condition.objects.get(pk=condition.pk).live_status == LiveStatus.LIVE
    client.logout()
    page = client.get(condition.get_absolute_url()).content.decode()
    assert "Widespread pain and fatigue." in page and reviewer.contributor.display_name in page


def test_condition_list_searches_by_name(client):
    factories.make_condition(name="Crohn's disease")
    factories.make_condition(name="Multiple sclerosis")
    factories.login_staff(client, factories.make_writer())

    response = client.get(reverse("admin:conditions_condition_changelist") + "?q=crohn")

    assert [c.name for c in response.context["cl"].result_list] == ["Crohn's disease"]


def test_condition_change_page_has_the_review_panel_and_preview_link(client):
    condition = factories.make_condition()
    factories.login_staff(client, factories.make_reviewer())

    page = client.get(reverse("admin:conditions_condition_change", args=[condition.pk])).content.decode()

    assert "Medical review" in page and reverse("conditions:preview", args=[condition.pk]) in page


def picture():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (800, 400), (40, 120, 160)).save(buffer, format="JPEG")
    return SimpleUploadedFile("gut.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_writer_chooses_a_condition_hero_from_the_library_and_it_needs_alt_text_first(client):
    condition = factories.make_live_condition(key_takeaways="Old point.")
    change_url = reverse("admin:conditions_condition_change", args=[condition.pk])
    factories.login_staff(client, factories.make_writer())
    undescribed = factories.image_from(picture(), "")
    described = factories.image_from(picture(), "Drawing of the gut")

    refused = client.post(change_url, factories.admin_change_data(client.get(change_url), hero_image=undescribed.pk))
    assert refused.status_code == 200
    assert "This picture has no alt text yet" in refused.content.decode()

    data = factories.admin_change_data(client.get(change_url), hero_image=described.pk, key_takeaways="New point.")
    client.post(change_url, data)

    condition.refresh_from_db()
    assert condition.draft["fields"]["hero_image"] == described.pk  # the chosen id is part of the reviewed draft
    assert condition.draft["fields"]["key_takeaways"] == "New point."
    assert not condition.hero_image and condition.key_takeaways == "Old point."  # visitors keep the live page
