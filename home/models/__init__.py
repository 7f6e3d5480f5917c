"""The home app's models: faculties, the page tree and site settings."""

from .base import BasePage, ListingFields, SocialFields, SortedByName, image_field
from .faculty import Faculty
from .pages import ArticleIndexPage, ArticlePage, FacultyPage, HomePage, StandardPage
from .settings import SiteSettings

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "BasePage",
    "Faculty",
    "FacultyPage",
    "HomePage",
    "ListingFields",
    "SiteSettings",
    "SocialFields",
    "SortedByName",
    "StandardPage",
    "image_field",
]
