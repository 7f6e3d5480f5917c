"""Admin upload of a faculty's alumni file, run in the background: upload, then the job's page with its progress and,
once done, its result (what was created and updated, or every error by row and column, with nothing saved).

An upload is checked only (nothing saved; the job's page then offers to import the same file) or imported at once.
Either way the request only stores the file and queues the job (`alumni.importing.jobs`), so a file of any size
works from the browser. A job is seen by the user who started it, a superuser, and whoever may import within all of
the faculties it was started for.
"""

from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from alumni.importing import jobs
from alumni.models import IMPORT_PERMISSIONS, ImportJob, user_may_import
from home.models import Faculty
from home.permissions import faculties_for_user

REQUIRED_PERMISSIONS = IMPORT_PERMISSIONS
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
ALLOWED_SUFFIXES = (".csv", ".txt", ".xlsx")
RECENT_JOBS = 20
REFRESH_SECONDS = 2  # the job's page reloads itself this often while the job waits or runs
ERRORS_SHOWN = 500


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "CSV (comma or semicolon, UTF-8 or the Windows-1250 Excel saves) or an Excel workbook (.xlsx). The first "
            "row holds the column names, in Romanian or English: first name, last name, e-mail, faculty, study "
            "cycle, programme, graduation year, employer, role, sector, city, country, phone, and the consents."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    faculty = forms.ModelChoiceField(
        label=gettext_lazy("Faculty for rows without one"),
        queryset=Faculty.objects.none(),
        required=False,
        help_text=gettext_lazy("Needed when the file has no faculty column."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["faculty"].queryset = faculties_for_user(user)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB; import it with manage.py import_alumni."))
        return upload


class ImportPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not user_may_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ImportBreadcrumbsMixin:
    page_title = gettext_lazy("Import alumni")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailsnippets_alumni_alumnus:list"), "label": _("Alumni")},
            {"url": reverse("alumni_import"), "label": _("Import alumni")},
        ]


class ImportView(ImportPermissionMixin, ImportBreadcrumbsMixin, WagtailAdminTemplateMixin, FormView):
    """The upload form, and the user's recent imports. Its POST stores the file, queues the job and goes to it."""

    template_name = "alumni/admin/import.html"
    form_class = UploadForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        recent = ImportJob.objects.visible_to(self.request.user).select_related("user")[:RECENT_JOBS]
        return super().get_context_data(recent_jobs=recent, **kwargs)

    def form_valid(self, form):
        job = jobs.start_job(
            user=self.request.user,
            upload=form.cleaned_data["file"],
            default_faculty=form.cleaned_data["faculty"],
            commit=self.request.POST.get("action") != "check",
        )
        return redirect("alumni_import_job", job_id=job.pk)


def visible_job(request, job_id: int) -> ImportJob:
    """The job, if this user may see it; otherwise a 404, which does not tell whether the job exists."""
    job = ImportJob.objects.visible_to(request.user).select_related("user", "default_faculty").filter(pk=job_id).first()
    if job is None:
        raise Http404
    return job


class ImportJobView(ImportBreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView):
    """A job's page: its progress while it waits or runs (reloading itself, no JavaScript needed), then its result."""

    template_name = "alumni/admin/import_job.html"

    def get_page_title(self):
        return _("Import of %(file)s") % {"file": self.job.filename}

    def get(self, request, *args, job_id: int, **kwargs):
        self.job = visible_job(request, job_id)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        job = self.job
        return super().get_context_data(
            job=job,
            progress=jobs.read_progress(job),
            refresh_seconds=None if job.is_finished else REFRESH_SECONDS,
            errors=job.errors[:ERRORS_SHOWN],
            more_errors=job.error_count - min(len(job.errors), ERRORS_SHOWN),
            created_sample=job.samples.get("create", []),
            updated_sample=job.samples.get("update", []),
            may_import=(
                not job.commit
                and job.state == ImportJob.State.DONE
                and bool(job.stored_name)
                and user_may_import(self.request.user)
            ),
            **kwargs,
        )


class ImportCheckedView(ImportPermissionMixin, View):
    """After a check without errors: import the same file (a new job), or throw it away."""

    http_method_names = ["post"]

    def post(self, request, *args, job_id: int, **kwargs):
        job = visible_job(request, job_id)
        if "discard" in request.POST:
            jobs.discard(job)
            messages.info(request, _("The file was deleted; nothing was saved."))
            return redirect("alumni_import")
        follow_up = jobs.import_checked(job, request.user)
        if follow_up is None:
            messages.error(request, _("This file was already imported or has expired; upload it again."))
            return redirect("alumni_import")
        return redirect("alumni_import_job", job_id=follow_up.pk)


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return user_may_import(request.user)


def admin_urls():
    return [
        path("alumni-import/", ImportView.as_view(), name="alumni_import"),
        path("alumni-import/<int:job_id>/", ImportJobView.as_view(), name="alumni_import_job"),
        path("alumni-import/<int:job_id>/import/", ImportCheckedView.as_view(), name="alumni_import_checked"),
    ]


def import_menu_item():
    return ImportMenuItem(
        _("Import"), reverse_lazy("alumni_import"), name="alumni-import", icon_name="upload", order=900
    )
