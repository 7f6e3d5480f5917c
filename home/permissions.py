"""Which faculties an admin user works for: the unit every admin listing, export and queue is cut along.

A faculty editor's groups hold page permissions on their faculty's section; that is the one place the link
is recorded, so the alumni, registrations and reports scope by it too. Apps scope through the helpers below:

- `scope_to_faculties(queryset, user, field="faculty")`: the rows of the user's faculties (listings, exports,
  queues, choosers, and objects opened by id);
- `faculties_for_user(user)`: the faculties the user may file a record under (form choices, filters);
- `user_has_faculty(user, faculty_id)`: one record's check (object permissions);
- `faculty_ids_for_user(user)`: the ids themselves (None for all), for checking many records with one query
  (an import, row by row);
- `FacultyPermissionPolicy(model, faculty_field)`: a model's permissions cut along its faculty, for a viewset's
  `permission_policy` (Wagtail's views, choosers and bulk actions ask it), with `FacultyScopedObjectMixin` on the
  views that open one record by id, or `@faculty_scoped(policy)` on the viewset for all of them. Every model given
  such a policy is also cut out of the admin's site history (and its export) and workflow reports for those who do
  not work with the record's faculty;
- `OfficePermissionPolicy(model)`: the central office's records, refused to anyone without a permission on them.

Registered with Wagtail (`register_permission_policy`), these policies also guard every admin route that names the
model or one of its records, the apps' and the libraries' alike (home.route_scoping).

Faculty groups: a new faculty section (a `FacultyPage`, in any language) gets its faculty's two groups, editors
("Editori FMI") and alumni coordinators ("Coordonatori alumni FMI"), with permissions on the section's pages and
the record permissions the apps list through `FACULTY_ROLE_PERMISSIONS_HOOK` (home.extensions).
"""

import operator
from functools import wraps

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.db.models.signals import post_save
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page
from wagtail.permission_policies import ModelPermissionPolicy

from home.extensions import FACULTY_ROLE_PERMISSIONS_HOOK
from home.models import Faculty, FacultyPage


def is_central(user) -> bool:
    """Whether the user belongs to one of the central office's approval groups (cached on the user object)."""
    cached = getattr(user, "_home_is_central", None)
    if cached is None:
        from home.approvals import CENTRAL_GROUPS

        cached = user.groups.filter(name__in=CENTRAL_GROUPS).exists()
        user._home_is_central = cached
    return cached


def faculty_ids_for_user(user, *, central: bool = False) -> frozenset[int] | None:
    """The ids of the faculties (in every language) the user may work with, or None for all of them.

    Superusers, and groups with page permissions on the home page or the root, see every faculty. With
    `central=True` (the office's programmes: protocols, syntheses, nominations, plans), so do the central office's
    approval groups (home.approvals), who check and approve every faculty's records; their place in a faculty's
    groups (a dean on the directorate) never widens what they see of people and registrations.
    """
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser or (central and is_central(user)):
        return None
    paths = list(
        Page.objects.filter(pk__in=GroupPagePermission.objects.filter(group__user=user).values("page_id")).values_list(
            "path", flat=True
        )
    )
    if any(len(path) <= 2 * Page.steplen for path in paths):
        return None
    if not paths:
        return frozenset()
    # Faculty sections at or below a permitted page, and the section a permitted page sits in.
    related = Q()
    for path in paths:
        related |= Q(path__startswith=path)
        related |= Q(path__in=[path[:end] for end in range(Page.steplen, len(path), Page.steplen)])
    translation_keys = FacultyPage.objects.filter(related).values("faculty__translation_key")
    return frozenset(Faculty.objects.filter(translation_key__in=translation_keys).values_list("pk", flat=True))


