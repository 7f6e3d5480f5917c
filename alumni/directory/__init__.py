"""The alumni directory, for the directory page, its community pages and the API.

- `listing`: the people a viewer may see, filtered and in Romanian alphabetical order;
- `facets`: the count beside each filter value, and their cache;
- `cards`: a page of people as cards, names in the page's language;
- `page`: what the directory page and a community page show (DirectoryPage's routes render it).

Who appears and which of their fields show is decided by `alumni.privacy` for the person looking; filters and
facet counts never look at a field the viewer may not see (`alumni.privacy.field_visible_q`).
"""
