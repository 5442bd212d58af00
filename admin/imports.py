"""Admin screen "Importeren": download a template, upload a sheet, see the preview, confirm, get the passwords.

The work is done by `services.imports`. This module keeps the uploaded file between the preview and the
confirmation: in the instance upload folder under a random name that only this admin's session knows,
readable by the server alone, deleted once applied or cancelled (and swept after a few hours if abandoned).
"""

import base64
import datetime as dt
import hmac
import os
import re
import secrets
import time

from flask import Response, abort, current_app, flash, redirect, session, url_for
from flask_admin import BaseView, expose
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField

from services import imports, spreadsheets
from services.errors import DomainError

from .base import AdminOnly
from .export import XLSX_MIMETYPE

PENDING = "pending_import"  # session key: {"token", "kind", "filename", "user"}
TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")
ABANDONED_AFTER = dt.timedelta(hours=3)

try:
    from wtforms.fields.choices import SelectChoice  # WTForms 3.3 deprecates (value, label) tuples

    KIND_CHOICES = [SelectChoice(value=kind, label=name) for kind, name in imports.KINDS.items()]
except ImportError:
    KIND_CHOICES = list(imports.KINDS.items())


def actor():
    return current_user._get_current_object()


class UploadForm(FlaskForm):
    kind = SelectField("Wat wil je importeren?", choices=KIND_CHOICES)
    file = FileField("Bestand (.xlsx)", validators=[FileRequired("Kies een .xlsx-bestand.")])


class ConfirmForm(FlaskForm):
    token = HiddenField()


# --- The pending upload --------------------------------------------------------------------------------


def _folder():
    folder = os.path.join(current_app.config["UPLOAD_FOLDER"], "imports")
    os.makedirs(folder, mode=0o700, exist_ok=True)
    return folder


def _path(token):
    if not TOKEN.match(token or ""):
        raise ValueError("not an import token")
    return os.path.join(_folder(), token + ".xlsx")


def _sweep_abandoned():
    cutoff = time.time() - ABANDONED_AFTER.total_seconds()
    for entry in os.scandir(_folder()):
        if entry.is_file() and entry.stat().st_mtime < cutoff:
            try:
                os.remove(entry.path)
            except FileNotFoundError:
                pass  # another worker swept it first