def scope_to_faculties(queryset: QuerySet, user, field: str = "faculty", *, central: bool = False) -> QuerySet:
    """`queryset` cut to the rows whose `field` (a foreign key to Faculty, or "pk" on faculties) is one of the
    user's faculties; unchanged for those who work with every faculty."""
    faculty_ids = faculty_ids_for_user(user, central=central)
    if faculty_ids is None:
        return queryset
    return queryset.filter(**{f"{field}__in": faculty_ids}) if faculty_ids else queryset.none()


def faculties_for_user(user, *, central: bool = False) -> QuerySet:
    """The faculties the user may choose for a record, as the default-language rows records point at, in order."""
    faculties = Faculty.objects.filter(locale__language_code=settings.LANGUAGE_CODE).order_by("sort_key")
    return scope_to_faculties(faculties, user, field="pk", central=central)


def user_has_faculty(user, faculty_id: int | None, *, central: bool = False) -> bool:
    """Whether the user works with this faculty (any language's row of it)."""
    faculty_ids = faculty_ids_for_user(user, central=central)
    return faculty_ids is None or faculty_id in faculty_ids


# Records cut along a faculty ---------------------------------------------------------------------------------

# Every model with a FacultyPermissionPolicy: the path from it to its faculty ("faculty", "event__faculty"), and
# whether the central office's approval groups see every faculty's.
_SCOPED_MODELS: dict[type, tuple[str, bool]] = {}


class FacultyPermissionPolicy(ModelPermissionPolicy):
    """The model's permissions, and then only on the records of the user's faculties (`faculty_field` is the path
    to the record's faculty). Records without a faculty (a central event's registrations) belong to the office.
    `central=True` opens every faculty's records to the central office's approval groups (the programmes' records
    they check and approve); people and registrations keep it False."""

    def __init__(self, model, faculty_field: str = "faculty", *, central: bool = False, **kwargs):
        super().__init__(model, **kwargs)
        self.faculty_field = faculty_field
        self.central = central
        self._faculty_id = operator.attrgetter(f"{faculty_field.replace('__', '.')}_id")
        _SCOPED_MODELS[model] = (faculty_field, central)

    def faculty_id_of(self, instance) -> int | None:
        try:
            return self._faculty_id(instance)
        except AttributeError:  # a missing link on the way (no event): nobody's faculty
            return None

    def user_works_with(self, user, instance) -> bool:
        return user_has_faculty(user, self.faculty_id_of(instance), central=self.central)

    def scope(self, queryset: QuerySet, user) -> QuerySet:
        return scope_to_faculties(queryset, user, self.faculty_field, central=self.central)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self.user_works_with(user, instance)

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return self.model._default_manager.none()
        return self.scope(self.model._default_manager.all(), user)


class OfficePermissionPolicy(ModelPermissionPolicy):
    """The model's permissions, for records of the central office (gala reports, meetings, measures, costs): every
    admin route that lists, names or opens one of its records, Wagtail's and wagtail-localize's included, refuses
    anyone without a permission on the model (home.route_scoping), as the model's own views do."""


