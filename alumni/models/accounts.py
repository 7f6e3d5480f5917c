"""An alumnus's sign-in to the public site: a password (or none, for sign-in links only), never an admin user."""

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, check_password, make_password
from django.db import models
from django.utils.translation import gettext_lazy as _

from .people import Alumnus


class AlumnusAccount(models.Model):
    """How an approved alumnus signs in to the public site. Never a Django or Wagtail admin user."""

    alumnus = models.OneToOneField(Alumnus, verbose_name=_("alumnus"), on_delete=models.CASCADE, related_name="account")
    password = models.CharField(_("password"), max_length=128, blank=True)
    last_login = models.DateTimeField(_("last sign-in"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("alumni account")
        verbose_name_plural = _("alumni accounts")

    def __str__(self) -> str:
        return str(self.alumnus)

    def set_password(self, raw_password: str | None) -> None:
        self.password = make_password(raw_password) if raw_password else ""

    def check_password(self, raw_password: str) -> bool:
        # Without a password (links only), Django still hashes once: no account answers faster than another.
        return check_password(raw_password, self.password or UNUSABLE_PASSWORD_PREFIX, setter=self._upgrade_password)

    def _upgrade_password(self, raw_password: str) -> None:
        self.set_password(raw_password)
        self.save(update_fields=["password"])
