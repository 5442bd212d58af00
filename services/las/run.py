"""One LAS sync run: record it, parse, check, compare and apply, committing progress between phases."""

import hashlib
import json
import logging
from contextlib import contextmanager

from models import LasSyncRun, SchoolSettings, db, now

from .. import clock, rollover
from ..errors import DomainError
from ..permissions import recorded_as, require
from . import edexml
from .apply import apply_changes, finish
from .compare import SyncRejected, compute

log = logging.getLogger("services.las_sync")  # the name the sync has always logged under


def run_sync(
    actor,
    data,
    source,
    filename="",
    today=None,
    sync_parents=False,
    expected_brin=None,
    on_progress=None,
    max_bytes=None,
):
    """Sync the school with the EDEXML `data`; always returns the recorded LasSyncRun (see services/las/__init__.py).

    `on_progress(run, percent, phase)` is called after each phase, inside the write transaction too.
    """
    require(actor, "admin")
    today = today or clock.today()
    with connected():
        if db.in_transaction():
            raise RuntimeError("run_sync commits its progress: call it outside a transaction")
        run = LasSyncRun.create(
            source=source,
            filename=(filename or "")[:255],
            started_by=recorded_as(actor),
            file_sha256=hashlib.sha256(data or b"").hexdigest(),
        )

        def progress(percent, phase):
            LasSyncRun.update(progress=percent).where(LasSyncRun.id == run.id).execute()
            if on_progress:
                on_progress(run, percent, phase)

        try:
            export = edexml.parse(data, max_bytes=max_bytes)
            progress(30, "parsed")
            _check_school(export, expected_brin)
            changes = compute(export, today, sync_parents)
            progress(60, "compared")
            if changes.empty:
                finish(run, "unchanged", changes)
            else:
                apply_changes(run, changes, lambda percent: on_progress and on_progress(run, percent, "apply"))
        except DomainError as refused:
            _fail(run, refused.message)
        except Exception as error:
            log.exception("LAS sync %s failed", run.id)
            _fail(run, f"Onverwachte fout; er is niets gewijzigd. ({type(error).__name__}: {error})")
        run = LasSyncRun.get_by_id(run.id)
        if run.outcome == "ok":
            _plans_for_newcomers(actor)
        return run


def _plans_for_newcomers(actor):
    """New pupils of this sync get their plan for the running period; the sync itself stands either way."""
    try:
        rollover.plans_for_newcomers(actor, channel="import")
    except DomainError as refused:
        log.warning("Plans for new pupils not made after the LAS sync: %s", refused.message)


def counts_of(run):
    """The counts of a run as a dict."""
    try:
        return json.loads(run.counts or "{}")
    except ValueError:
        return {}


@contextmanager
def connected():
    """Use the caller's connection, or open one for this call (jobs, scripts) and close it after."""
    opened = db.is_closed()
    if opened:
        db.connect()
    try:
        yield
    finally:
        if opened and not db.is_closed():
            db.close()


def _check_school(export, expected_brin):
    settings = SchoolSettings.get_current()
    expected = (expected_brin or settings.brin or "").strip().upper().replace(" ", "")
    school = export.school
    if expected:
        brin, dependance = expected[:4], expected[4:]
        if school.brincode != brin or (
            dependance and dependance.lstrip("0") and school.dependancecode.lstrip("0") != dependance.lstrip("0")
        ):
            found = school.brincode + (school.dependancecode or "")
            raise SyncRejected(
                f"Dit bestand is van een andere school: <brincode> {found}, deze school heeft "
                f"BRIN {expected}. Er is niets gewijzigd."
            )
    if settings.school_year and school.schooljaar < settings.school_year:
        raise SyncRejected(
            f"Dit bestand is van schooljaar {school.schooljaar}, de school zit al in "
            f"{settings.school_year}: een oud bestand zou vertrokken leerlingen terugzetten."
        )
    if settings.school_year and school.schooljaar > settings.school_year:
        # The LAS turns its year over in the summer, before the school does: synced now, the new jaargroepen
        # would move pupils up and the year rollover after it would move them up a second time.
        raise SyncRejected(
            f"Dit bestand is van schooljaar {school.schooljaar}, de school zit nog in {settings.school_year}: "
            "voer eerst de jaarovergang uit (Beheer → LAS en jaar → Jaarovergang en periodes). Daarna wordt "
            "dit bestand wel ingelezen; tot dan is er niets gewijzigd."
        )


def _fail(run, message):
    LasSyncRun.update(outcome="failed", finished_at=now(), progress=100, errors=message, counts="{}", changes="").where(
        LasSyncRun.id == run.id
    ).execute()
