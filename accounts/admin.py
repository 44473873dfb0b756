"""Superusers' tools: the security log, the staff access review, and resetting another user's factors."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from . import factors, review
from .models import SecurityEvent


# Here, in the lowest app with an admin, so the security log, editorial's revisions and events and sharing's links
# share it without an import upwards (docs/architecture.md, "Layers").
class AuditRecordAdmin(admin.ModelAdmin):
    """Records of what happened: readable by those allowed, never added, changed or deleted by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SuperuserOnly:
    """Only superusers see these pages, whatever permissions a group grants."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


@admin.register(SecurityEvent)
class SecurityEventAdmin(SuperuserOnly, AuditRecordAdmin):
    list_display = ("at", "kind", "username", "actor", "ip_address", "detail")
    list_filter = ("kind", "at")
    search_fields = ("username", "ip_address", "detail")
    date_hierarchy = "at"
    list_select_related = ("actor",)
    readonly_fields = [f.name for f in SecurityEvent._meta.fields]

    def get_urls(self):
        view = self.admin_site.admin_view(self.access_review_view)
        return [path("access-review/", view, name="accounts_access_review"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "access_review_url": reverse("admin:accounts_access_review")}
        return super().changelist_view(request, extra_context)

    def access_review_view(self, request):
        if not request.user.is_superuser:
            raise PermissionDenied
        rows = review.staff_rows()
        if request.GET.get("format") == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            stamp = timezone.localtime().strftime("%Y-%m-%d")
            response["Content-Disposition"] = f'attachment; filename="staff-access-review-{stamp}.csv"'
            review.write_csv(rows, response)
            return response
        context = {
            **self.admin_site.each_context(request),
            "title": "Staff access review",
            "rows": rows,
            "columns": review.COLUMNS,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/accounts/access_review.html", context)


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """Django's user admin, plus a superuser-only action that resets a user's second factors."""

    actions = ["reset_second_factors"]

    @admin.action(description="Reset second factors (they enrol again at next sign-in)")
    def reset_second_factors(self, request, queryset):
        if not request.user.is_superuser:
            raise PermissionDenied
        for user in queryset:
            factors.reset(user, request=request)
        self.message_user(
            request,
            f"Second factors reset for {len(queryset)} account(s); they were signed out everywhere.",
            messages.SUCCESS,
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("reset_second_factors", None)
        return actions
