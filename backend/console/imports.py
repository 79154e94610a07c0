"""Importing a list file from the console (admins): upload (at most MAX_CONTENT_LENGTH),
a dry run first (bulk.import_list's: counts, or the first error), then apply.

Each run is a job in a background thread writing its progress to a small JSON status
record beside the database (imports/<job>.json), so any worker can show it; the page
refreshes itself (meta refresh, no script) while the job runs.
"""

import gzip
import json
import os
import re
import secrets
import sqlite3
import threading
from pathlib import Path

from flask import current_app, flash, g, redirect, render_template, request, url_for

from .. import bulk
from ..db import connect
from ..errors import Conflict, InvalidInput, NotFound
from ..listfile import ListFileError
from ..models.console import EmptyForm, ImportForm
from . import bp
from .forms import read_form
from .security import role_required

_JOB = re.compile(r"[A-Za-z0-9_-]{16}")  # secrets.token_urlsafe(12): never a path


def _folder() -> Path:
    folder = Path(current_app.config["DATABASE"]).parent / "imports"
    folder.mkdir(exist_ok=True)
    return folder


def _write(path: Path, status: dict) -> None:
    # Replace, never rewrite in place: a reader sees the old record or the new one.
    partial = path.with_suffix(".part")
    partial.write_text(json.dumps(status))
    os.replace(partial, path)


def _claim(job: str) -> None:
    """Take the job's one apply, or Conflict: two Apply clicks that both read the dry run's
    record (in two threads or two server processes) must not import the file twice. The
    marker is created with O_EXCL, which only one of them can do."""
    try:
        os.close(os.open(_folder() / f"{job}.applied", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        raise Conflict("This import is already being applied.") from None


def _status(job: str) -> dict:
    if not _JOB.fullmatch(job):
        raise NotFound(f"No import {job}.")
    path = _folder() / f"{job}.json"
    if not path.is_file():
        raise NotFound(f"No import {job}.")
    return json.loads(path.read_text())


def _run(database: str, reports: str, folder: Path, job: str, status: dict, actor: str) -> None:
    """The import (or its dry run) in this thread, its progress in the status record.

    reports is the reports file: keys whose dispute was upheld are refused (the CLI's
    --override-dispute is the way to list one again, with a note).
    """
    record = folder / f"{job}.json"

    def progress(rows: int) -> None:
        _write(record, {**status, "rows_so_far": rows})

    db = connect(database)
    try:
        with open(folder / f"{job}.upload", "rb") as binary:
            stream = bulk.open_text(binary)
            summary = bulk.import_list(
                db, stream, status["format"], source=status["source"],
                dry_run=status["mode"] == "dry_run", size_hint=status["size"],
                gzipped=isinstance(stream.buffer, gzip.GzipFile), actor=actor,
                label=status["file"], on_batch=progress, reports=reports)
        _write(record, {**status, "state": "done", "summary": summary})
    except (ListFileError, UnicodeDecodeError, gzip.BadGzipFile, EOFError, sqlite3.Error) as error:
        _write(record, {**status, "state": "failed", "error": f"{error}. Nothing was imported."})
    finally:
        db.conn.close()
        if status["mode"] == "apply":  # the file is done with either way
            (folder / f"{job}.upload").unlink(missing_ok=True)


def _start(job: str, status: dict) -> None:
    status = {**status, "state": "running", "rows_so_far": 0}
    _write(_folder() / f"{job}.json", status)
    threading.Thread(target=_run, daemon=True, name=f"import-{job}", args=(
        current_app.config["DATABASE"], current_app.config["REPORTS_DATABASE"], _folder(), job, status,
        f"console:{g.actor}")).start()


@bp.get("/import")
@role_required("admin")
def import_page():
    return render_template("console/import.html",
                           limit=current_app.config["MAX_CONTENT_LENGTH"])


@bp.post("/import")
@role_required("admin")
def import_upload():
    """Store the uploaded file and start its dry run."""
    form = read_form(ImportForm)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InvalidInput("`file` is required: choose a list file (CSV or JSON Lines).")
    job = secrets.token_urlsafe(12)
    path = _folder() / f"{job}.upload"
    upload.save(path)
    _start(job, {"file": os.path.basename(upload.filename)[:200], "size": path.stat().st_size,
                 "format": bulk.format_of(upload.filename, form.format),
                 "source": form.source, "mode": "dry_run"})
    return redirect(url_for("console.import_job", job=job), code=303)


@bp.get("/import/<job>")
@role_required("admin")
def import_job(job):
    return render_template("console/import_job.html", job=job, status=_status(job))


@bp.post("/import/<job>/apply")
@role_required("admin")
def import_apply(job):
    """Import for real the file whose dry run succeeded."""
    read_form(EmptyForm)
    status = _status(job)
    if status["mode"] != "dry_run" or status["state"] != "done":
        raise Conflict("Only a finished, successful dry run can be applied.")
    _claim(job)
    _start(job, {**status, "mode": "apply", "dry_run": status["summary"]})
    flash("Importing; this page follows its progress.", "done")
    return redirect(url_for("console.import_job", job=job), code=303)
