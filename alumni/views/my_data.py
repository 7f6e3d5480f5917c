"""The person's GDPR self-service: downloading everything the site holds about them, and erasing it."""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from alumni import data_export
from alumni.accounts import sign_out
from alumni.erasure import erase
from alumni.forms import EraseForm

from .base import account_page, render, signed_in_required


def _download(content: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@signed_in_required
def export_json(request, account):
    return _download(data_export.as_json(account.alumnus), "application/json", "my-alumni-data.json")


@signed_in_required
def export_csv(request, account):
    return _download(data_export.as_csv(account.alumnus), "text/csv", "my-alumni-data.csv")


@signed_in_required
@require_http_methods(["GET", "POST"])
def erase_account(request, account):
    form = EraseForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            erase(account.alumnus)
            sign_out(request)
            return redirect("alumni_account:erased")
        return render(request, "erase.html", {"form": form, "account": account}, status=400)
    return render(request, "erase.html", {"form": form, "account": account})


@account_page
def erased(request):
    return render(request, "erased.html")
