from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=16,
        strip=True,
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}),
    )

    def clean_code(self):
        return self.cleaned_data["code"].replace(" ", "").lower()


class EnrolForm(forms.Form):
    code = forms.CharField(
        label="Code from the app",
        max_length=6,
        min_length=6,
        help_text="Enter the 6-digit code your authenticator app shows for Recovery Site.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}),
    )
