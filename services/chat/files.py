"""Files shared in a chat (SPEC 8): only document and picture types a school uses, checked by the file's
name *and* by its content, at most MAX_FILE_BYTES, kept in the upload folder like every other Document.

    share_file(actor, "group:7", uploaded, upload_folder=...)  -> ChatMessage of kind "file"
"""

import contextlib
import io
import os
import uuid
import zipfile

from models import Document, db

from .. import permissions
from ..errors import DomainError, PermissionDenied
from . import messages
from .rooms import resolve

MAX_FILE_BYTES = 10 * 1024 * 1024
# Extension -> (content type, check of the first bytes / the whole file)
_OOXML = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
_ODF = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    **_ODF,
}
ALLOWED_NAMES = "pdf, png, jpg, gif, docx, xlsx, pptx, odt, ods en odp"


def extension(filename):
    _, dot, ext = (filename or "").rpartition(".")
    return ext.lower() if dot else ""


def content_matches(ext, data):
    """True when the bytes are what the extension says (no renamed programs or web pages)."""
    if ext == "pdf":
        return data.startswith(b"%PDF-")
    if ext == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if ext in ("jpg", "jpeg"):
        return data.startswith(b"\xff\xd8\xff")
    if ext == "gif":
        return data[:6] in (b"GIF87a", b"GIF89a")
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if ext in _OOXML:
                return "[Content_Types].xml" in names and any(n.startswith(_OOXML[ext]) for n in names)
            if ext in _ODF and "mimetype" in names:
                return (
                    archive.getinfo("mimetype").file_size < 200
                    and archive.read("mimetype").decode("ascii", "replace").strip() == _ODF[ext]
                )
    except (zipfile.BadZipFile, ValueError, KeyError, OSError):
        return False
    return False


def read_limited(file_storage, max_bytes=MAX_FILE_BYTES, where="in de chat"):
    """The upload's bytes, read no further than one byte past `max_bytes`; DomainError when too big or empty."""
    stream = getattr(file_storage, "stream", file_storage)
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise DomainError(
            f"Dit bestand is te groot: een bestand {where} mag hoogstens {max_bytes // (1024 * 1024)} MB zijn."
        )
    if not data:
        raise DomainError("Dit bestand is leeg.")
    return data


def checked_upload(
    file_storage, allowed=CONTENT_TYPES, allowed_names=ALLOWED_NAMES, where="in de chat", verb="gedeeld"
):
    """(safe name, extension, content type, bytes) of an upload (`.filename` and a readable `.stream`) whose
    type is in `allowed` by its name *and* its content, within MAX_FILE_BYTES; DomainError otherwise. The
    name is judged before a byte is read."""
    filename = safe_filename(getattr(file_storage, "filename", ""))
    ext = extension(filename)
    if ext not in allowed:
        raise DomainError(f"Dit soort bestand kan niet {verb} worden. Toegestaan zijn {allowed_names}.")
    data = read_limited(file_storage, where=where)
    if not content_matches(ext, data):
        raise DomainError(
            f"De inhoud van dit bestand past niet bij .{ext}. Sla het opnieuw op als .{ext} en probeer het nog eens."
        )
    return filename, ext, CONTENT_TYPES[ext], data


def safe_filename(filename, default="bestand"):
    """The uploaded file's own name, without folders or characters that could trick a download."""
    name = os.path.basename((filename or "").replace("\\", "/")).strip()
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"/\\|?*')
    return name[-200:] or default


@contextlib.contextmanager
def stored_upload(upload_folder, prefix, ext, data):
    """Write `data` to a new file in the upload folder and yield its stored name; the file is removed again
    when the block fails, so that no file is kept without the rows that point at it."""
    os.makedirs(upload_folder, exist_ok=True)
    stored_name = f"{prefix}-{uuid.uuid4().hex}.{ext}"
    path = os.path.join(upload_folder, stored_name)
    with open(path, "xb") as fh:
        fh.write(data)
    try:
        yield stored_name
    except BaseException:
        os.remove(path)
        raise


def share_file(actor, room, file_storage, upload_folder, body=""):
    """Store an uploaded file (`file_storage`: has `.filename` and a readable `.stream`) and post it in
    `room` as a "file" message with `body` (default: the file's name). Staff only."""
    room = resolve(room)
    permissions.require(actor, "chat_write", room, message=messages.NO_WRITE)
    if "file" not in messages.allowed_kinds(actor):
        raise PermissionDenied("Alleen leraren kunnen bestanden delen in de chat.")
    filename, ext, content_type, data = checked_upload(file_storage)
    body = messages.clean_body(body or filename)

    with stored_upload(upload_folder, "chat", ext, data) as stored_name, db.atomic():
        document = Document.create(
            kind="chat",
            title=filename,
            filename=filename,
            stored_name=stored_name,
            content_type=content_type,
            size=len(data),
            uploaded_by=permissions.recorded_as(actor),
            **room.columns(),
        )
        message = messages.store_message(actor, room, body, kind="file", document=document)
    messages.announce(message, actor)
    return message
