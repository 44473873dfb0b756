"""The form behind the workflow buttons on an admin change page."""

from collections.abc import Collection, Sequence
from typing import Any, cast

from django import forms
from django.utils import timezone

from editorial.models import NoteKind, ReviewEvent, Revision

Action = ReviewEvent.Action

# Each button: the event it records, the transition (as available_actions names it) that must be allowed,
# its label, and what pressing it does, said plainly next to it.
BUTTONS = {
    Action.SUBMIT: (
        "submit",
        "Send for medical review",
        "The medical reviewers are emailed. With no pending changes, this asks for the page's periodic re-review.",
    ),
    Action.APPROVE: (
        "approve",
        "Approve this version",
        "Approves exactly the draft shown on this page. Any later edit voids the approval.",
    ),
    Action.REQUEST_CHANGES: (
        "request_changes",
        "Request changes",
        "Sends the draft back to the writer with your note, which is required.",
    ),
    Action.PUBLISH: ("publish", "Publish now", "Replaces what visitors see with this approved draft."),
    Action.SCHEDULE: ("publish", "Schedule publication", "Publishes this approved draft at the date and time chosen."),
    Action.SCHEDULE_CANCELLED: (
        "cancel_schedule",
        "Cancel scheduled publication",
        "The draft is not published at the scheduled time; the approval is kept.",
    ),
    Action.UNPUBLISH: (
        "unpublish",
        "Unpublish now",
        "Takes the page off the public site; going live again needs a new review.",
    ),
    Action.SCHEDULE_UNPUBLISH: (
        "unpublish",
        "Schedule unpublishing",
        "Takes the page off the public site at the date and time chosen.",
    ),
}
SCHEDULING = (Action.SCHEDULE, Action.SCHEDULE_UNPUBLISH)
# Confirmed on a page of its own (it takes the page off the site at once), so never a button of the change form.
CONFIRMED_ELSEWHERE = (Action.UNPUBLISH,)
# The prefix of the button form's fields when they belong to the admin change form (no clash with model fields).
CHANGE_FORM_PREFIX = "review"


class WorkflowActionForm(forms.Form):
    action = forms.ChoiceField(choices=[(name, label) for name, (_, label, _) in BUTTONS.items()])
    note = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    fingerprint = forms.CharField(required=False, widget=forms.HiddenInput)
    comments = forms.TypedMultipleChoiceField(
        label="Open comments to send back",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="When you request changes, the comments you tick are listed in your note.",
    )
    when = forms.DateTimeField(
        label="Date and time",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="For scheduling only, in the site's time zone.",
    )

    public_note = forms.CharField(
        label="Note for readers",
        required=False,
        max_length=Revision._meta.get_field("public_note").max_length,
        help_text='Optional, with "Publish now": shown on the page with today\'s date, e.g. '
        '"Corrected the LDN starting dose". Corrections also appear in the site\'s corrections log.',
    )
    note_kind = forms.ChoiceField(
        label="Kind of note",
        required=False,
        choices=[("", "No note for readers"), *NoteKind.choices],
    )

    def __init__(
        self,
        *args: Any,
        actions: Collection[str] = frozenset(),
        comment_choices: Sequence[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["comments"]).choices = list(comment_choices)
        # Help that concerns the person reading it: reviewers are told what a note is for when sending back.
        if "request_changes" in actions:
            self.fields["note"].help_text = "Required when you request changes: say what the writer must fix."
        else:
            self.fields["note"].help_text = "Optional: kept in the review history with what you do."

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("action") in SCHEDULING:
            when = cleaned.get("when")
            if when is None:
                self.add_error("when", "Choose the date and time for the schedule.")
            elif when <= timezone.now():
                self.add_error("when", "Choose a date and time in the future, or use the “now” button.")
        if cleaned.get("public_note", "").strip() and not cleaned.get("note_kind"):
            self.add_error("note_kind", "Say whether the note for readers is a correction or an update.")
        elif cleaned.get("note_kind") and not cleaned.get("public_note", "").strip():
            self.add_error("public_note", "Write the note readers will see, or choose “No note for readers”.")
        return cleaned

    def error_text(self) -> str:
        """Return every error as one sentence for the messages framework."""
        return " ".join(str(message) for errors in self.errors.values() for message in errors)


# The submit button of content an editor approves (editorial.workflow.check_approver): no medical review.
EDITOR_REVIEW_SUBMIT = ("Send for review", "The editors are emailed; another editor approves it.")


def buttons_for(actions: set[str], *, live: bool, medical: bool = True) -> list[tuple[str, str, str]]:
    """Return (name, label, consequence) for each button the allowed transitions bring, in a fixed order."""
    shown = [
        (name, *(EDITOR_REVIEW_SUBMIT if name == Action.SUBMIT and not medical else (label, consequence)))
        for name, (transition, label, consequence) in BUTTONS.items()
        if transition in actions
    ]
    # A page that is only scheduled to go live can be given an end time, but cannot come off the site now.
    return [button for button in shown if live or button[0] != Action.UNPUBLISH]
