"""Elasticsearch for the site (with ELASTICSEARCH_URL): text analysis, the records' documents, the directory's
faceted search, and how the indexes are kept up to date and rebuilt.

- `analysis`: the Romanian and English analyzers, for Wagtail's page index and the documents alike;
- `documents`: what of a listed person, an active protocol and a gala winner is indexed (public fields only);
- `directory`: the directory's search and facets as a `FacetedSearch`, answered in the SQL path's shape;
- `indexing`: the client, single-record updates and the rebuild behind an alias.
"""
