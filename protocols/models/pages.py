"""The public list of active protocols (`ProtocolIndexPage`), under the home page (every faculty) or a faculty
page (that faculty only)."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from home.models import BasePage, FacultyPage


class ProtocolIndexPage(BasePage):
    """Active, approved protocols with their public fields: title, faculty, the partner's public name, the agreed
    dates, the target students and the activities (linked to their event pages). Filters: faculty, activity kind."""

    page_cache_shows = ("protocols.Protocol", "events.EventPage")

    parent_page_types = ["home.HomePage", "home.FacultyPage"]
    subpage_types: list[str] = []
    template = "protocols/protocol_index_page.html"

    class Meta:
        verbose_name = _("protocols page")

    def section_faculty_key(self):
        """The faculty this page lists (its translation key) under a faculty section; None under the home page."""
        parent_path = self.path[: -self.steplen]
        return FacultyPage.objects.filter(path=parent_path).values_list("faculty__translation_key", flat=True).first()

    def get_context(self, request, *args, **kwargs):
        from alumni.privacy import viewer_for
        from protocols.filters import PublicProtocolFilterSet
        from protocols.listing import public_protocols

        context = super().get_context(request, *args, **kwargs)
        faculty_key = self.section_faculty_key()
        filterset = PublicProtocolFilterSet(
            request.GET or None, locale=self.locale, with_faculty=faculty_key is None, request=request
        )
        context["filterset"] = filterset
        context["filters_valid"] = filterset.is_valid() if filterset.is_bound else True
        if context["filters_valid"]:
            data = filterset.form.cleaned_data if filterset.is_bound else {}
            context["protocols"] = public_protocols(
                viewer_for(request),
                self.locale,
                faculty_key=faculty_key or data.get("faculty") or None,
                kind=data.get("kind") or None,
                request=request,
            )
        else:
            context["protocols"] = []
        return context

    def serve(self, request, *args, **kwargs):
        """Invalid filters re-render the form with their errors and answer 400."""
        context = self.get_context(request, *args, **kwargs)
        status = 200 if context["filters_valid"] else 400
        return TemplateResponse(request, self.get_template(request, *args, **kwargs), context, status=status)
