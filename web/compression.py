"""Gzip for the pages and JSON we render: the 30 x 300 goal matrix is 394 kB of HTML and about 38 kB gzipped.

Level 1 by default (GZIP_LEVEL): it keeps nine tenths of the saving at a third of the CPU of level 6 (1.3
against 3.7 ms for the matrix on this machine), and the web process is CPU-bound. 0 switches it off, for a
proxy that compresses itself. Files (static assets, downloads) pass as they are: the proxy serves those.
"""

import gzip

from flask import request

COMPRESSIBLE = {"text/html", "text/plain", "text/css", "text/csv", "application/json", "application/javascript"}
SMALLEST = 1000  # bytes: below this, gzip's header and the work cost more than they save


def register(app):
    level = app.config.get("GZIP_LEVEL", 1)
    if level:

        @app.after_request
        def _compress(response):
            return compress(response, level)


def compress(response, level):
    """The response gzipped when the browser accepts it and it is worth it; otherwise as it was."""
    response.vary.add("Accept-Encoding")
    if (
        response.direct_passthrough
        or response.is_streamed
        or response.status_code in (204, 304)
        or "Content-Encoding" in response.headers
        or response.mimetype not in COMPRESSIBLE
        or "gzip" not in request.accept_encodings
    ):
        return response
    body = response.get_data()
    if len(body) < SMALLEST:
        return response
    response.set_data(gzip.compress(body, compresslevel=level, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    return response
