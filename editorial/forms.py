"""The form behind the workflow buttons on an admin change page."""

from django import forms
from django.utils import timezone

# Each button: its label, and what pressing it does, said plainly next to it.
BUTTONS = {
    "submit": (
        "Send for medical review",
        "The medical reviewers are emailed. With no pending changes, this asks for the page's periodic re-review.",
    ),
    "approve": (
        "Approve this version",
        "Approves exactly the draft shown on this page. Any later edit voids the approval.",
    ),
    "request_changes": ("Request changes", "Sends the draft back to the writer with your note, which is required."),
    "publish": ("Publish now", "Replaces what visitors see with this approved draft."),
    "schedule_publish": ("Schedule publication", "Publishes this approved draft at the date and time chosen."),
    "unpublish": ("Unpublish now", "Takes the page off the public site; going live again needs a new review."),
    "schedule_unpublish": ("Schedule unpublishing", "Takes the page off the public site at the date and time chosen."),
}
# The buttons each workflow action (as named by workflow.available_actions) brings.
BUTTONS_FOR_ACTION = {
    "submit": ("submit",),
    "approve": ("approve",),
    "request_changes": ("request_changes",),
    "publish": ("publish", "schedule_publish"),
    "unpublish": ("unpublish", "schedule_unpublish"),
}


class WorkflowActionForm(forms.Form):
    action = forms.ChoiceField(choices=[(name, label) for name, (label, _) in BUTTONS.items()])
    note = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when you request changes: say what the writer must fix.",
    )
    fingerprint = forms.CharField(required=False, widget=forms.HiddenInput)
    when = forms.DateTimeField(
        label="Date and time",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="For scheduling only, in the site's time zone.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action", "").startswith("schedule_"):
            when = cleaned.get("when")
            if when is None:
                self.add_error("when", "Choose the date and time for the schedule.")
            elif when <= timezone.now():
                self.add_error("when", "Choose a date and time in the future, or use the “now” button.")
        return cleaned

    def error_text(self) -> str:
        """Return every error as one sentence for the messages framework."""
        return " ".join(str(message) for errors in self.errors.values() for message in errors)


def buttons_for(actions: set[str], *, live: bool = True) -> list[tuple[str, str, str]]:
    """Return (name, label, consequence) for each button the given workflow actions allow, in a fixed order."""
    names = {button for action in actions for button in BUTTONS_FOR_ACTION.get(action, ())}
    buttons = dict(BUTTONS)
    if not live:
        # On a page that is only scheduled, "unpublish" cancels the schedule; say so.
        buttons["unpublish"] = ("Cancel scheduled publication", "The page stays off the site; the approval is kept.")
        names.discard("schedule_unpublish")
    return [(name, label, consequence) for name, (label, consequence) in buttons.items() if name in names]
