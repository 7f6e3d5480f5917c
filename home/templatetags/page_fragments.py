"""`{% pagefragment "name" [vary ...] %}...{% endpagefragment %}`: part of a page template cached as one of the
page's fragments (home/fragments.py), stale with the page's own answer; never in previews.

A view that has already looked the fragment up (to skip building what it shows on a hit) passes it in the context
as `page_fragments[name]`; the tag then uses that one, and stores nothing when the view said so (a listing with
invalid filters).

`{% contentfragment "name" content [more ...] %}...{% endcontentfragment %}`: part of a template cached on its
content (`home.fragments.content_fragment`; with a variable missing, the part is rendered and not cached): the
values must name everything the part shows, and the part must read
nothing else from the context (a card from what privacy let through, say)."""

from django import template
from django.utils.functional import Promise

from home.fragments import cached_html, content_fragment, form_content, fragments_enabled, page_fragment

register = template.Library()


class PageFragmentNode(template.Node):
    def __init__(self, nodelist, name: str, vary):
        self.nodelist = nodelist
        self.name = name
        self.vary = vary

    def render(self, context):
        fragment = (context.get("page_fragments") or {}).get(self.name)
        if fragment is None:
            vary = [value.resolve(context) for value in self.vary]
            fragment = page_fragment(context.get("request"), self.name, context.get("page"), vary=vary)
        return cached_html(fragment, lambda: self.nodelist.render(context))


def _parse_fragment_tag(parser, token, values_needed: int, needs: str):
    """(nodelist up to the end tag, the quoted name, its values) of `{% <tag> "name" value ... %}`."""
    bits = token.split_contents()
    if len(bits) < 2 + values_needed or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs {needs}.")
    nodelist = parser.parse((f"end{bits[0]}",))
    parser.delete_first_token()
    return nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]]


@register.tag("pagefragment")
def do_pagefragment(parser, token):
    return PageFragmentNode(*_parse_fragment_tag(parser, token, 0, "a quoted fragment name first"))


class ContentFragmentNode(template.Node):
    def __init__(self, nodelist, name: str, content):
        self.nodelist = nodelist
        self.name = name
        self.content = content

    def render(self, context):
        request = context.get("request")
        if not fragments_enabled(request):
            return self.nodelist.render(context)
        content = []
        for value in self.content:
            if isinstance(value.var, template.Variable):
                try:
                    value.var.resolve(context)
                except template.VariableDoesNotExist:
                    # A key that lost a value would be the same for every card: render this one afresh instead.
                    return self.nodelist.render(context)
            value = value.resolve(context)
            content.append(str(value) if isinstance(value, Promise) else value)  # lazy text as its text
        fragment = content_fragment(request, self.name, tuple(content))
        return cached_html(fragment, lambda: self.nodelist.render(context))


@register.tag("contentfragment")
def do_contentfragment(parser, token):
    return ContentFragmentNode(*_parse_fragment_tag(parser, token, 1, "a quoted fragment name and its content"))


@register.filter(name="form_content")
def form_content_filter(form):
    """`{% contentfragment "name" form|form_content %}`: a bound form as a fragment's content."""
    return form_content(form)
