"""Admin screen "LAS-koppeling" (SPEC.md 6): the link's settings (read-only: the system administrator sets
them), a file upload and a "sync now" button, and the recorded runs with their progress. The work itself is
done by `services.las`."""

from flask import current_app, flash, jsonify, redirect, url_for
from flask_admin import BaseView, expose
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from werkzeug.utils import secure_filename

from models import LasSyncRun, SchoolSettings
from services import clock, las

from . import runs
from .base import AdminOnly


class UploadForm(FlaskForm):
    export = FileField("EDEXML-bestand", validators=[FileRequired("Kies een bestand.")])


class SyncNowForm(FlaskForm):
    """Only the CSRF token: the button starts a sync from the configured folder or URL."""


def local(moment):
    return clock.local_text(moment)


def run_row(run):
    """What the screens show of one run."""
    counts = las.counts_of(run)
    return {
        "id": run.id,
        "started": local(run.started_at),
        "finished": local(run.finished_at),
        "source": runs.LAS_SOURCES.get(run.source, run.source),
        "filename": run.filename,
        "outcome": run.outcome,
        "outcome_text": runs.las_outcome(run.outcome),
        "progress": run.progress,
        "running": run.outcome == "running",
        "counts": runs.las_counts(counts),
        "changes": run.changes.splitlines(),
        "errors": run.errors,
        "sha256": run.file_sha256 or "",
        "by": run.started_by.full_name if run.started_by_id else "systeem (planning)",
    }


def settings_rows(config):
    return [
        ("Map voor LAS-bestanden", config.get("LAS_SYNC_FOLDER") or "niet ingesteld"),
        ("Adres (URL) van de LAS-export", _shown_url(config.get("LAS_SYNC_URL"))),
        ("Ouders synchroniseren", "aan" if config.get("LAS_SYNC_PARENTS") else "uit"),
        ("Dagelijkse synchronisatie om", config.get("LAS_SYNC_TIME") or "niet ingesteld"),
        ("BRIN van de school", SchoolSettings.get_current().brin or "niet ingesteld (elk BRIN wordt aanvaard)"),
    ]


def _shown_url(url):
    return las._url_without_secrets(url) if url else "niet ingesteld"


def _options():
    config = current_app.config
    return {"sync_parents": bool(config.get("LAS_SYNC_PARENTS")), "max_bytes": config.get("MAX_CONTENT_LENGTH")}


def _report(run):
    text = runs.las_outcome(run.outcome)
    if run.outcome == "failed":
        flash(f"Synchronisatie mislukt: {run.errors}", "error")
    else:
        flash(f"Synchronisatie {text}.", "success")


class LasView(AdminOnly, BaseView):
    @expose("/")
    def index(self):
        """Settings, upload, "sync now" and the latest runs."""
        runs = [run_row(run) for run in LasSyncRun.select().order_by(LasSyncRun.id.desc()).limit(30)]
        config = current_app.config
        return self.render(
            "admin/las/index.html",
            settings=settings_rows(config),
            runs=runs,
            upload_form=UploadForm(),
            now_form=SyncNowForm(),
            can_sync_now=bool(config.get("LAS_SYNC_FOLDER") or config.get("LAS_SYNC_URL")),
        )

    @expose("/upload", methods=["POST"])
    def upload(self):
        """Sync the uploaded file now."""
        form = UploadForm()
        if not form.validate_on_submit():
            for errors in form.errors.values():
                for error in errors:
                    flash(error, "error")
            return redirect(url_for(".index"))
        upload = form.export.data
        run = las.run_sync(
            current_user._get_current_object(),
            upload.read(),
            "upload",
            filename=secure_filename(upload.filename or "") or "upload.xml",
            **_options(),
        )
        _report(run)
        return redirect(url_for(".run", run_id=run.id))

    @expose("/now", methods=["POST"])
    def sync_now(self):
        """Sync from the configured folder, or else the configured URL, now."""
        if not SyncNowForm().validate_on_submit():
            flash("Het formulier is verlopen; probeer het opnieuw.", "error")
            return redirect(url_for(".index"))
        config, actor = current_app.config, current_user._get_current_object()
        options = {**_options(), "expected_brin": SchoolSettings.get_current().brin}
        if config.get("LAS_SYNC_FOLDER"):
            run = las.sync_from_folder(actor, config["LAS_SYNC_FOLDER"], **options)
        elif config.get("LAS_SYNC_URL"):
            run = las.sync_from_url(actor, config["LAS_SYNC_URL"], **options)
        else:
            flash("Er is geen map en geen adres ingesteld; vraag de systeembeheerder.", "error")
            return redirect(url_for(".index"))
        _report(run)
        return redirect(url_for(".run", run_id=run.id))

    @expose("/run/<int:run_id>")
    def run(self, run_id):
        """One run in full; a running one refreshes itself until it is done."""
        run = LasSyncRun.get_or_none(LasSyncRun.id == run_id)
        if run is None:
            flash("Deze synchronisatie bestaat niet.", "error")
            return redirect(url_for(".index"))
        return self.render("admin/las/run.html", run=run_row(run))

    @expose("/run/<int:run_id>.json")
    def run_json(self, run_id):
        """Progress and outcome of one run, for a page that polls."""
        run = LasSyncRun.get_or_none(LasSyncRun.id == run_id)
        if run is None:
            return jsonify({"error": "onbekende synchronisatie"}), 404
        row = run_row(run)
        return jsonify(
            {key: row[key] for key in ("id", "outcome", "outcome_text", "progress", "running", "counts", "errors")}
        )


def register(admin):
    admin.add_view(LasView(name="LAS-koppeling", category="LAS en jaar", endpoint="las", url="/admin/las"))