def _keep(kind, filename, data):
    """Store the upload for the confirmation step, replacing this session's earlier one."""
    _forget()
    _sweep_abandoned()
    token = secrets.token_urlsafe(32)
    fd = os.open(_path(token), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    session[PENDING] = {"token": token, "kind": kind, "filename": filename, "user": current_user.id}
    return token


def _pending(token=None):
    """This admin's pending upload as (info, bytes), or (None, None); `token` must match when given."""
    info = session.get(PENDING)
    if not info or info.get("user") != current_user.id or info.get("kind") not in imports.KINDS:
        return None, None
    if token is not None and not hmac.compare_digest(str(token), info["token"]):
        return None, None
    try:
        with open(_path(info["token"]), "rb") as fh:
            return info, fh.read()
    except (OSError, ValueError):
        return None, None


def _forget():
    info = session.pop(PENDING, None)
    if info:
        try:
            os.remove(_path(info.get("token")))
        except (OSError, ValueError):
            pass


# --- What the pages show -------------------------------------------------------------------------------


def _planned_rows(rows):
    return [{"row": r.row, "login": r.login, "name": r.name, "details": "; ".join(r.changes)} for r in rows]


def _failure_rows(failures):
    return [{"row": f.row, "column": f.column, "reason": f.reason} for f in failures]


def _xlsx_data_uri(data):
    """The passwords sheet inside the page itself, so that it is never stored on the server."""
    return f"data:{XLSX_MIMETYPE};base64,{base64.b64encode(data).decode('ascii')}"


class ImportView(AdminOnly, BaseView):
    @expose("/")
    def index(self):
        """Choose what to import, download its template, upload the filled-in sheet."""
        return self._index(UploadForm())

    def _index(self, form):
        info, _data = _pending()
        return self.render(
            "admin/imports/index.html",
            form=form,
            kinds=list(imports.KINDS.items()),
            pending=info,
            max_rows=spreadsheets.MAX_ROWS,
            max_mb=spreadsheets.MAX_BYTES // (1024 * 1024),
        )

    @expose("/template/<kind>.xlsx")
    def template(self, kind):
        """The empty sheet for one kind, with its columns and an example row."""
        if kind not in imports.KINDS:
            abort(404)
        filename = f"template-{imports.KINDS[kind].lower()}.xlsx"
        return Response(
            imports.template(kind),
            mimetype=XLSX_MIMETYPE,
            headers={"Content-Disposition": f"attachment; filename={filename}"},
        )

    @expose("/preview/", methods=("GET", "POST"))
    def preview(self):
        """Upload (POST) or look again (GET): what the import would create, update and refuse; writes nothing."""
        form = UploadForm()
        if form.is_submitted():
            if not form.validate():
                for errors in form.errors.values():
                    for error in errors:
                        flash(error, "error")
                return self._index(form)
            data = form.file.data.read(spreadsheets.MAX_BYTES + 1)
            kind, filename = form.kind.data, os.path.basename(form.file.data.filename or "")[:200]
        else:
            info, data = _pending()
            if info is None:
                return redirect(url_for(".index"))
            kind, filename = info["kind"], info["filename"]
        try:
            preview = imports.preview(actor(), kind, data)
        except DomainError as exc:
            _forget()
            flash(f"{filename or 'Het bestand'} is niet geïmporteerd: {exc.message}", "error")
            return self._index(UploadForm(formdata=None, kind=kind))
        token = _keep(kind, filename, data) if form.is_submitted() else session[PENDING]["token"]
        return self.render(
            "admin/imports/preview.html",
            kind_name=imports.KINDS[kind].lower(),
            filename=filename,
            to_create=_planned_rows(preview.to_create),
            to_update=_planned_rows(preview.to_update),
            unchanged=preview.unchanged,
            failed=preview.failed,
            failures=_failure_rows(preview.failures),
            form=ConfirmForm(formdata=None, token=token),
            cancel_form=FlaskForm(),
        )

    @expose("/apply/", methods=("POST",))
    def apply(self):
        """Confirmed: import the file kept since the preview, in one transaction, and show the result once."""
        form = ConfirmForm()
        info, data = _pending(form.token.data) if form.validate_on_submit() else (None, None)
        if info is None:
            flash("Er staat geen import klaar om te bevestigen; upload het bestand opnieuw.", "error")
            return redirect(url_for(".index"))
        try:
            result = imports.apply(actor(), info["kind"], data)
        except DomainError as exc:
            flash(f"Er is niets geïmporteerd: {exc.message}", "error")
            return redirect(url_for(".preview"))
        _forget()
        page = self.render(
            "admin/imports/result.html",
            kind_name=imports.KINDS[result.kind].lower(),
            filename=info["filename"],
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
            failed=result.failed,
            failures=_failure_rows(result.failures),
            accounts=[
                {"login": login, "name": name, "password": password} for login, name, password in result.new_accounts
            ],
            passwords_xlsx=_xlsx_data_uri(imports.passwords_sheet(result)) if result.new_accounts else None,
            passwords_filename=f"wachtwoorden-{imports.KINDS[result.kind].lower()}-{dt.date.today()}.xlsx",
        )
        # The page holds passwords: no cache may keep it, and "back" must not show it again.
        return Response(page, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})

    @expose("/cancel/", methods=("POST",))
    def cancel(self):
        """Drop the uploaded file without importing it."""
        if FlaskForm().validate_on_submit():
            _forget()
            flash("De import is geannuleerd; er is niets gewijzigd.", "info")
        return redirect(url_for(".index"))


def register(admin):
    admin.add_view(ImportView(name="Importeren", category="Gebruikers", endpoint="imports", url="/admin/imports"))
