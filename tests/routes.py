"""Addresses of named routes for tests: public routes have translated paths, so tests reverse them by name."""

from django.urls import reverse
from django.utils import translation


def url(name: str, *args, language: str = "ro", **kwargs) -> str:
    """The route's address in a language: Romanian (the site's default, no prefix) unless told."""
    with translation.override(language):
        return reverse(name, args=args or None, kwargs=kwargs or None)


def account_url(name: str, *args, language: str = "ro") -> str:
    """An address of the alumni account area (alumni/urls.py)."""
    return url(f"alumni_account:{name}", *args, language=language)


def without_token(name: str, language: str = "ro") -> str:
    """The address of a route that ends in a token, up to the token: what the link in an e-mail starts with."""
    return url(name, "TOKEN", language=language).removesuffix("TOKEN/")
