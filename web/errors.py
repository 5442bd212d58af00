"""Error pages and the mapping of service errors to HTTP answers, in Dutch."""

from flask import flash, jsonify, redirect, render_template, request
from flask_wtf.csrf import CSRFError

from services.errors import DomainError, NotFound, PermissionDenied

PAGES = {
    400: ("Ongeldig verzoek", "Dit verzoek kunnen we niet verwerken."),
    401: ("Niet ingelogd", "Log in om verder te gaan."),
    403: ("Geen toegang", "Je hebt geen toegang tot deze pagina."),
    404: ("Niet gevonden", "Deze pagina bestaat niet (meer)."),
    405: ("Niet toegestaan", "Deze pagina kan zo niet gebruikt worden."),
    409: ("Al gewijzigd", "Iemand anders heeft dit intussen gewijzigd."),
    413: ("Te groot", "Het bestand is te groot."),
    429: ("Even wachten", "Te veel verzoeken. Probeer het over enkele minuten opnieuw."),
    500: ("Er ging iets mis", "Er ging iets mis aan onze kant. Probeer het later opnieuw."),
}
CSRF_MESSAGE = "Het formulier is verlopen. Laad de pagina opnieuw."


def _wants_json():
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return request.is_json or best == "application/json"


def error_page(status, message=None, show_message=True):
    """An error answer: JSON for scripts, else the Dutch error page."""
    title, default = PAGES.get(status, PAGES[500] if status >= 500 else PAGES[400])
    message = message or default
    if _wants_json():
        return jsonify(error=message), status
    return render_template(
        "errors/error.html", status=status, title=title, message=message if show_message else None
    ), status


def _csrf_failed(error):
    return error_page(400, CSRF_MESSAGE)


def _domain_error(error):
    """A rule of the school was broken in a view: show its Dutch message with its status."""
    if not _wants_json():
        flash(error.message, "error")
        return error_page(error.status_code, error.message, show_message=False)
    return error_page(error.status_code, error.message)


def _http_error(error):
    return error_page(error.code)


def _server_error(error):
    """Flask has logged the exception already; show the page, or plain text if even that fails."""
    try:
        return error_page(500)
    except Exception:  # the page itself failed (the database may be down)
        return PAGES[500][1], 500, {"Content-Type": "text/plain; charset=utf-8"}


def run_and_go_back(do, done, back, missing_page=False):
    """Run `do()` (a service call); flash `done` (text, or a function of the result) or the service's Dutch
    refusal, in which case nothing was written; then go to `back`. Who may not do it at all gets the 403 page,
    and with `missing_page` a thing that is not there the 404 page rather than a flashed message."""
    try:
        result = do()
    except PermissionDenied:
        raise
    except DomainError as refused:
        if missing_page and isinstance(refused, NotFound):
            raise
        flash(refused.message, "error")
    else:
        flash(done(result) if callable(done) else done, "success")
    return redirect(back)


def register(app):
    app.register_error_handler(CSRFError, _csrf_failed)
    app.register_error_handler(DomainError, _domain_error)
    for status in PAGES:
        if status != 500:
            app.register_error_handler(status, _http_error)
    app.register_error_handler(500, _server_error)
