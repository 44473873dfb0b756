"""Failed notifications, for superusers only: what failed (by record number), and a button to try again."""

from django.contrib import admin, messages
from django.db import transaction
from django.utils.module_loading import import_string

from jobs.delivery import enqueue
from jobs.models import FailedNotification


@admin.register(FailedNotification)
class FailedNotificationAdmin(admin.ModelAdmin):
    list_display = ("description", "error", "attempts", "failed_at")
    fields = ("description", "error", "attempts", "failed_at")
    readonly_fields = fields
    actions = ["retry"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Retry the selected notifications now", permissions=["view"])
    def retry(self, request, queryset):
        with transaction.atomic():
            failed = list(queryset.select_for_update())
            for notification in failed:
                enqueue(import_string(notification.task_path), *notification.args)
            queryset.filter(pk__in=[n.pk for n in failed]).delete()
        self.message_user(request, f"{len(failed)} notification(s) queued again.", messages.SUCCESS)
