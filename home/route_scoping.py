"""The guard on every admin route that names a model or one of its records: the model's faculty scope, or its
office-only refusal, applied by the route's address, for routes the apps never wrote (wagtail-localize's snippet
API, Wagtail's bulk actions and editing sessions) and behind the apps' own viewsets.

`guard_admin_urlpatterns(urlpatterns)` walks the admin's URL patterns once, when the URLconf loads, and wraps each
route whose arguments name a model (`app_label` and `model_name`, or their variants) or that belongs to a model's
viewset (by its namespace). On each request the model's permission policy, as registered with Wagtail
(`register_permission_policy`), decides:

- `FacultyPermissionPolicy` (home.permissions): the user needs a permission on the model; a record named by id
  (`pk`, `object_id`, `<model_name>_id`, or the bulk actions' `?id=`) must belong to one of the user's faculties;
  a route that lists the model's records is let through only on a viewset that cuts its listings
  (`faculty_scoped`, which marks it with `faculty_scope`), and is refused elsewhere to anyone who does not see
  every faculty (wagtail-localize's snippet API lists a model's every record);
- `OfficePermissionPolicy`: the user needs a permission on the model, whatever the route;
- any other policy: the route keeps its own checks.

A refusal names nothing: it sends the user back to the dashboard with Wagtail's "permission denied" message, as the
admin's own views do, or answers 403 to a client that does not read HTML.
"""

from functools import update_wrapper

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import URLPattern, URLResolver
from wagtail.admin.auth import permission_denied
from wagtail.permissions import policy_registry

from home.permissions import FacultyPermissionPolicy, OfficePermissionPolicy, faculty_ids_for_user

# The pairs of route arguments that name a model (wagtail-localize, bulk actions, editing sessions, settings, page
# types): the model's app and its name.
MODEL_ARGUMENTS = (
    ("app_label", "model_name"),
    ("content_type_app_name", "content_type_model_name"),
    ("app_name", "model_name"),
)


def guard_admin_urlpatterns(urlpatterns: list, namespace: str | None = None) -> list:
    """`urlpatterns` with every route that names a model, or belongs to a model's viewset, guarded (in place)."""
    for pattern in urlpatterns:
        if isinstance(pattern, URLResolver):
            guard_admin_urlpatterns(pattern.url_patterns, pattern.namespace or namespace)
        elif (
            isinstance(pattern, URLPattern)
            and route_model_source(pattern, namespace) is not None
            and not getattr(pattern.callback, "route_guard", False)
        ):
            pattern.callback = guarded(pattern.callback, namespace)
    return urlpatterns


def route_arguments(pattern: URLPattern) -> set[str]:
    return set(pattern.pattern.regex.groupindex)


def route_model_source(pattern: URLPattern, namespace: str | None):
    """How a route names its model: "arguments", "namespace" (a viewset's route), or None."""
    arguments = route_arguments(pattern)
    if any(app in arguments and name in arguments for app, name in MODEL_ARGUMENTS):
        return "arguments"
    if namespace is not None and namespace in viewsets_by_namespace():
        return "namespace"
    return None


_VIEWSETS: dict = {}


def viewsets_by_namespace() -> dict:
    """Every registered admin viewset (snippets' and their choosers' included) that serves a model, by namespace;
    read once the admin's URLconf has registered them."""
    from wagtail.admin.viewsets import viewsets

    if _VIEWSETS:
        return _VIEWSETS
    found = {}
    for viewset in viewsets.viewsets:
        if getattr(viewset, "model", None) is None:
            continue
        try:
            found[viewset.url_namespace] = viewset
        except Exception:  # noqa: BLE001, S112 - a viewset without a name serves no namespace to guard
            continue
    _VIEWSETS.update(found)
    return found


