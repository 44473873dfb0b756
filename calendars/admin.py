from django.contrib import admin

from calendars.models import CalendarFeed


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Who has a calendar feed; deleting one revokes its address (each person manages their own on the calendar)."""

    list_display = ("user", "created_at", "last_used_at")
    search_fields = ("user__username",)
    readonly_fields = ("user", "created_at", "last_used_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
