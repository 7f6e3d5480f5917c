"""Admin for joining: the approval queue of each faculty, and invitations for people a faculty imported.

An editor sees and decides only the people of their own faculties; anyone else's id answers 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from alumni import registration
from alumni.erasure import erase
from alumni.models import Alumnus, Community
from home.permissions import scope_to_faculties

PERMISSION = "alumni.change_alumnus"


def _check_permission(user) -> None:
    if not user.has_perm(PERMISSION):
        raise PermissionDenied


def pending_for(user):
    """The people awaiting approval from this editor, oldest confirmation first, with what the queue shows."""
    queryset = (
        Alumnus.objects.filter(status=Alumnus.Status.PENDING)
        .select_related("faculty")
        .prefetch_related(Prefetch("communities", queryset=Community.objects.order_by("sort_key")))
        .order_by("email_confirmed_at", "pk")
    )
    return scope_to_faculties(queryset, user)


def queue(request):
    _check_permission(request.user)
    return TemplateResponse(
        request,
        "alumni/admin/approval_queue.html",
        {"pending": pending_for(request.user), "page_title": _("Approval queue")},
    )


@require_POST
def decide(request, alumnus_id: int, decision: str):
    _check_permission(request.user)
    alumnus = get_object_or_404(pending_for(request.user), pk=alumnus_id)
    if decision == "approve":
        registration.approve(alumnus, request.user)
        messages.success(request, _("%(name)s is approved and has been told by e-mail.") % {"name": alumnus})
    elif decision == "reject":
        registration.reject(alumnus, request.user, request.POST.get("reason", "")[:2000])
        messages.success(request, _("%(name)s is rejected and has been told by e-mail.") % {"name": alumnus})
    else:
        raise Http404
    return redirect("alumni_approval:queue")


@require_http_methods(["GET", "POST"])
def invite_view(request, alumnus_id: int):
    _check_permission(request.user)
    people = scope_to_faculties(Alumnus.objects.select_related("faculty"), request.user)
    alumnus = get_object_or_404(people, pk=alumnus_id)
    if not registration.can_invite(alumnus):
        raise Http404
    if request.method == "POST":
        registration.invite(alumnus)
        messages.success(request, _("An invitation has been sent to %(email)s.") % {"email": alumnus.email})
        return redirect(reverse("wagtailsnippets_alumni_alumnus:list"))
    return TemplateResponse(
        request,
        "alumni/admin/invite_confirm.html",
        {"alumnus": alumnus, "page_title": _("Invite to the alumni community")},
    )


@require_http_methods(["GET", "POST"])
def erase_view(request, alumnus_id: int):
    """The office erases a person (on their request by letter, say): the same erasure as the person's own."""
    _check_permission(request.user)
    queryset = scope_to_faculties(Alumnus.objects.exclude(status=Alumnus.Status.ERASED), request.user)
    alumnus = get_object_or_404(queryset, pk=alumnus_id)
    if request.method == "POST":
        erase(alumnus, requested_by_person=False)
        messages.success(request, _("The person has been erased."))
        return redirect(reverse("wagtailsnippets_alumni_alumnus:list"))
    return TemplateResponse(
        request, "alumni/admin/erase_confirm.html", {"alumnus": alumnus, "page_title": _("Erase a person")}
    )


def get_urls():
    return [
        path("alumni-approval/erase/<int:alumnus_id>/", erase_view, name="erase"),
        path("alumni-approval/", queue, name="queue"),
        path("alumni-approval/<int:alumnus_id>/<str:decision>/", decide, name="decide"),
        path("alumni-approval/invite/<int:alumnus_id>/", invite_view, name="invite"),
    ]


class ApprovalQueueMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


def approval_menu_item():
    return ApprovalQueueMenuItem(
        gettext_lazy("Approval queue"), reverse("alumni_approval:queue"), icon_name="tasks", order=50
    )


def invite_listing_buttons(snippet, user, next_url=None):
    """Items of the row's "more" menu, beside Wagtail's own: a label as long as "Invită la confirmare" does not fit
    under a name in the title column."""
    if not isinstance(snippet, Alumnus) or not user.has_perm(PERMISSION):
        return
    if registration.can_invite(snippet):
        yield Button(
            gettext_lazy("Invite to confirm"),
            reverse("alumni_approval:invite", args=[snippet.pk]),
            icon_name="mail",
            priority=60,
        )
    yield Button(
        gettext_lazy("Erase this person"),
        reverse("alumni_approval:erase", args=[snippet.pk]),
        icon_name="bin",
        priority=90,
    )


def bulk_action_refused(request, action: str):
    """Bulk actions on people are switched off; see config/urls.py."""
    raise PermissionDenied
