"""The admin's uploads as background jobs: the stored file, the job row, the task that runs it, and its progress.

`start_job` stores the upload in default storage under a random name (in `STORAGE_FOLDER`, never listed or linked),
creates the `ImportJob` and enqueues `alumni.tasks.run_import_job`; `run_job` (the task's body) runs the import with
the faculty scope the user had at upload and records what it found. While it runs, its progress goes to a cache
that every process reads (`PROGRESS_CACHE`): the import is one transaction, so nothing it writes to the database
is visible before the end, and on SQLite a second connection could not write at all until it commits.
"""

from __future__ import annotations

import datetime
import logging
import secrets
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import default_storage
from django.utils import timezone, translation

from alumni.importing.readers import estimate_rows
from alumni.importing.results import ImportResult
from alumni.importing.run import READING, import_alumni
from alumni.models import ImportJob
from home.permissions import faculty_ids_for_user

logger = logging.getLogger(__name__)

STORAGE_FOLDER = "alumni-imports"
# A file nobody imports (a check not followed by an import) is deleted after this long.
ABANDONED_AFTER = datetime.timedelta(hours=6)
ERROR_LIMIT = 1000  # errors kept on the job; the count covers them all
PROGRESS_CACHE = "progress" if "progress" in settings.CACHES else "default"
PROGRESS_TIMEOUT = 24 * 60 * 60


def start_job(*, user, upload, default_faculty=None, commit: bool = True) -> ImportJob:
    """Store the uploaded file, record the job and queue it; the caller shows the job's page."""
    delete_abandoned_uploads()
    forget_old_samples()
    suffix = Path(upload.name).suffix.lower()
    stored_name = default_storage.save(f"{STORAGE_FOLDER}/{secrets.token_urlsafe(24)}{suffix}", upload)
    scope = faculty_ids_for_user(user)
    job = ImportJob.objects.create(
        user=user,
        filename=Path(upload.name).name[:255],
        stored_name=stored_name,
        commit=commit,
        default_faculty=default_faculty,
        faculty_ids=None if scope is None else sorted(scope),
        language=translation.get_language() or "",
    )
    enqueue(job)
    return job


def import_checked(job: ImportJob, user) -> ImportJob | None:
    """A new job that imports the file a finished check found no error in, or None when that file is gone."""
    if job.commit or job.state != ImportJob.State.DONE or not job.stored_name:
        return None
    if not default_storage.exists(job.stored_name):
        ImportJob.objects.filter(pk=job.pk).update(stored_name="")
        return None
    scope = faculty_ids_for_user(user)
    follow_up = ImportJob.objects.create(
        user=user,
        filename=job.filename,
        stored_name=job.stored_name,
        commit=True,
        default_faculty_id=job.default_faculty_id,
        faculty_ids=None if scope is None else sorted(scope),
        language=translation.get_language() or "",
    )
    ImportJob.objects.filter(pk=job.pk).update(stored_name="")  # the file is the new job's now
    enqueue(follow_up)
    return follow_up


def discard(job: ImportJob) -> None:
    """Delete the file a finished check kept for an import."""
    if job.is_finished and job.stored_name:
        default_storage.delete(job.stored_name)
        ImportJob.objects.filter(pk=job.pk).update(stored_name="")


def enqueue(job: ImportJob) -> None:
    from alumni.tasks import run_import_job

    run_import_job.enqueue(job.pk)


def delete_abandoned_uploads() -> None:
    """Files older than `ABANDONED_AFTER` that no waiting or running job needs: checks never followed up, and
    uploads whose job row is gone."""
    try:
        names = default_storage.listdir(STORAGE_FOLDER)[1]
    except (FileNotFoundError, NotImplementedError):
        return
    needed = set(
        ImportJob.objects.filter(state__in=[ImportJob.State.QUEUED, ImportJob.State.RUNNING]).values_list(
            "stored_name", flat=True
        )
    )
    cutoff = timezone.now() - ABANDONED_AFTER
    for name in names:
        stored_name = f"{STORAGE_FOLDER}/{name}"
        if stored_name in needed:
            continue
        try:
            if default_storage.get_modified_time(stored_name) < cutoff:
                default_storage.delete(stored_name)
        except (FileNotFoundError, NotImplementedError):
            continue


