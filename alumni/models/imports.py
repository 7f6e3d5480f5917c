"""An admin upload of an alumni file, checked or imported in the background: who started it, where it has got to,
and what it found (counts, and every error by row and column, with nothing committed).

How far a running job has got is not here: the import's single transaction would hide it (and on SQLite block the
write), so the task keeps it in a cache every process reads (`alumni.importing.jobs`). The row holds the state
before and after.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from home.permissions import faculty_ids_for_user

# Importing creates and changes people: both permissions, then only within the user's faculties.
IMPORT_PERMISSIONS = ("alumni.add_alumnus", "alumni.change_alumnus")


def user_may_import(user) -> bool:
    return user.is_active and user.has_perms(IMPORT_PERMISSIONS)


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ImportJobQuerySet":
        """Jobs the user started, and, for someone who may import, the jobs started within their faculties
        (a job started by someone who works with every faculty is seen by those who also do)."""
        if not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        own = Q(user=user)
        if not user_may_import(user):
            return self.filter(own)
        scope = faculty_ids_for_user(user)
        if scope is None:
            return self
        visible = [job.pk for job in self.exclude(own).filter(faculty_ids__isnull=False) if job.within(scope)]
        return self.filter(own | Q(pk__in=visible))


class ImportJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        REJECTED = "rejected", _("Errors found, nothing saved")
        FAILED = "failed", _("Stopped by an unexpected error, nothing saved")

    FINISHED_STATES = (State.DONE, State.REJECTED, State.FAILED)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(_("file"), max_length=255)
    # In default storage under a random name, deleted once the job no longer needs it.
    stored_name = models.CharField(max_length=255, blank=True, editable=False)
    commit = models.BooleanField(_("saves the file"), default=True, help_text=_("Off: check the file, save nothing."))
    default_faculty = models.ForeignKey(
        "home.Faculty",
        verbose_name=_("faculty for rows without one"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The faculties the user who started it worked with then (None: every faculty); the import keeps to them.
    faculty_ids = models.JSONField(null=True, blank=True, editable=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    total_rows = models.PositiveIntegerField(_("rows in the file (estimated)"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    error_rows = models.PositiveIntegerField(_("rows with errors"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)  # [{"row", "column", "reason"}], the first ones
    samples = models.JSONField(default=dict, blank=True)  # {"create": [...], "update": [...]}: the first rows of each
    index_failed = models.BooleanField(default=False)  # saved, but the search index could not be brought up to date
    language = models.CharField(max_length=10, blank=True)  # of the user who started it: the errors are in it
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("alumni import")
        verbose_name_plural = _("alumni imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_finished(self) -> bool:
        return self.state in self.FINISHED_STATES

    def within(self, faculty_ids) -> bool:
        """Whether everything this job could touch lies within these faculties (None: every faculty)."""
        if faculty_ids is None:
            return True
        return self.faculty_ids is not None and set(self.faculty_ids) <= set(faculty_ids)
