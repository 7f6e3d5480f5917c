"""The gala: its pages (`pages`: the archive and each year's edition) and its awards (`awards`: the translatable
categories, the nominations and the record of every change of a nomination's status) and the office's own
records (`budget`: costs per line and source of funding, and the evaluation after the gala)."""

from gala.models.awards import AwardCategory, Nomination, NominationChange, NominationQuerySet
from gala.models.budget import GalaCost, GalaEvaluation
from gala.models.pages import GalaEditionPage, GalaIndexPage

__all__ = [
    "AwardCategory",
    "GalaCost",
    "GalaEditionPage",
    "GalaEvaluation",
    "GalaIndexPage",
    "Nomination",
    "NominationChange",
    "NominationQuerySet",
]
