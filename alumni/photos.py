"""Alumni photos: stored in one collection closed to the public image API, under random file names.

A photo reaches a page only through the privacy function (its visibility is the person's choice), never through
/api/v3/images/.
"""

import uuid
from pathlib import Path

from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from alumni.models import Alumnus

PHOTO_COLLECTION = "Alumni"


def photo_collection() -> Collection:
    """The collection alumni photos live in, created (restricted) on first use."""
    collection = Collection.objects.filter(name=PHOTO_COLLECTION).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=PHOTO_COLLECTION)
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        # A group restriction with no group: only superusers (the alumni office) pass it.
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
    return collection


def save_photo(alumnus: Alumnus, upload) -> None:
    """Make `upload` the person's photo; the previous one is deleted."""
    old_photo = alumnus.photo
    # A random file name: the uploaded one often carries the person's name, and the URL should not.
    upload.name = f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}"
    image = get_image_model()(title=f"alumnus-{alumnus.pk}", file=upload, collection=photo_collection())
    image.save()
    alumnus.photo = image
    alumnus.save(update_fields=["photo"])
    if old_photo is not None:
        old_photo.delete()


def remove_photo(alumnus: Alumnus) -> None:
    photo = alumnus.photo
    if photo is not None:
        alumnus.photo = None
        alumnus.save(update_fields=["photo"])
        photo.delete()
