"""The LAS link: make the school match an EDEXML export (SPEC.md 6).

    run_sync(actor, data, source, filename="", today=None, sync_parents=False, expected_brin=None,
             on_progress=None, max_bytes=None) -> LasSyncRun
    sync_from_folder(actor, folder, **options) -> LasSyncRun
    sync_from_url(actor, url, timeout=30, **options) -> LasSyncRun

A run works in phases. Outside any transaction it records itself (outcome "running"), parses the file,
checks that it belongs to this school and compares it with the database, committing its progress between
phases so that an admin page can follow it. Only then does it apply every change in ONE transaction of bulk
statements, which also records the outcome: a process killed halfway leaves the database as it was, and the
next run does the whole job. A file that matches the school already writes nothing but its run record.

Matching rules:
- users by `las_key`, which is the LAS key with its kind in front ("leerling:00001", "leerkracht:LK1",
  "ouder:O1"): pupil and teacher keys are separate key spaces in EDEXML and may collide;
- groups by (`las_key`, `school_year` of the file): a new school year's "4A" is a new group and never last
  year's, whose group-bound data stays with it (seeds/004). A `groep` becomes a Stamgroep with its
  jaargroep as year level, a `samengestelde_groep` a Parnassys-groep. A LAS group of the file's year that
  left the file is archived; groups of other years are the year rollover's business;
- pupils exist from their `instroomdatum` on (a later one is left alone until that day) and are deactivated
  the day after their `uitstroomdatum`; pupils, teachers and (with the switch on) parents missing from the
  file are deactivated, never deleted; new accounts get an unusable password (a reset gives them one);
- the members of the file's groups are exactly the active pupils the file puts in them; a LAS teacher's
  links to those groups follow the file (a reference that carries only management or support roles, such
  as a director's, makes no teacher of the group: match.teaches), teachers added in Doelpunt stay;
- a file of another school year than the school's is refused: an older one would bring back pupils who
  left, and a later one (the LAS turns its year over in the summer) must wait for the year rollover, or
  pupils would move up twice;
- accounts made in Doelpunt before the LAS knew them are linked to their LAS record by ECK iD or e-mail,
  never doubled, and an ECK iD stays with one account (existing.py).

The parts: run.py (a run and its phases), sources.py (folder and URL), match.py (what the file says each
person should be), existing.py (accounts made before the link), people.py (each person created, updated or
deactivated), compare.py (the file against the school) and apply.py (the write transaction).
"""

from .compare import GROUP_TYPE, SyncRejected
from .match import ASSISTANT_ROLES, FIELD_NAMES, PARENT, PUPIL, TEACHER
from .people import UNUSABLE_PASSWORD
from .run import counts_of, run_sync
from .sources import sync_from_folder, sync_from_url, url_without_secrets

_url_without_secrets = url_without_secrets  # admin/las.py shows the configured URL with it

__all__ = [
    "ASSISTANT_ROLES",
    "FIELD_NAMES",
    "GROUP_TYPE",
    "PARENT",
    "PUPIL",
    "TEACHER",
    "UNUSABLE_PASSWORD",
    "SyncRejected",
    "counts_of",
    "run_sync",
    "sync_from_folder",
    "sync_from_url",
    "url_without_secrets",
]
