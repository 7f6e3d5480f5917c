"""Printable reports as PDF (WeasyPrint): a template rendered to HTML, then to an A4 document, as a download.
The reports' own print styles are in their templates (`@page` size, margins, page numbers)."""

from django.http import HttpResponse
from django.template.loader import render_to_string


def pdf_response(request, template: str, context: dict, filename: str) -> HttpResponse:
    from weasyprint import HTML  # imported when a PDF is asked for: it loads Pango

    html = render_to_string(template, context, request=request)
    document = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
