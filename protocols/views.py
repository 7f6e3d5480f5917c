"""The admin's protocol views outside Wagtail's generic ones: a lifecycle step (POST from the protocol's edit page)
and the download of the signed protocol, both for users who work with the protocol's faculty."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from home.permissions import user_has_faculty
from protocols.forms import MoveForm
from protocols.lifecycle import StepDetails, may_move, move
from protocols.models import Protocol

EDIT_URL = "wagtailsnippets_protocols_protocol:edit"


@require_POST
def move_protocol(request, pk: int):
    protocol = get_object_or_404(Protocol, pk=pk)
    if not may_move(request.user, protocol):
        raise PermissionDenied
    form = MoveForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(EDIT_URL, pk)
    data = form.cleaned_data
    details = StepDetails(
        signed_on=data.get("signed_on"),
        registration_number=data.get("registration_number") or "",
        registration_date=data.get("registration_date"),
        signed_file=data.get("signed_file"),
        note=data.get("note") or "",
    )
    try:
        move(protocol, data["stage"], request.user, details)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(EDIT_URL, pk)
    messages.success(
        request, _("%(title)s: %(stage)s.") % {"title": protocol.title, "stage": Protocol.Stage(data["stage"]).label}
    )
    return redirect(EDIT_URL, pk)


def signed_file(request, pk: int):
    """The signed protocol, as an attachment that no cache keeps, for those who may view the protocol's faculty."""
    protocol = get_object_or_404(Protocol, pk=pk)
    if not request.user.has_perm("protocols.view_protocol") or not user_has_faculty(
        request.user, protocol.faculty_id, central=True
    ):
        # A plain 403 (not the admin's redirect home): links to files are followed outside the admin's pages too.
        return HttpResponseForbidden()
    if not protocol.signed_file:
        raise Http404
    try:
        handle = protocol.signed_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    filename = protocol.signed_file.name.rsplit("/", 1)[-1]
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
