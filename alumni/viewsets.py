"""Admin viewsets for the alumni app: the people (scoped to the editor's faculties) and the communities."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, DateColumn, LocaleColumn, TitleColumn
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from alumni.consents import CONSENT_FIELDS
from alumni.models import PERSON_FIELDS, Alumnus, AlumnusAccount, Community, Consent, Sector, StudyCycle
from home.admin_tables import BooleanColumn
from home.models import Faculty
from home.permissions import (
    FacultyPermissionPolicy,
    FacultyScopedObjectMixin,
    faculties_for_user,
    faculty_scoped,
    scope_to_faculties,
)
from home.text import fold_diacritics


def faculty_filter_choices(request):
    """The listing's faculty filter offers the faculties the user works with."""
    return faculties_for_user(request.user) if request is not None else Faculty.objects.none()


class AlumnusFilterSet(WagtailFilterSet):
    faculty = django_filters.ModelChoiceFilter(
        label=_("Faculty"), queryset=faculty_filter_choices, field_name="faculty"
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Alumnus.Status.choices)
    study_cycle = django_filters.ChoiceFilter(label=_("Study cycle"), choices=StudyCycle.choices)
    sector = django_filters.ChoiceFilter(label=_("Sector"), choices=Sector.choices)
    graduation_year = django_filters.NumberFilter(label=_("Graduation year"))
    # A choice, not a BooleanFilter: the active filter's chip would read "True"/"False", in English.
    consent_directory = django_filters.ChoiceFilter(
        label=_("Listed in the directory"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        method="filter_consent_directory",
    )
    source = django_filters.ChoiceFilter(label=_("Source"), choices=Alumnus.Source.choices)

    class Meta:
        model = Alumnus
        fields = ["faculty", "status", "study_cycle", "sector", "graduation_year", "consent_directory", "source"]

    def filter_consent_directory(self, queryset, name, value):
        return queryset.filter(consent_directory=value == "yes")


class AlumnusPermissionPolicy(FacultyPermissionPolicy):
    """The model's permissions, cut along the user's faculties; and no deleting: a person is erased instead
    (alumni.erasure), which also clears what other tables hold of them and keeps the anonymous count."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)


class ConsentLoggingMixin:
    """A consent changed in the admin (on the person's written request) is logged like any other change."""

    def save_instance(self):
        before = {}
        if self.form.instance.pk:
            before = Alumnus.objects.filter(pk=self.form.instance.pk).values(*CONSENT_FIELDS.values()).first() or {}
        instance = super().save_instance()
        for purpose, field_name in CONSENT_FIELDS.items():
            given = getattr(instance, field_name)
            if before.get(field_name, False) != given:
                Consent.objects.create(alumnus=instance, purpose=purpose, given=given, source=Consent.Source.ADMIN)
        return instance


class AlumnusForm(WagtailAdminModelForm):
    """The office's form: "erased" is not a status one sets by hand, and an editor files people under their own
    faculties only."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if "status" in self.fields:
            self.fields["status"].choices = [
                choice for choice in self.fields["status"].choices if choice[0] != Alumnus.Status.ERASED
            ]
        if "faculty" in self.fields and for_user is not None:
            self.fields["faculty"].queryset = faculties_for_user(for_user)


class AlumnusIndexView(snippet_views.IndexView):
    @cached_property
    def columns(self):
        # No bulk-action checkboxes: the only snippet bulk action is delete, and people are erased instead.
        columns = [column for column in super().columns if not isinstance(column, BulkActionsCheckboxColumn)]
        for column in columns:
            if isinstance(column, TitleColumn):
                # full_name is a property: Wagtail would label it with its English name and could not sort on it.
                column.label = _("Full name")
                column.sort_key = "sort_key"
        return columns

    def search_queryset(self, queryset):
        # Diacritic-blind and case-blind on every database: the folded name, or the e-mail address.
        if not self.is_searching:
            return queryset
        from django.db.models import Q

        folded = fold_diacritics(self.search_query).strip()
        return queryset.filter(Q(folded_name__contains=folded) | Q(email__icontains=self.search_query.strip()))


class AlumnusCreateView(ConsentLoggingMixin, snippet_views.CreateView):
    pass


class AlumnusEditView(FacultyScopedObjectMixin, ConsentLoggingMixin, snippet_views.EditView):
    pass


class AlumnusInspectView(FacultyScopedObjectMixin, snippet_views.InspectView):
    pass


class AlumnusHistoryView(FacultyScopedObjectMixin, snippet_views.HistoryView):
    pass


class AlumnusUsageView(FacultyScopedObjectMixin, snippet_views.UsageView):
    pass


ALUMNUS_PERMISSION_POLICY = AlumnusPermissionPolicy(Alumnus)


class ScopedChooserMixin:
    """The snippet chooser lists, and returns, only the people of the user's faculties, to users who may see them."""

    def dispatch(self, request, *args, **kwargs):
        if not ALUMNUS_PERMISSION_POLICY.user_has_any_permission(request.user, ["view", "change"]):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object_list(self):
        return scope_to_faculties(Alumnus.objects.exclude(status=Alumnus.Status.ERASED), self.request.user)

    def get_object(self, pk):
        return self.get_object_list().get(pk=pk)


class AlumnusChooseView(ScopedChooserMixin, snippet_chooser.ChooseView):
    pass


class AlumnusChooseResultsView(ScopedChooserMixin, snippet_chooser.ChooseResultsView):
    pass


class AlumnusChosenView(ScopedChooserMixin, snippet_chooser.SnippetChosenView):
    pass


class AlumnusChosenMultipleView(ScopedChooserMixin, snippet_chooser.SnippetChosenMultipleView):
    pass


class AlumnusChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    faculty_scope = ALUMNUS_PERMISSION_POLICY  # cut by ScopedChooserMixin (home.route_scoping lets it list)
    choose_view_class = AlumnusChooseView
    choose_results_view_class = AlumnusChooseResultsView
    chosen_view_class = AlumnusChosenView
    chosen_multiple_view_class = AlumnusChosenMultipleView


@faculty_scoped(ALUMNUS_PERMISSION_POLICY)
class AlumnusViewSet(SnippetViewSet):
    model = Alumnus
    icon = "group"
    menu_label = _("Alumni")
    menu_order = 100
    list_display = [
        "full_name",
        "email",
        "faculty",
        "graduation_year",
        "status",
        BooleanColumn("consent_directory", label=_("Listed in the directory"), sort_key="consent_directory"),
        DateColumn("updated_at", label=capfirst(_("updated")), sort_key="updated_at"),
    ]
    list_per_page = 50
    list_export = [
        "faculty",
        *PERSON_FIELDS,
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
    chooser_viewset_class = AlumnusChooserViewSet
    index_view_class = AlumnusIndexView
    add_view_class = AlumnusCreateView
    edit_view_class = AlumnusEditView
    inspect_view_class = AlumnusInspectView
    history_view_class = AlumnusHistoryView
    usage_view_class = AlumnusUsageView

    def get_edit_handler(self):
        # The model's panels on the office's form: a viewset's base_form_class does not reach a panel-built form.
        return ObjectList(self.model.panels, base_form_class=AlumnusForm).bind_to_model(self.model)

    def get_queryset(self, request):
        queryset = (
            Alumnus.objects.exclude(status=Alumnus.Status.ERASED)
            .select_related("faculty")
            .annotate(has_account=Exists(AlumnusAccount.objects.filter(alumnus=OuterRef("pk"))))
        )
        return scope_to_faculties(queryset, request.user)


class CommunityViewSet(SnippetViewSet):
    model = Community
    icon = "site"
    menu_label = _("Professional communities")
    list_display = ["name", LocaleColumn(label=_("Language"))]
    search_fields = ["name"]
    search_backend_name = None  # the database's own search: communities are not in the search index (500 on SQLite)
    ordering = ["sort_key"]


class AlumniViewSetGroup(SnippetViewSetGroup):
    items = (AlumnusViewSet, CommunityViewSet)
    menu_icon = "group"
    menu_label = _("Alumni")
    menu_name = "alumni"
    menu_order = 150
