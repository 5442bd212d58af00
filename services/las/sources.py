"""Where a LAS sync gets its export: the newest file in a folder, or a download (http(s) only, size-capped)."""

import os
import shutil
import urllib.error
import urllib.parse
import urllib.request

from models import LasSyncRun, now

from ..permissions import recorded_as, require
from . import edexml
from .run import connected, run_sync


def sync_from_folder(actor, folder, **options):
    """Sync from the newest *.xml in `folder`; after a good run the file moves to `folder`/processed/."""
    require(actor, "admin")
    try:
        names = [
            name
            for name in os.listdir(folder)
            if name.lower().endswith(".xml") and os.path.isfile(os.path.join(folder, name))
        ]
    except OSError as error:
        return _record_failure(actor, "folder", folder, f"De map {folder} is niet te lezen ({error.strerror}).")
    if not names:
        with connected():
            return LasSyncRun.create(
                source="folder",
                filename="",
                outcome="unchanged",
                progress=100,
                started_by=recorded_as(actor),
                finished_at=now(),
                changes=f"Geen nieuw bestand in {folder}.",
            )
    path = max((os.path.join(folder, name) for name in names), key=os.path.getmtime)
    limit = options.get("max_bytes") or edexml.DEFAULT_MAX_BYTES
    if os.path.getsize(path) > limit:
        return _record_failure(
            actor, "folder", os.path.basename(path), f"Het bestand is te groot (de grens is {limit / 1048576:.0f} MB)."
        )
    with open(path, "rb") as fh:
        data = fh.read()
    run = run_sync(actor, data, "folder", filename=os.path.basename(path), **options)
    if run.outcome in ("ok", "unchanged"):
        done = os.path.join(folder, "processed")
        os.makedirs(done, exist_ok=True)
        stamp = now().strftime("%Y%m%d-%H%M%S")
        shutil.move(path, os.path.join(done, f"{stamp}-{os.path.basename(path)}"))
    return run


def sync_from_url(actor, url, timeout=30, **options):
    """Download the export from `url` (http or https only, size-capped) and sync it."""
    require(actor, "admin")
    shown = url_without_secrets(url)
    if urllib.parse.urlsplit(url or "").scheme not in ("http", "https"):
        return _record_failure(actor, "url", shown, "Alleen http- en https-adressen zijn toegestaan.")
    limit = options.get("max_bytes") or edexml.DEFAULT_MAX_BYTES
    opener = urllib.request.OpenerDirector()  # http(s) only: no file:, ftp: or data:, not even by redirect
    for handler in (
        urllib.request.HTTPHandler,
        urllib.request.HTTPSHandler,
        urllib.request.HTTPRedirectHandler,
        urllib.request.HTTPDefaultErrorHandler,
        urllib.request.HTTPErrorProcessor,
    ):
        opener.add_handler(handler())
    try:
        with opener.open(
            urllib.request.Request(url, headers={"User-Agent": "Doelpunt LAS-koppeling"}), timeout=timeout
        ) as response:
            data = response.read(limit + 1)
    except urllib.error.HTTPError as error:
        return _record_failure(actor, "url", shown, f"De LAS-server weigerde het bestand (HTTP {error.code}).")
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return _record_failure(actor, "url", shown, f"Het LAS-adres is niet bereikbaar: {reason}.")
    if len(data) > limit:
        return _record_failure(actor, "url", shown, f"Het bestand is te groot (de grens is {limit / 1048576:.0f} MB).")
    return run_sync(actor, data, "url", filename=shown, **options)


def url_without_secrets(url):
    """The URL as the run log may show it: no user, password or query string (they may hold a token)."""
    parts = urllib.parse.urlsplit(url or "")
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))[:255]


def _record_failure(actor, source, filename, message):
    with connected():
        return LasSyncRun.create(
            source=source,
            filename=(filename or "")[:255],
            outcome="failed",
            errors=message,
            progress=100,
            started_by=recorded_as(actor),
            finished_at=now(),
        )
