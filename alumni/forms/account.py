"""Forms of the account area: choosing a password, signing in (by link or password), erasing the account."""

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from alumni.accounts import authenticate
from home import honeypot


class PasswordForm(forms.Form):
    """Choose or change the account's password; the current one is asked for when there is one."""

    current_password = forms.CharField(
        label=_("Current password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password = forms.CharField(
        label=_("New password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    new_password_again = forms.CharField(
        label=_("New password, again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account
        if not account.password:
            del self.fields["current_password"]
        self.fields["new_password"].help_text = password_validation.password_validators_help_text_html()

    def clean_current_password(self):
        value = self.cleaned_data["current_password"]
        if not self.account.check_password(value):
            raise forms.ValidationError(_("This is not your current password."))
        return value

    def clean(self):
        cleaned = super().clean()
        new, again = cleaned.get("new_password"), cleaned.get("new_password_again")
        if new and again and new != again:
            self.add_error("new_password_again", _("The two passwords differ."))
        elif new:
            try:
                password_validation.validate_password(new, user=self.account.alumnus)
            except forms.ValidationError as error:
                self.add_error("new_password", error)
        return cleaned

    def save(self):
        self.account.set_password(self.cleaned_data["new_password"])
        self.account.save(update_fields=["password"])
        return self.account


class SignInLinkForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class PasswordSignInForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "username"}))
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    error_messages = {"invalid": _("The e-mail address or the password is not right.")}

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean(self):
        cleaned = super().clean()
        email, password = cleaned.get("email"), cleaned.get("password")
        if email and password:
            # A filled honeypot gets the answer of a wrong password, without trying it.
            self.account = None if honeypot.caught(self.request) else authenticate(self.request, email, password)
            if self.account is None:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return cleaned


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account and all my data will be erased and that this cannot be undone."),
        required=True,
    )