def guarded(view, namespace: str | None):
    def guarded_view(request, *args, **kwargs):
        try:
            check_route(request, namespace, kwargs)
        except PermissionDenied:
            if not request.accepts("text/html"):
                raise  # an API's client gets its 403
            return permission_denied(request)  # as Wagtail's views refuse: back to the dashboard, with a message
        return view(request, *args, **kwargs)

    update_wrapper(guarded_view, view)
    guarded_view.route_guard = True
    return guarded_view


def model_from_arguments(kwargs: dict):
    for app, name in MODEL_ARGUMENTS:
        if app in kwargs and name in kwargs:
            try:
                return apps.get_model(kwargs[app], kwargs[name])
            except (LookupError, ValueError):
                return None  # the view answers an unknown model with its own 404
    return None


def model_actions(model) -> list[str]:
    """Every action the model's permissions name: the default ones and its own ("move", "shortlist"...)."""
    actions = list(model._meta.default_permissions)
    suffix = f"_{model._meta.model_name}"
    actions += [codename.removesuffix(suffix) for codename, _name in model._meta.permissions]
    return actions


def check_route(request, namespace: str | None, kwargs: dict) -> None:
    """Raise PermissionDenied if the route's model or record is not the user's to see (see the module)."""
    if not request.user.is_authenticated:
        return  # the admin's own check sends them to sign in
    model = model_from_arguments(kwargs)
    viewset = None
    if model is None:
        viewset = viewsets_by_namespace().get(namespace)
        model = getattr(viewset, "model", None)
    if isinstance(model, str):  # Wagtail's document and image choosers name their model by label
        model = apps.get_model(model)
    if model is None:
        return
    policy = policy_registry.get_by_type(model, fallback=False)
    if not isinstance(policy, FacultyPermissionPolicy | OfficePermissionPolicy):
        return
    user = request.user
    if not isinstance(policy, FacultyPermissionPolicy):
        # Office-only: any permission the model names lets the route's own view decide (a read-only policy would
        # count only "view", and refuse the office's sender the routes its viewset adds: sending a newsletter).
        options = model._meta
        codenames = [f"{action}_{options.model_name}" for action in options.default_permissions]
        codenames += [codename for codename, _name in options.permissions]
        if not any(user.has_perm(f"{options.app_label}.{codename}") for codename in codenames):
            raise PermissionDenied
        return
    if not policy.user_has_any_permission(user, model_actions(model)):
        raise PermissionDenied
    ids, lists = record_ids(request, model, kwargs, by_namespace=viewset is not None)
    if ids:
        records = model._default_manager.filter(pk__in=ids)
        try:
            records = list(records)
        except (OverflowError, ValueError):  # an id past the database's integers names no record
            records = []
        if not all(policy.user_works_with(user, record) for record in records):
            raise PermissionDenied
    unscoped_listing = lists and getattr(viewset, "faculty_scope", None) is None
    if unscoped_listing and faculty_ids_for_user(user, central=policy.central) is not None:
        raise PermissionDenied


def record_ids(request, model, kwargs: dict, *, by_namespace: bool) -> tuple[list, bool]:
    """The ids of the model's records the route names, and whether it may list records it does not name.

    A viewset's routes name their record `pk`; routes naming their model by arguments also `object_id` or
    `<model_name>_id`; bulk actions and choosers name several with `?id=` (bulk actions' `?id=all` is a listing)."""
    names = ["pk"] if by_namespace else ["pk", "object_id", f"{model._meta.model_name}_id"]
    named = [kwargs[name] for name in names if name in kwargs]
    queried = request.GET.getlist("id")  # bulk actions, and choosers' "chosen-multiple"
    ids = []
    lists = not named and not queried
    for value, from_query in [(value, False) for value in named] + [(value, True) for value in queried]:
        try:
            ids.append(model._meta.pk.to_python(value))
        except ValidationError:
            # A malformed id in the address names nothing (the view answers 404); in the query, "all" is the listing.
            lists = lists or from_query
    return ids, lists
