"""The intake queue: only "Intake staff" and superusers see it, and every look at a record is logged."""

from typing import TYPE_CHECKING

import phonenumbers
from django.conf import settings
from django.contrib import admin
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timesince

from contact.consent import CONSENT_TEXTS
from contact.export import csv_response
from contact.models import OPEN_STATUSES, ContactNote, ContactRequest, ContactView, Status
from editorial.roles import INTAKE_STAFF, group_members, in_group

VIEW_LOG_SHOWN = 50
# What the visitor sent, shown first and never edited.
REQUEST_FIELDS = (
    "reference",
    "created_at",
    "language_display",
    "name",
    "phone_link",
    "email",
    "preferred_contact",
    "for_whom",
    "message",
)


def is_intake(user) -> bool:
    """Return whether the user may see contact requests at all (superusers count as intake staff)."""
    return in_group(user, INTAKE_STAFF)


def phone_display(e164: str) -> str:
    """Return a stored number as people write it: national form at home, international otherwise."""
    try:
        number = phonenumbers.parse(e164, settings.CONTACT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return e164
    home = phonenumbers.region_code_for_number(number) == settings.CONTACT_PHONE_REGION
    style = phonenumbers.PhoneNumberFormat.NATIONAL if home else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style)


# The mixin goes in front of a ModelAdmin or an inline (below): for mypy it is a ModelAdmin.
if TYPE_CHECKING:
    AdminBase = admin.ModelAdmin
else:
    AdminBase = object


