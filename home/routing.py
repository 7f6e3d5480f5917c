"""Routing a URL to a page in two queries whatever its depth.

Upstream gap: Wagtail's `Page.route` (wagtail/models/pages.py) walks the tree one level at a time, with a query
for each child and one for its specific row: six queries to reach an article three levels below the home page,
on every request. `DirectRouteMixin.route` reads every page along the path at once (by slug, which has an index,
and `url_path`, which Wagtail keeps equal to the parent's `url_path` plus the slug), then fetches the specific
row of the page it lands on.

Guard: a page along the way whose class routes by itself (RoutablePageMixin: the calendar's `month/`) is handed
the rest of the path, as Wagtail would hand it; a missing page is left to Wagtail's own route (its 404). Pages
along the way are not checked for being live, as Wagtail does not check them either. tests/home/test_routing.py
compares the two routes. Drop the mixin if Wagtail ever routes a path in one step.
"""

from wagtail.models import Page


def _routes_by_itself(page_class) -> bool:
    return page_class is None or page_class.route not in (Page.route, DirectRouteMixin.route)


class DirectRouteMixin:
    def route(self, request, path_components):
        if len(path_components) < 2:
            return super().route(request, path_components)
        url_paths, url_path = [], self.url_path
        for component in path_components:
            url_path += f"{component}/"
            url_paths.append(url_path)
        # By slug first: url_path has no index, slug has one.
        along = Page.objects.filter(
            slug__in=path_components, url_path__in=url_paths, path__startswith=self.path, depth__gt=self.depth
        )
        found = {page.url_path: page for page in along}
        parent = self
        for depth, url_path in enumerate(url_paths, start=1):
            page = found.get(url_path)
            if page is None or page.depth != self.depth + depth:
                break
            page._cached_parent_obj = parent  # as Wagtail's route does: get_parent() costs no query
            remaining = path_components[depth:]
            if not remaining or _routes_by_itself(page.specific_class):
                return page.specific.route(request, remaining)
            parent = page
        if parent is self:
            return super().route(request, path_components)
        return parent.specific.route(request, path_components[parent.depth - self.depth :])
