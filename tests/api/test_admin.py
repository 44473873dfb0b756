"""The admin of keys, subscriptions and deliveries (api/admin.py): superusers only, the key shown once."""

import hashlib

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from api.models import DeliveryState, PartnerKey, WebhookDelivery, WebhookSubscription
from editorial import workflow
from tests import factories
from tests.queued import queued_tasks

pytestmark = pytest.mark.django_db

KEYS = "/admin/api/partnerkey/"


def test_creating_a_key_shows_it_once_and_stores_only_its_hash(admin_client, admin_user):
    response = admin_client.post(f"{KEYS}add/", {"name": "Clinic App", "contact": "ops@clinic", "rate_per_minute": 90})

    key = PartnerKey.objects.get()
    token = response.context["token"]
    assert response.status_code == 200
    assert token in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert key.secret_hash == hashlib.sha256(token.encode()).hexdigest()
    assert (key.prefix, key.created_by, key.rate_per_minute) == (token[:8], admin_user, 90)
    # Never again: not on the key's page, not in the list.
    for page in (f"{KEYS}{key.pk}/change/", KEYS):
        text = admin_client.get(page).content.decode()
        assert token not in text
        assert key.prefix in text
    # And it works.
    assert Client().get("/api/v1/topics/", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_the_revoke_action_stops_the_key(admin_client):
    key, token = factories.make_partner_key()

    admin_client.post(KEYS, {"action": "revoke", "_selected_action": [key.pk]})

    assert PartnerKey.objects.get(pk=key.pk).revoked_at is not None
    assert Client().get("/api/v1/topics/", headers={"Authorization": f"Bearer {token}"}).status_code == 401


@pytest.fixture
def staff_with_every_api_permission():
    user = factories.make_user("keen-editor", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="api"))
    client = Client()
    factories.login_staff(client, user)
    return client


@pytest.mark.parametrize(
    "page",
    [KEYS, f"{KEYS}add/", "/admin/api/webhooksubscription/", "/admin/api/webhookdelivery/", "/admin/api/"],
)
def test_staff_who_are_not_superusers_reach_none_of_it_whatever_their_permissions(
    staff_with_every_api_permission, page
):
    assert staff_with_every_api_permission.get(page).status_code in (403, 404)


def test_staff_who_are_not_superusers_cannot_create_a_key_by_posting(staff_with_every_api_permission):
    response = staff_with_every_api_permission.post(f"{KEYS}add/", {"name": "Sneaky", "rate_per_minute": 1000})

    assert response.status_code == 403
    assert not PartnerKey.objects.exists()


def test_a_subscription_is_created_with_a_signing_secret_superusers_can_read(admin_client, settings):
    settings.WEBHOOK_ALLOW_LOCAL = False
    key, _ = factories.make_partner_key()
    data = {"key": key.pk, "url": "https://partner.example/hooks", "on_unpublished": "on", "active": "on"}

    admin_client.post("/admin/api/webhooksubscription/add/", data)

    subscription = WebhookSubscription.objects.get()
    assert subscription.secret.startswith("whsec_") and len(subscription.secret) > 40
    page = admin_client.get(f"/admin/api/webhooksubscription/{subscription.pk}/change/").content.decode()
    assert subscription.secret in page


def test_a_subscription_to_an_internal_address_is_refused_in_the_form(admin_client, settings):
    settings.WEBHOOK_ALLOW_LOCAL = False
    key, _ = factories.make_partner_key()
    data = {"key": key.pk, "url": "https://169.254.169.254/", "on_unpublished": "on", "active": "on"}

    response = admin_client.post("/admin/api/webhooksubscription/add/", data)

    assert "public internet" in response.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_deliveries_are_read_only_and_a_failed_one_can_be_sent_again(admin_client, site):
    factories.make_subscription("https://partner.example/hooks")
    workflow.unpublish(site["article"], user=factories.make_editor())
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.FAILED, attempts=9)

    page = admin_client.get(f"/admin/api/webhookdelivery/{delivery.pk}/change/")
    assert page.status_code == 200
    assert 'name="body"' not in page.content.decode()  # shown, not editable
    admin_client.post("/admin/api/webhookdelivery/", {"action": "retry_now", "_selected_action": [delivery.pk]})

    assert WebhookDelivery.objects.get().state == DeliveryState.PENDING
    assert ("api.tasks.send_webhook", [str(delivery.pk)]) in queued_tasks()
