"""The forms of share links: making one (staff), and an outside reviewer's comment."""

from typing import Any, cast

from django import forms

from sharing.models import DEFAULT_DAYS, MAX_DAYS


class ShareLinkForm(forms.Form):
    days = forms.IntegerField(
        label="Works for (days)",
        min_value=1,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
        help_text=f"{DEFAULT_DAYS} days unless you choose otherwise; {MAX_DAYS} at most.",
    )
    label = forms.CharField(
        label="Shared with",
        max_length=100,
        required=False,
        help_text="Optional, for staff: who the link is for, e.g. “outside hepatologist”.",
    )

    def error_text(self) -> str:
        return " ".join(str(message) for errors in self.errors.values() for message in errors)


class GuestCommentForm(forms.Form):
    name = forms.CharField(
        label="Your name", max_length=100, help_text="Shown to the editorial team with your comment."
    )
    target = forms.ChoiceField(label="About", required=False)
    text = forms.CharField(label="Your comment", max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, targets: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["target"]).choices = targets