class IntakeOnly(AdminBase):
    """Deny everyone outside the intake group, whatever model permissions they were given."""

    def has_module_permission(self, request):
        return is_intake(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_intake(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return is_intake(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return is_intake(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_intake(request.user) and super().has_delete_permission(request, obj)


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("open", "Open (new, contacted, in progress)"), *Status.choices]

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if choice["display"] == "All":
                choice["display"] = "All but spam"
            yield choice

    def queryset(self, request, queryset):
        # Spam stays out of the queue unless asked for.
        if self.value() == "open":
            return queryset.filter(status__in=OPEN_STATUSES)
        return queryset.filter(status=self.value()) if self.value() else queryset.queue()


class FollowUpFilter(admin.SimpleListFilter):
    title = "follow-up"
    parameter_name = "follow_up"

    def lookups(self, request, model_admin):
        return [("overdue", "Overdue"), ("today", "Due today")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        open_requests = queryset.filter(status__in=OPEN_STATUSES)
        if self.value() == "overdue":
            return open_requests.filter(follow_up_on__lt=today)
        if self.value() == "today":
            return open_requests.filter(follow_up_on=today)
        return queryset


class ContactNoteInline(IntakeOnly, admin.TabularInline):
    """Notes can be added, never edited or removed: they are the record of what was done."""

    model = ContactNote
    fields = ("text", "author", "created_at")
    readonly_fields = ("author", "created_at")
    extra = 1

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ContactRequest)
class ContactRequestAdmin(IntakeOnly, admin.ModelAdmin):
    # Only what a person on the intake desk scans for, two facts to a cell where they belong together,
    # so the list fits 1280 px beside the admin's navigation and the filters.
    list_display = ("request_display", "received", "person", "status_display", "follow_up")
    list_display_links = ("request_display",)
    list_filter = (StatusFilter, "is_urgent", "language", ("owner", admin.RelatedOnlyFieldListFilter), FollowUpFilter)
    search_fields = ("reference", "name", "email", "phone")
    list_per_page = 50
    view_on_site = False
    actions = ["assign_to_me", "export_csv"]
    inlines = [ContactNoteInline]
    readonly_fields = (
        *REQUEST_FIELDS,
        "consent",
        "spam_reason",
        "sent_fast",
        "first_contacted_at",
        "time_to_first_contact_display",
        "closed_at",
        "view_log",
    )
    fieldsets = (
        ("Request", {"fields": REQUEST_FIELDS}),
        ("Handling", {"fields": ("is_urgent", "status", "outcome", "owner", "follow_up_on")}),
        ("Timeline", {"fields": ("first_contacted_at", "time_to_first_contact_display", "closed_at")}),
        ("Record", {"fields": ("consent", "sent_fast", "spam_reason")}),
        ("Who has seen this request", {"fields": ("view_log",)}),
    )

    class Media:
        css = {"all": ["contact/admin.css"]}

    def get_queryset(self, request):
        open_and_urgent = Case(
            When(is_urgent=True, status__in=OPEN_STATUSES, then=Value(1)), default=Value(0), output_field=IntegerField()
        )
        queryset = ContactRequest.objects.select_related("owner").annotate(open_urgent=open_and_urgent)
        return queryset.order_by(*self.get_ordering(request))

    def get_ordering(self, request):
        return ["-open_urgent", "-created_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "owner":
            kwargs["queryset"] = group_members(INTAKE_STAFF).order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and request.method == "GET" and self.has_view_permission(request, obj):
            ContactView.objects.create(request=obj, user=request.user, action=ContactView.Action.VIEWED)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_formset(self, request, form, formset, change):
        for note in formset.save(commit=False):
            note.author = request.user
            note.created_at = timezone.now()
            note.save()

    def has_export_permission(self, request):
        return is_intake(request.user) and request.user.has_perm("contact.export_contactrequest")

    @admin.display(description="request", ordering="-open_urgent")
    def request_display(self, obj):
        flags = [format_html("<strong>{}</strong>", "Urgent")] if obj.is_urgent else []
        if obj.sent_fast:
            flags.append(format_html('<span title="{}">{}</span>', "Sent within seconds of opening the form", "Fast"))
        if obj.language != settings.LANGUAGE_CODE:
            # In the request's own cell, which the desk scans first: the list keeps its width at 1280 px.
            flags.append(format_html('<span class="language-flag">{}</span>', obj.get_language_display()))
        if not flags:
            return obj.reference
        return format_html("{}<br>{}", obj.reference, format_html_join(" ", "{}", ((flag,) for flag in flags)))

    @admin.display(description="language")
    def language_display(self, obj):
        if obj.language == settings.LANGUAGE_CODE:
            return obj.get_language_display()
        return f"{obj.get_language_display()}: sent from the {obj.get_language_display()} form, call back in it"

    @admin.display(description="received", ordering="created_at")
    def received(self, obj):
        return f"{timezone.localtime(obj.created_at):%b %-d, %H:%M}"

    @admin.display(description="follow-up", ordering="follow_up_on")
    def follow_up(self, obj):
        if obj.follow_up_on is None:
            return "-"
        same_year = obj.follow_up_on.year == timezone.localdate().year
        return f"{obj.follow_up_on:%b %-d}" if same_year else f"{obj.follow_up_on:%b %-d, %Y}"

    @admin.display(description="person", ordering="name")
    def person(self, obj):
        link = format_html('<a href="{}">{}</a>', obj.get_admin_url(), obj.name)
        if not obj.phone:
            return link
        return format_html("{}<br>{}", link, self.phone_link(obj))

    @admin.display(description="phone", ordering="phone")
    def phone_link(self, obj):
        if not obj.phone:
            return "-"
        return format_html('<a href="tel:{}" class="nowrap">{}</a>', obj.phone, phone_display(obj.phone))

    @admin.display(description="status, owner", ordering="status")
    def status_display(self, obj):
        status = obj.get_status_display()
        if obj.status == Status.CLOSED and obj.outcome:
            status = f"{status}: {obj.get_outcome_display().lower()}"
        owner = obj.owner.get_username() if obj.owner else "unassigned"
        return format_html('{}<br><span class="quiet">{}</span>', status, owner)

    @admin.display(description="time to first contact")
    def time_to_first_contact_display(self, obj):
        if obj.first_contacted_at is None:
            return "-"
        return timesince(obj.created_at, obj.first_contacted_at)

    @admin.display(description="consent given")
    def consent(self, obj):
        text = CONSENT_TEXTS.get(obj.consent_version, "(unknown version)")
        return format_html("Version {}: \u201c{}\u201d", obj.consent_version, text)

    @admin.display(description="viewed by")
    def view_log(self, obj):
        views = list(obj.views.select_related("user")[:VIEW_LOG_SHOWN])
        if not views:
            return "-"
        total = obj.views.count()
        rows = format_html_join(
            "",
            "<li>{} by {} on {}</li>",
            (
                (
                    view.get_action_display(),
                    view.user or "a deleted user",
                    f"{timezone.localtime(view.at):%Y-%m-%d %H:%M}",
                )
                for view in views
            ),
        )
        more = f"The latest {VIEW_LOG_SHOWN} of {total}." if total > VIEW_LOG_SHOWN else ""
        return format_html("<ul class='contact-view-log'>{}</ul>{}", rows, more)

    @admin.action(description="Assign the selected requests to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        updated = queryset.update(owner=request.user)
        self.message_user(request, f"{updated} request{'s' if updated != 1 else ''} assigned to you.")

    @admin.action(description="Export the selected requests as CSV", permissions=["export"])
    def export_csv(self, request, queryset):
        requests = list(queryset.select_related("owner"))
        ContactView.objects.bulk_create(
            ContactView(request=obj, user=request.user, action=ContactView.Action.EXPORTED) for obj in requests
        )
        return csv_response(requests)
