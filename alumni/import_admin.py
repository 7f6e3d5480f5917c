"""Admin upload of a faculty's alumni file: upload, see what would change (nothing saved yet), then confirm.

Between the preview and the confirmation the file waits in default storage under a random name that only a signed
token (tied to the editor) points to; no model holds it, and it is deleted once confirmed or cancelled.
"""

import datetime
import secrets
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.shortcuts import redirect
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from alumni.importing import ImportFileError, ImportResult, import_alumni
from home.models import Faculty
from home.permissions import faculties_for_user, faculty_ids_for_user

REQUIRED_PERMISSIONS = ("alumni.add_alumnus", "alumni.change_alumnus")
STORAGE_FOLDER = "alumni-imports"
TOKEN_SALT = "alumni.import"  # noqa: S105 - a signing namespace, not a secret
TOKEN_MAX_AGE = 6 * 60 * 60  # an upload not confirmed within six hours must be uploaded again
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
ALLOWED_SUFFIXES = (".csv", ".txt", ".xlsx")


def user_may_import(user) -> bool:
    return user.is_active and user.has_perms(REQUIRED_PERMISSIONS)


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


def delete_abandoned_uploads() -> None:
    """Files previewed but never confirmed or cancelled go once their token has expired."""
    try:
        names = default_storage.listdir(STORAGE_FOLDER)[1]
    except (FileNotFoundError, NotImplementedError):
        return
    cutoff = timezone.now() - datetime.timedelta(seconds=TOKEN_MAX_AGE)
    for name in names:
        stored_name = f"{STORAGE_FOLDER}/{name}"
        try:
            if default_storage.get_modified_time(stored_name) < cutoff:
                default_storage.delete(stored_name)
        except (FileNotFoundError, NotImplementedError):
            continue


class ImportPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not user_may_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _run(request, stored_name: str, original_name: str, faculty_id: int | None, *, commit: bool) -> ImportResult:
    faculty_ids = faculty_ids_for_user(request.user)
    with default_storage.open(stored_name, "rb") as stored:
        return import_alumni(
            stored,
            filename=original_name,
            commit=commit,
            default_faculty=faculty_id,
            allowed_faculty_ids=faculty_ids,
            user=request.user,
        )


class ImportView(ImportPermissionMixin, WagtailAdminTemplateMixin, FormView):
    """Step 1: the upload form. Step 2 (its POST): the preview, with the token the confirmation sends back."""

    template_name = "alumni/admin/import.html"
    form_class = UploadForm
    page_title = gettext_lazy("Import alumni")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailsnippets_alumni_alumnus:list"), "label": _("Alumni")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        faculty = form.cleaned_data["faculty"]
        suffix = Path(upload.name).suffix.lower()
        delete_abandoned_uploads()
        stored_name = default_storage.save(f"{STORAGE_FOLDER}/{secrets.token_urlsafe(24)}{suffix}", upload)
        faculty_id = faculty.pk if faculty else None
        try:
            result = _run(self.request, stored_name, upload.name, faculty_id, commit=False)
        except ImportFileError as error:
            default_storage.delete(stored_name)
            form.add_error("file", str(error))
            return self.form_invalid(form)
        token = None
        if result.has_errors:
            default_storage.delete(stored_name)  # nothing to confirm: the editor fixes the file and uploads again
        else:
            token = signing.dumps(
                {"name": stored_name, "filename": upload.name, "faculty": faculty_id, "user": self.request.user.pk},
                salt=TOKEN_SALT,
            )
        status = 400 if result.has_errors else 200
        return self.render_to_response(
            self.get_context_data(form=self.form_class(user=self.request.user), result=result, token=token),
            status=status,
        )


def _load_token(request) -> dict:
    try:
        data = signing.loads(request.POST.get("token", ""), salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return {}
    name = data.get("name", "")
    if data.get("user") != request.user.pk or not name.startswith(f"{STORAGE_FOLDER}/") or ".." in name:
        return {}
    return data


class ConfirmImportView(ImportPermissionMixin, WagtailAdminTemplateMixin, FormView):
    """Step 3: save the previewed file, or throw it away."""

    template_name = "alumni/admin/import.html"
    form_class = UploadForm
    page_title = gettext_lazy("Import alumni")
    header_icon = "upload"
    http_method_names = ["post"]

    def get_form_kwargs(self):
        return {"user": self.request.user}

    def post(self, request, *args, **kwargs):
        data = _load_token(request)
        if not data or not default_storage.exists(data["name"]):
            messages.error(request, _("This upload has expired or was already used; upload the file again."))
            return redirect("alumni_import")
        if "cancel" in request.POST:
            default_storage.delete(data["name"])
            messages.info(request, _("The import was cancelled; nothing was saved."))
            return redirect("alumni_import")
        try:
            result = _run(request, data["name"], data["filename"], data.get("faculty"), commit=True)
        finally:
            default_storage.delete(data["name"])
        if result.has_errors:
            # The data changed since the preview (someone else saved a person meanwhile); nothing was saved.
            context = self.get_context_data(form=self.get_form(), result=result, token=None)
            return self.render_to_response(context, status=400)
        messages.success(
            request,
            _("Imported %(file)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
            % {
                "file": data["filename"],
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
        return redirect(reverse("wagtailsnippets_alumni_alumnus:list") + "?source=import")


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return user_may_import(request.user)


def admin_urls():
    return [
        path("alumni-import/", ImportView.as_view(), name="alumni_import"),
        path("alumni-import/confirm/", ConfirmImportView.as_view(), name="alumni_import_confirm"),
    ]


def import_menu_item():
    return ImportMenuItem(
        _("Import"), reverse_lazy("alumni_import"), name="alumni-import", icon_name="upload", order=900
    )
