"""What the back office says about recorded runs, in words: scheduled jobs (JobRun) and LAS syncs (LasSyncRun).

No screen shows `period_rollover`, `ok` or `{"periods": [], ...}`: a job has a Dutch name, an outcome a
Dutch word, and counts are said as sentences with the right singular or plural.
"""

import json

from .shown import count

JOB_NAMES = {
    "period_rollover": "Periodewissel",
    "las_sync": "LAS-synchronisatie",
    "bot_reminders": "Herinneringen leerplein",
}
JOB_OUTCOMES = {"running": "bezig", "ok": "gelukt", "failed": "mislukt"}
LAS_OUTCOMES = {"running": "bezig", "ok": "gelukt", "unchanged": "niets veranderd", "failed": "mislukt"}
LAS_SOURCES = {"upload": "upload", "folder": "map", "url": "adres (URL)"}
# LAS run counts: what was counted (plural noun) and what happened to it.
LAS_COUNTS = {
    "groups_created": ("groepen", "aangemaakt"),
    "groups_updated": ("groepen", "bijgewerkt"),
    "groups_archived": ("groepen", "gearchiveerd"),
    "pupils_created": ("leerlingen", "aangemaakt"),
    "pupils_linked": ("leerlingen", "gekoppeld aan een bestaand account"),
    "pupils_updated": ("leerlingen", "bijgewerkt"),
    "pupils_deactivated": ("leerlingen", "gedeactiveerd"),
    "pupils_reactivated": ("leerlingen", "weer actief"),
    "teachers_created": ("leraren", "aangemaakt"),
    "teachers_linked": ("leraren", "gekoppeld aan een bestaand account"),
    "teachers_updated": ("leraren", "bijgewerkt"),
    "teachers_deactivated": ("leraren", "gedeactiveerd"),
    "teachers_reactivated": ("leraren", "weer actief"),
    "parents_created": ("ouders", "aangemaakt"),
    "parents_linked": ("ouders", "gekoppeld aan een bestaand account"),
    "parents_updated": ("ouders", "bijgewerkt"),
    "parents_deactivated": ("ouders", "gedeactiveerd"),
    "parents_reactivated": ("ouders", "weer actief"),
    "memberships_added": ("groepsleden", "erbij"),
    "memberships_removed": ("groepsleden", "eraf"),
    "group_teachers_added": ("groepsleraren", "erbij"),
    "group_teachers_removed": ("groepsleraren", "eraf"),
    "parent_links_added": ("ouderkoppelingen", "erbij"),
    "parent_links_removed": ("ouderkoppelingen", "eraf"),
}
SINGULAR = {"groepsleden": "groepslid", "groepsleraren": "groepsleraar", "ouderkoppelingen": "ouderkoppeling"}


def job_name(job):
    return JOB_NAMES.get(job, job.replace("_", " ").capitalize())


def job_outcome(outcome):
    return JOB_OUTCOMES.get(outcome, outcome)


def las_outcome(outcome):
    return LAS_OUTCOMES.get(outcome, outcome)


def las_counts(counts):
    """A LAS run's counts ({"pupils_created": 3, ...}) as phrases: ["3 leerlingen aangemaakt", ...]."""
    phrases = []
    for key, number in counts.items():
        noun, verb = LAS_COUNTS.get(key, (key.replace("_", " "), ""))
        phrases.append(f"{count(number, noun, SINGULAR.get(noun))} {verb}".strip())
    return phrases


def _loads(text):
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _period_rollover(data):
    lines = []
    for period in data.get("periods") or ():
        name = period.get("period", "Een periode")
        if period.get("done"):
            lines.append(f"{name} doorgevoerd: {count(period.get('plans', 0), 'plannen')}.")
        else:
            lines.append(f"{name} was al doorgevoerd.")
    if not lines:
        lines.append("Er was geen periode aan de beurt.")
    newcomers = data.get("newcomer_plans") or 0
    if newcomers:
        lines.append(f"{count(newcomers, 'leerlingen').capitalize()} zonder plan kregen hun plan.")
    return " ".join(lines)


def _las_sync(data):
    if not data.get("sync_run"):
        return "Er was niets te synchroniseren."
    return f"LAS-synchronisatie {data['sync_run']}: {las_outcome(data.get('outcome', ''))}."


def _bot_reminders(data):
    sent, failed, retried = data.get("sent", 0), data.get("failed", 0), data.get("retried", 0)
    text = f"{count(sent, 'herinneringen', 'herinnering').capitalize()} verstuurd"
    if failed:
        text += f", {failed} niet aangekomen ({retried} worden opnieuw geprobeerd)"
    return text + "."


SENTENCES = {"period_rollover": _period_rollover, "las_sync": _las_sync, "bot_reminders": _bot_reminders}


def job_counts(job, counts_text):
    """A job run's counts (JSON text) as a Dutch sentence."""
    data = _loads(counts_text)
    if not data:
        return ""
    say = SENTENCES.get(job)
    if say is not None:
        try:
            return say(data)
        except (AttributeError, TypeError, KeyError):
            pass  # counts of an older shape: said plainly below
    return "; ".join(f"{key.replace('_', ' ')}: {value}" for key, value in data.items())


def first_line(text):
    """The first line of an error (its traceback follows in the details)."""
    return (text or "").split("\n", 1)[0]