def forget_old_samples() -> None:
    """The names and addresses a job shows of its first rows are personal data: kept while its result is fresh
    (`ABANDONED_AFTER`), then only the counts and errors stay."""
    cutoff = timezone.now() - ABANDONED_AFTER
    ImportJob.objects.filter(finished_at__lt=cutoff).exclude(samples={}).update(samples={})


# Progress


def progress_key(job_id: int) -> str:
    return f"alumni-import-progress:{job_id}"


def write_progress(job_id: int, phase: str, done: int, total: int | None = None) -> None:
    caches[PROGRESS_CACHE].set(progress_key(job_id), {"phase": phase, "done": done, "total": total}, PROGRESS_TIMEOUT)


def read_progress(job: ImportJob) -> dict:
    """How far a job has got: its phase ("queued", "running", "reading", "indexing", "finished"), what is done
    and the total (rows, of the file's estimated rows, while reading; people, while indexing; None when unknown)."""
    if job.is_finished:
        return {"phase": "finished", "done": job.rows, "total": job.rows}
    stored = caches[PROGRESS_CACHE].get(progress_key(job.pk)) if job.state == ImportJob.State.RUNNING else None
    if not stored:
        return {"phase": job.state, "done": 0, "total": None}
    total = stored["total"]
    if stored["phase"] == READING:
        # The file's size is an estimate: the bar never claims to be full before the rows are.
        total = max(job.total_rows, stored["done"] + 1) if job.total_rows else None
    return {"phase": stored["phase"], "done": stored["done"], "total": total}


# The task's body


def run_job(job_id: int) -> str:
    """Run a queued job once (a retried or repeated task finds it taken and does nothing); returns its state."""
    if not ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.RUNNING, started_at=timezone.now()
    ):
        return "skipped"
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            with default_storage.open(job.stored_name, "rb") as stored:
                job.total_rows = estimate_rows(stored, job.filename)
                ImportJob.objects.filter(pk=job.pk).update(total_rows=job.total_rows)
                result = import_alumni(
                    stored,
                    filename=job.filename,
                    commit=job.commit,
                    default_faculty=job.default_faculty_id,
                    allowed_faculty_ids=job.faculty_ids,
                    user=job.user,
                    progress=lambda phase, done, total: write_progress(job.pk, phase, done, total),
                )
        except Exception:
            # The import is one transaction: whatever stopped it, nothing of the file was saved.
            logger.exception("The alumni import job %s stopped", job.pk)
            record(job, None)
            raise
    record(job, result)
    return job.state


def record(job: ImportJob, result: ImportResult | None) -> None:
    """Keep what the run found on the job, and delete the file unless a successful check keeps it for an import."""
    if result is None:
        job.state = ImportJob.State.FAILED
    else:
        job.state = ImportJob.State.REJECTED if result.has_errors else ImportJob.State.DONE
        job.rows, job.created, job.updated = result.rows, result.created, result.updated
        job.unchanged, job.error_rows, job.error_count = result.unchanged, result.error_rows, len(result.errors)
        job.errors = [asdict(error) for error in result.errors[:ERROR_LIMIT]]
        job.samples = {
            "create": [asdict(row) for row in result.created_sample],
            "update": [asdict(row) for row in result.updated_sample],
        }
        job.index_failed = result.index_failed
    keep_file = result is not None and not job.commit and job.state == ImportJob.State.DONE
    if not keep_file and job.stored_name:
        default_storage.delete(job.stored_name)
        job.stored_name = ""
    job.finished_at = timezone.now()
    job.save()
    caches[PROGRESS_CACHE].delete(progress_key(job.pk))
