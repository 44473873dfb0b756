"""The comment forms: a new comment on a part of the draft, and a reply to a thread."""

from typing import Any, cast

from django import forms

from comments.models import WHOLE_PAGE


class CommentForm(forms.Form):
    target = forms.ChoiceField(label="About", required=False)
    text = forms.CharField(
        label="Comment",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Say what should change and why; 4,000 characters at most.",
    )

    def __init__(self, *args: Any, targets: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["target"]).choices = targets
        self.fields["target"].initial = WHOLE_PAGE

    def error_text(self) -> str:
        return " ".join(str(message) for errors in self.errors.values() for message in errors)


class ReplyForm(forms.Form):
    text = forms.CharField(label="Reply", max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
