"""The public alumni pages outside the page tree, mounted at "account/" by `alumni.urls`.

- `join`: the pages joining e-mails link to (confirming the address, an imported person's invitation);
- `sign_in`: signing in by password or e-mailed link, signing out;
- `profile`: the person's data, visibility choices, consents and password;
- `my_data`: the person's export of their data, and erasing it.

The join form itself is `JoinPage`, a page of the tree. Every view here sends `Cache-Control: private, no-store`.
"""

from .join import confirm, invitation
from .my_data import erase_account, erased, export_csv, export_json
from .profile import consents, password, profile, visibility
from .sign_in import account_home, sign_in_link, sign_in_view, sign_out_view, welcome_link

__all__ = [
    "account_home",
    "confirm",
    "consents",
    "erase_account",
    "erased",
    "export_csv",
    "export_json",
    "invitation",
    "password",
    "profile",
    "sign_in_link",
    "sign_in_view",
    "sign_out_view",
    "visibility",
    "welcome_link",
]
