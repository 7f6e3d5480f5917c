"""The directory's counts before any filter but the faculty: how many listed people each audience sees with each
value of a filterable field, per faculty row. `alumni.directory.counts` keeps them up to date."""

from django.db import models


class DirectoryCount(models.Model):
    """One counter: listed people of `faculty_id` whom `audience` sees with `value` in `field_name` (the stored
    column `Alumnus.<audience>_<field_name>`); `field_name` "" counts the listed people themselves."""

    audience = models.CharField(max_length=10)
    # The person's faculty row, not a foreign key: a counter never holds a faculty back from being deleted.
    faculty_id = models.BigIntegerField()
    field_name = models.CharField(max_length=20, blank=True)
    value = models.CharField(max_length=100, blank=True)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["audience", "faculty_id", "field_name", "value"], name="directory_count_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.audience} {self.faculty_id} {self.field_name}={self.value}: {self.count}"