class FacultyScopedObjectMixin:
    """For a viewset's views that open one record by id (edit, delete, inspect, history, usage): a record of
    another faculty answers 403, whatever id is typed in the address."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        policy = self.permission_policy
        if isinstance(policy, FacultyPermissionPolicy):
            allowed = policy.user_works_with(self.request.user, obj)
        else:
            allowed = user_has_faculty(self.request.user, policy.faculty_id_of(obj))
        if not allowed:
            raise PermissionDenied
        return obj


# Wagtail's views that open one record by id, each answering 403 for another faculty's record.
ONE_RECORD_VIEWS = [
    "edit_view_class",
    "delete_view_class",
    "inspect_view_class",
    "history_view_class",
    "usage_view_class",
    "revisions_view_class",
    "revisions_compare_view_class",
    "revisions_unschedule_view_class",
    "unpublish_view_class",
    "preview_on_edit_view_class",
    "lock_view_class",
    "unlock_view_class",
    "workflow_action_view_class",
    "collect_workflow_action_data_view_class",
    "confirm_workflow_cancellation_view_class",
    "workflow_preview_view_class",
    "workflow_history_view_class",
    "workflow_history_detail_view_class",
]


def faculty_scoped(policy: FacultyPermissionPolicy):
    """A viewset class decorator: its listing and every one-record view cut along the record's faculty by
    `policy` (edit, history, revisions and their comparison, workflow views, usage...), and its snippet chooser
    listing and returning only the records the user may see."""

    def decorate(viewset_class):
        viewset_class.permission_policy = policy
        viewset_class.faculty_scope = policy  # its listings are cut: home.route_scoping lets them through
        for name in ONE_RECORD_VIEWS:
            view_class = getattr(viewset_class, name, None)
            if view_class is None or issubclass(view_class, FacultyScopedObjectMixin):
                continue
            # The workflow views carry no permission policy of their own: give them the model's.
            attributes = {} if hasattr(view_class, "permission_policy") else {"permission_policy": policy}
            setattr(
                viewset_class,
                name,
                type(f"Scoped{view_class.__name__}", (FacultyScopedObjectMixin, view_class), attributes),
            )
        # A snippet viewset's listings ask its get_queryset(request); a ModelViewSet's index view cuts its own.
        original_get_queryset = getattr(viewset_class, "get_queryset", None)
        if original_get_queryset is not None:

            def get_queryset(self, request):
                queryset = original_get_queryset(self, request)
                if queryset is None:
                    queryset = policy.model._default_manager.all()
                return policy.scope(queryset, request.user)

            viewset_class.get_queryset = get_queryset
        chooser = getattr(viewset_class, "chooser_viewset_class", None)
        if chooser is not None and getattr(chooser, "faculty_scope", None) is None:
            viewset_class.chooser_viewset_class = permission_chooser(viewset_class.chooser_viewset_class, policy)
        return viewset_class

    return decorate


def permission_chooser(chooser_viewset_class, policy):
    """A snippet chooser viewset that answers only users with a permission on the model, and lists and returns
    only the records `policy` lets them see (Wagtail's own chooser asks for neither)."""

    class PolicyChooserMixin:
        def dispatch(self, request, *args, **kwargs):
            if not policy.user_has_any_permission(request.user, ["view", "change", "add"]):
                raise PermissionDenied
            return super().dispatch(request, *args, **kwargs)

        def get_object_list(self):
            return policy.instances_user_has_permission_for(self.request.user, "view") | (
                policy.instances_user_has_permission_for(self.request.user, "change")
            )

        def get_object(self, pk):
            return self.get_object_list().get(pk=pk)

    attributes = {}
    for name in ("choose_view_class", "choose_results_view_class", "chosen_view_class", "chosen_multiple_view_class"):
        view_class = getattr(chooser_viewset_class, name, None)
        if view_class is not None:
            attributes[name] = type(f"Policy{view_class.__name__}", (PolicyChooserMixin, view_class), {})
    if isinstance(policy, FacultyPermissionPolicy):
        attributes["faculty_scope"] = policy
    return type(f"Policy{chooser_viewset_class.__name__}", (chooser_viewset_class,), attributes)


def _scope_generic(queryset: QuerySet, user, content_type_field: str, object_id_field: str) -> QuerySet:
    """`queryset` of rows that point at records by content type and id (log entries, workflow states) without
    those of faculty-scoped records the user does not work with."""
    if faculty_ids_for_user(user) is None:
        return queryset
    for model, (faculty_field, central) in _SCOPED_MODELS.items():
        if central and faculty_ids_for_user(user, central=True) is None:
            continue
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        allowed = (
            scope_to_faculties(model._default_manager.all(), user, faculty_field, central=central)
            .annotate(key=Cast("pk", CharField()))
            .values("key")
        )
        queryset = queryset.exclude(Q(**{content_type_field: content_type}) & ~Q(**{f"{object_id_field}__in": allowed}))
    return queryset


def scope_log_entries(queryset: QuerySet, user) -> QuerySet:
    """Log entries (Wagtail's ModelLogEntry) without those of faculty-scoped records the user does not work with."""
    return _scope_generic(queryset, user, "content_type", "object_id")


def _scope_workflow_reports() -> None:
    """Wagtail's workflow reports (Reports → Workflows, Workflow tasks, and their exports) list every record in
    approval whose model the user may edit: cut them along the faculties too."""
    from wagtail.admin.views.reports import workflows

    for view_class, prefix in ((workflows.WorkflowView, ""), (workflows.WorkflowTasksView, "workflow_state__")):
        original = view_class.get_queryset
        if getattr(original, "faculty_scoped", False):
            continue

        def get_queryset(self, original=original, prefix=prefix):
            return _scope_generic(original(self), self.request.user, f"{prefix}content_type", f"{prefix}object_id")

        get_queryset.faculty_scoped = True
        view_class.get_queryset = get_queryset


def install() -> None:
    """Cut Wagtail's model log entries (the site history report, its export and filters) along the faculties, and
    give every new faculty section its groups."""
    from wagtail.models.audit_log import ModelLogEntryManager

    original = ModelLogEntryManager.viewable_by_user
    if getattr(original, "faculty_scoped", False):
        return

    @wraps(original)
    def viewable_by_user(self, user):
        return scope_log_entries(original(self, user), user)

    viewable_by_user.faculty_scoped = True
    ModelLogEntryManager.viewable_by_user = viewable_by_user
    _scope_workflow_reports()
    post_save.connect(_section_created, sender=FacultyPage, dispatch_uid="home.faculty_groups")


def _section_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        ensure_faculty_groups(instance)


# Faculty groups ----------------------------------------------------------------------------------------------

FACULTY_ROLES = {
    # role: (group name, page permissions on the section, permissions on the root collection of images and files)
    "editors": (
        "Editori {short_name}",
        ["add_page", "change_page", "publish_page", "lock_page"],
        [
            "wagtailimages.add_image",
            "wagtailimages.choose_image",
            "wagtaildocs.add_document",
            "wagtaildocs.choose_document",
        ],
    ),
    "coordinators": (
        "Coordonatori alumni {short_name}",
        ["change_page"],
        ["wagtailimages.choose_image", "wagtaildocs.choose_document"],
    ),
}


def role_permissions() -> dict[str, set[str]]:
    """The record permissions ("app_label.codename") of each faculty role, as the apps list them."""
    from wagtail import hooks

    roles: dict[str, set[str]] = {role: {"wagtailadmin.access_admin"} for role in FACULTY_ROLES}
    for fn in hooks.get_hooks(FACULTY_ROLE_PERMISSIONS_HOOK):
        for role, names in fn().items():
            roles[role].update(names)
    return roles


def _permissions(names) -> list[Permission]:
    names = list(names)
    query = Q()
    for name in names:
        app_label, _dot, codename = name.partition(".")
        query |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(query)) if names else []


def ensure_faculty_groups(section: FacultyPage) -> dict[str, Group]:
    """The faculty's groups, found or made, with their permissions on this section (one language's page) and
    their record permissions. Run for every new section; safe to run again."""
    short_name = section.faculty.short_name
    records = role_permissions()
    root_collection = Collection.get_first_root_node()
    groups = {}
    for role, (name, page_codenames, collection_codenames) in FACULTY_ROLES.items():
        group, _created = Group.objects.get_or_create(name=name.format(short_name=short_name))
        group.permissions.add(*_permissions(records[role]))
        for permission in _permissions(f"wagtailcore.{codename}" for codename in page_codenames):
            GroupPagePermission.objects.get_or_create(group=group, page=section, permission=permission)
        if root_collection is not None:
            for permission in _permissions(collection_codenames):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
        groups[role] = group
    return groups
