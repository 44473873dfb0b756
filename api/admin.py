"""Partner keys, webhook subscriptions and deliveries: superusers only, checked on the server for every page.

A new key's token is shown once, on the page that answers its creation, and stored only as a hash; a
subscription's signing secret stays readable to superusers, who pass it to the partner. Deliveries are records:
read-only, with their attempts, and a failed one can be sent again.
"""

from typing import Any

from django.contrib import admin, messages
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from jobs.delivery import enqueue

from .models import DeliveryState, PartnerKey, WebhookAttempt, WebhookDelivery, WebhookSubscription
from .tasks import send_webhook


class SuperusersOnly:
    """Every permission for active superusers, none for anyone else, whatever a group grants."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke a key, deactivate a subscription: the history stays


@admin.register(PartnerKey)
class PartnerKeyAdmin(SuperusersOnly, admin.ModelAdmin):
    list_display = ("name", "prefix", "rate_per_minute", "last_used_at", "revoked_at", "created_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "prefix")
    fields = ("name", "contact", "rate_per_minute", "prefix", "created_by", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "created_by", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def save_model(self, request: HttpRequest, obj: PartnerKey, form: Any, change: bool) -> None:
        if not change:
            obj.new_token = obj.issue()
            obj.created_by = request.user  # type: ignore[assignment]  # a superuser, checked above
        super().save_model(request, obj, form, change)

    def response_add(self, request: HttpRequest, obj: PartnerKey, post_url_continue: str | None = None) -> HttpResponse:
        """Show the new key once: it is not stored, so this page is the only place it is ever readable."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "key": obj,
            "token": obj.new_token,
            "title": f"The key for {obj.name}",
        }
        response = TemplateResponse(request, "admin/api/partnerkey/created.html", context)
        add_never_cache_headers(response)
        return response

    @admin.action(description="Revoke the selected keys (refused from the next request)", permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.filter(revoked_at=None).update(revoked_at=timezone.now())
        self.message_user(request, f"{count} key(s) revoked.", messages.SUCCESS)


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(SuperusersOnly, admin.ModelAdmin):
    list_display = ("key", "url", "on_published", "on_updated", "on_corrected", "on_unpublished", "active")
    list_filter = ("active",)
    fields = ("key", "url", "on_published", "on_updated", "on_corrected", "on_unpublished", "active", "secret")
    readonly_fields = ("secret",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # The secret exists once the subscription is saved; the form that creates it has nothing to show yet.
        return self.readonly_fields if obj else ()

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.fields if obj else self.fields[:-1]


class AttemptInline(admin.TabularInline):
    model = WebhookAttempt
    fields = ("number", "at", "status_code", "error")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(SuperusersOnly, admin.ModelAdmin):
    list_display = ("created_at", "event", "subscription", "state", "attempts", "next_attempt_at", "delivered_at")
    list_filter = ("state", "event")
    list_select_related = ("subscription__key",)
    fields = ("id", "subscription", "event", "state", "attempts", "next_attempt_at", "delivered_at", "body")
    readonly_fields = fields
    inlines = [AttemptInline]
    actions = ["retry_now"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Send the selected failed deliveries again now", permissions=["view"])
    def retry_now(self, request: HttpRequest, queryset: QuerySet) -> None:
        with transaction.atomic():
            failed = list(queryset.select_for_update().filter(state=DeliveryState.FAILED))
            for delivery in failed:
                enqueue(send_webhook, str(delivery.pk), attempt=delivery.attempts + 1)
            queryset.filter(pk__in=[delivery.pk for delivery in failed]).update(state=DeliveryState.PENDING)
        self.message_user(request, f"{len(failed)} delivery(ies) queued again.", messages.SUCCESS)
