"""Share links as an audit record: who made each link, for what, and every use (when, from where)."""

from django.contrib import admin

from accounts.admin import AuditRecordAdmin
from sharing.models import ShareLink, ShareLinkUse


class ShareLinkUseInline(admin.TabularInline):
    model = ShareLinkUse
    fields = readonly_fields = ("at", "address", "outcome", "detail")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ShareLink)
class ShareLinkAdmin(AuditRecordAdmin):
    list_display = ("__str__", "created_by", "created_at", "expires_at", "revoked_at")
    list_filter = ("content_type",)
    readonly_fields = (
        "content_type",
        "object_id",
        "label",
        "created_by",
        "created_at",
        "expires_at",
        "revoked_at",
        "revoked_by",
    )
    exclude = ("token_hash", "draft_fingerprint")
    inlines = [ShareLinkUseInline]
