"""A field people never see and form-filling robots do: every public form carries it
(`{% include "components/honeypot.html" with id="join" %}`), and a request that fills it in is answered as if it
had worked, with nothing done, so the robot learns nothing."""

FIELD_NAME = "website"


def caught(request) -> bool:
    """Whether this POST filled in the hidden field."""
    return bool(request.POST.get(FIELD_NAME, "").strip())
