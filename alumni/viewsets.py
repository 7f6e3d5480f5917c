"""Admin viewsets for the alumni app: the people (scoped to the editor's faculties) and the communities."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from alumni.models import Alumnus, AlumnusAccount, Community, Sector, StudyCycle
from home.models import Faculty
from home.permissions import faculty_ids_for_user
from home.text import fold_diacritics


def scope_to_user_faculties(queryset, user):
    faculty_ids = faculty_ids_for_user(user)
    return queryset if faculty_ids is None else queryset.filter(faculty_id__in=faculty_ids)


class AlumnusFilterSet(WagtailFilterSet):
    faculty = django_filters.ModelChoiceFilter(
        label=_("Faculty"), queryset=Faculty.objects.filter(locale__language_code="ro"), field_name="faculty"
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Alumnus.Status.choices)
    study_cycle = django_filters.ChoiceFilter(label=_("Study cycle"), choices=StudyCycle.choices)
    sector = django_filters.ChoiceFilter(label=_("Sector"), choices=Sector.choices)
    graduation_year = django_filters.NumberFilter(label=_("Graduation year"))
    consent_directory = django_filters.BooleanFilter(label=_("Listed in the directory"))
    source = django_filters.ChoiceFilter(label=_("Source"), choices=Alumnus.Source.choices)

    class Meta:
        model = Alumnus
        fields = ["faculty", "status", "study_cycle", "sector", "graduation_year", "consent_directory", "source"]


class FacultyScopedObjectMixin:
    """An editor opens only the people of their own faculties, whatever id they type in the address."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        faculty_ids = faculty_ids_for_user(self.request.user)
        if faculty_ids is not None and obj.faculty_id not in faculty_ids:
            raise PermissionDenied
        return obj


class AlumnusIndexView(snippet_views.IndexView):
    def search_queryset(self, queryset):
        # Diacritic-blind and case-blind on every database: the folded name, or the e-mail address.
        if not self.is_searching:
            return queryset
        from django.db.models import Q

        folded = fold_diacritics(self.search_query).strip()
        return queryset.filter(Q(folded_name__contains=folded) | Q(email__icontains=self.search_query.strip()))


class AlumnusEditView(FacultyScopedObjectMixin, snippet_views.EditView):
    pass


class AlumnusDeleteView(FacultyScopedObjectMixin, snippet_views.DeleteView):
    pass


class AlumnusInspectView(FacultyScopedObjectMixin, snippet_views.InspectView):
    pass


class AlumnusHistoryView(FacultyScopedObjectMixin, snippet_views.HistoryView):
    pass


class AlumnusUsageView(FacultyScopedObjectMixin, snippet_views.UsageView):
    pass


class AlumnusViewSet(SnippetViewSet):
    model = Alumnus
    icon = "group"
    menu_label = _("Alumni")
    menu_order = 100
    list_display = ["full_name", "email", "faculty", "graduation_year", "status", "consent_directory", "updated_at"]
    list_per_page = 50
    list_export = [
        "first_name",
        "last_name",
        "email",
        "phone",
        "faculty",
        "study_cycle",
        "programme",
        "graduation_year",
        "employer",
        "job_title",
        "sector",
        "city",
        "country",
        "help_mentoring",
        "help_guest_lectures",
        "help_internships",
        "help_practice",
        "consent_directory",
        "consent_newsletter",
        "consent_surveys",
        "status",
        "source",
        "created_at",
        "updated_at",
    ]
    export_filename = "alumni"
    filterset_class = AlumnusFilterSet
    search_fields = ["folded_name", "email"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    ordering = ["sort_key", "pk"]
    index_view_class = AlumnusIndexView
    edit_view_class = AlumnusEditView
    delete_view_class = AlumnusDeleteView
    inspect_view_class = AlumnusInspectView
    history_view_class = AlumnusHistoryView
    usage_view_class = AlumnusUsageView

    def get_queryset(self, request):
        queryset = (
            Alumnus.objects.exclude(status=Alumnus.Status.ERASED)
            .select_related("faculty")
            .annotate(has_account=Exists(AlumnusAccount.objects.filter(alumnus=OuterRef("pk"))))
        )
        return scope_to_user_faculties(queryset, request.user)


class CommunityViewSet(SnippetViewSet):
    model = Community
    icon = "site"
    menu_label = _("Professional communities")
    list_display = ["name", "locale"]
    search_fields = ["name"]
    ordering = ["sort_key"]


class AlumniViewSetGroup(SnippetViewSetGroup):
    items = (AlumnusViewSet, CommunityViewSet)
    menu_icon = "group"
    menu_label = _("Alumni")
    menu_name = "alumni"
    menu_order = 150
