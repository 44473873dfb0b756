"""The admin mounted in recovery_site/urls.py: every registered model's pages load for a superuser."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from editorial.models import ReviewEvent, Revision
from tests import factories

pytestmark = pytest.mark.django_db

REGISTERED = sorted(filter(admin.site.is_registered, apps.get_models()), key=lambda model: model._meta.label)


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def superuser_client(client):
    factories.login_staff(client, factories.make_user("root", is_superuser=True))
    return client


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_admin_list_and_add_pages_load_for_every_registered_model(superuser_client, model, rf):
    model_admin = admin.site.get_model_admin(model)
    request = rf.get("/admin/")
    request.user = factories.make_user(is_superuser=True)

    assert superuser_client.get(admin_url(model, "changelist")).status_code == 200
    expected = 200 if model_admin.has_add_permission(request) else 403
    assert superuser_client.get(admin_url(model, "add")).status_code == expected


def content_objects():
    """Return one stored object of each editorial model, made through the workflow."""
    topic = factories.make_topic()
    writer = factories.make_contributor(is_writer=True)
    condition = factories.make_live_condition(authors=[writer], sources=[{"title": "NIH", "publisher": "NIH"}])
    article = factories.make_live_article(
        topic=topic, authors=[writer], conditions=[condition], sources=[{"title": "FDA", "publisher": "FDA"}]
    )
    return {
        "articles.Article": article,
        "articles.Topic": topic,
        "conditions.Condition": condition,
        "editorial.Contributor": writer,
        "editorial.Revision": Revision.objects.first(),
        "editorial.ReviewEvent": ReviewEvent.objects.first(),
    }


@pytest.mark.parametrize(
    "label",
    [
        "articles.Article",
        "articles.Topic",
        "conditions.Condition",
        "editorial.Contributor",
        "editorial.Revision",
        "editorial.ReviewEvent",
    ],
)
def test_admin_change_page_loads_for_each_content_model(superuser_client, label):
    obj = content_objects()[label]

    response = superuser_client.get(admin_url(type(obj), "change", obj.pk))

    assert response.status_code == 200
    assert str(obj) in response.content.decode()


@pytest.mark.parametrize(
    "label", ["articles.Article", "articles.Topic", "conditions.Condition", "editorial.Contributor"]
)
def test_admin_add_page_loads_for_each_editable_content_model(superuser_client, label):
    model = {m._meta.label: m for m in REGISTERED}[label]

    assert superuser_client.get(admin_url(model, "add")).status_code == 200
