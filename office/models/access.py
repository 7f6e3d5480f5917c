"""The office app keeps no records of its own yet; this model only carries the permission to read the platform's
report (a row of Django's permissions needs a content type)."""

from django.db import models


class OfficeAccess(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_platform_report", "Can read the platform's report")]

    def __str__(self) -> str:
        return "office access"
