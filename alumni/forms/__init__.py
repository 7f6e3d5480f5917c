"""Forms of the public alumni pages: a person's own data (`person`) and the account area (`account`)."""

from .account import EraseForm, PasswordForm, PasswordSignInForm, SignInLinkForm
from .person import (
    FALLBACK_CONSENT_TEXTS,
    PHOTO_MAX_BYTES,
    AlumnusRegistrationForm,
    InvitationForm,
    ProfileForm,
    VisibilityForm,
)

__all__ = [
    "FALLBACK_CONSENT_TEXTS",
    "PHOTO_MAX_BYTES",
    "AlumnusRegistrationForm",
    "EraseForm",
    "InvitationForm",
    "PasswordForm",
    "PasswordSignInForm",
    "ProfileForm",
    "SignInLinkForm",
    "VisibilityForm",
]
