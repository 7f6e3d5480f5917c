"""Where signed protocols are kept: a file system storage outside MEDIA_ROOT (so no MEDIA_URL address and no web
server's media location ever serves them), with no base URL. They are read only through the admin's download
view, which checks the user's faculty (`protocols.views.signed_file`).

`PROTOCOLS_PRIVATE_ROOT` in the settings names the folder; by default it sits beside MEDIA_ROOT, named
"<media>-private". The storage is a callable so that migrations never record the path.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_root() -> Path:
    configured = getattr(settings, "PROTOCOLS_PRIVATE_ROOT", None)
    if configured:
        return Path(configured)
    media = Path(settings.MEDIA_ROOT)
    return media.with_name(f"{media.name}-private")


class PrivateStorage(FileSystemStorage):
    def url(self, name):
        raise ValueError("Signed protocols have no public address; use the admin's download view.")


def private_storage() -> PrivateStorage:
    return PrivateStorage(location=private_root(), base_url=None)


def signed_file_path(instance, filename: str) -> str:
    return f"protocols/signed/{instance.faculty_id or 0}/{Path(filename).name}"
