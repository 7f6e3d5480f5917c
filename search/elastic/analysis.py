"""One place for how Romanian and English text is analysed in Elasticsearch.

Every analyzer first maps the old cedilla letters (ş ţ) to comma-below (ș ț), lowercases, drops the language's
stop words (their lists are spelled with diacritics, so before folding), folds diacritics away and then stems.
Folding before stemming makes a query typed without diacritics ("absolventii") meet the text written with them
("absolvenții"): both become "absolventii", which the Snowball Romanian stemmer turns into "absolvent".

Wagtail's page index keeps every language's pages in one index and maps each field once, so a field cannot be
analysed per page language. Its default analyzer (`multilingual_folded`) therefore applies both stop lists and
both stemmers, English first and then Romanian ("graduates" → "graduat" → "graduat"; "absolventii" is left to
the Romanian stemmer). The same analyzer runs on the query, so both sides always meet; the site search still
filters by locale, so an English search never returns a Romanian page. The documents of this package (names,
protocols, winners) use the analyzers of their one language.
"""

from typing import Any

from elasticsearch.dsl import analyzer, char_filter, normalizer, token_filter

CEDILLA_TO_COMMA = char_filter(
    "cedilla_to_comma_below", type="mapping", mappings=["ş => ș", "Ş => Ș", "ţ => ț", "Ţ => Ț"]
)
FOLDING = token_filter("folding", type="asciifolding", preserve_original=False)
ROMANIAN_STOP = token_filter("romanian_stop", type="stop", stopwords="_romanian_")
ENGLISH_STOP = token_filter("english_stop", type="stop", stopwords="_english_")
ROMANIAN_STEMMER = token_filter("romanian_stemmer", type="stemmer", language="romanian")
ENGLISH_STEMMER = token_filter("english_stemmer", type="stemmer", language="english")
ENGLISH_POSSESSIVE = token_filter("english_possessive_stemmer", type="stemmer", language="possessive_english")
NAME_PREFIXES = token_filter("name_prefixes", type="edge_ngram", min_gram=1, max_gram=20)

romanian_folded = analyzer(
    "romanian_folded",
    tokenizer="standard",
    char_filter=[CEDILLA_TO_COMMA],
    filter=["lowercase", ROMANIAN_STOP, FOLDING, ROMANIAN_STEMMER],
)
english_folded = analyzer(
    "english_folded",
    tokenizer="standard",
    char_filter=[CEDILLA_TO_COMMA],
    filter=[ENGLISH_POSSESSIVE, "lowercase", ENGLISH_STOP, FOLDING, ENGLISH_STEMMER],
)
multilingual_folded = analyzer(
    "multilingual_folded",
    tokenizer="standard",
    char_filter=[CEDILLA_TO_COMMA],
    filter=["lowercase", ROMANIAN_STOP, ENGLISH_STOP, FOLDING, ENGLISH_STEMMER, ROMANIAN_STEMMER],
)
# Names are neither stemmed nor stopped: "Ana" and "Și" are names too.
name_folded = analyzer(
    "name_folded", tokenizer="standard", char_filter=[CEDILLA_TO_COMMA], filter=["lowercase", FOLDING]
)
# Typed names match word beginnings ("stef tim" finds "Ștefan Timișoara"); the query side uses name_folded.
name_prefix = analyzer(
    "name_prefix",
    tokenizer="standard",
    char_filter=[CEDILLA_TO_COMMA],
    filter=["lowercase", FOLDING, NAME_PREFIXES],
)

# A whole field as one folded keyword: the site search finds a record when each folded word it was given is part of
# one of its fields (a wildcard `*word*` on this form), exactly as the database path matches them
# (search.kinds.matching_every_word); also a sort key.
folded_keyword = normalizer("folded_keyword", char_filter=[CEDILLA_TO_COMMA], filter=["lowercase", "asciifolding"])

ANALYZERS = (romanian_folded, english_folded, multilingual_folded, name_folded, name_prefix, folded_keyword)
LANGUAGE_ANALYZERS = {"ro": romanian_folded, "en": english_folded}


def analysis_settings() -> dict[str, Any]:
    """The `analysis` block that defines every analyzer above with its filters, for an index's settings."""
    merged: dict[str, dict[str, Any]] = {}
    for definition in ANALYZERS:
        for section, entries in definition.get_analysis_definition().items():
            merged.setdefault(section, {}).update(entries)
    return merged


def wagtail_index_settings() -> dict[str, Any]:
    """INDEX_SETTINGS for Wagtail's Elasticsearch backend: our analyzers, with the folding multilingual one as the
    index's default, which every text field Wagtail maps without an analyzer (its SearchFields) uses, at index
    and at query time. Wagtail merges this into its own settings (its n-gram analyzers stay)."""
    analysis = analysis_settings()
    analysis["analyzer"]["default"] = dict(analysis["analyzer"]["multilingual_folded"])
    return {"settings": {"analysis": analysis}}
