"""The people of one LAS sync run, for compare.py: each pupil, teacher or parent in the file created, updated,
(re)activated or deactivated (the matching rules are in services/las/__init__.py). Nothing here writes.
"""

from .match import FIELD_NAMES, PARENT, PUPIL, TEACHER, label_of, login_candidate, name_fields

UNUSABLE_PASSWORD = "!las-sync"  # no argon2 hash: no password verifies until a reset sets one


def person_label(changes, las_key):
    person = changes.people.get(las_key)
    return label_of(name_fields(person), person.key) if person else las_key


def sync_people(changes, kind, people, users, today, desired_of):
    """Create, update, (re)activate and deactivate the users of one kind; return the las_keys active after."""
    noun = {PUPIL: "Leerling", TEACHER: "Leraar", PARENT: "Ouder"}[kind]
    count = {PUPIL: "pupils", TEACHER: "teachers", PARENT: "parents"}[kind]
    in_file, active_after = set(), set()
    for person in people:
        las_key = kind + person.key
        in_file.add(las_key)
        changes.people[las_key] = person
        current = users.get(las_key)
        desired = desired_of(person, current, today)
        if desired is None:  # not enrolled yet
            if current is not None and current["active"]:
                active_after.add(las_key)
            continue
        if current is None:
            if not desired["active"]:
                continue  # left before we ever knew them
            row = {
                **desired,
                "las_key": las_key,
                "password_hash": UNUSABLE_PASSWORD,
                "created_at": changes.at,
                "login": login_candidate(kind, person.key, desired, person.emailadres),
            }
            row.setdefault("role", {PUPIL: "pupil", PARENT: "parent"}.get(kind))
            changes.user_inserts.append(row)
            changes.log(f"{count}_created", f"{noun} aangemaakt: {label_of(desired, person.key)}")
            active_after.add(las_key)
            continue
        update = {name: value for name, value in desired.items() if current[name] != value}
        if desired["active"]:
            active_after.add(las_key)
        if current.get("linking"):  # an account made here, linked to its LAS record now (existing.py)
            changes.user_updates.append((current["id"], {"las_key": las_key}))
        if not update:
            continue
        label = label_of(desired, person.key)
        if "active" in update:
            update["deactivated_at"] = None if desired["active"] else changes.at
            if desired["active"]:
                changes.log(f"{count}_reactivated", f"{noun} weer actief: {label}")
            else:
                reason = f"uitstroomdatum {desired['left_on']}" if desired.get("left_on") else "uitgeschreven"
                changes.log(f"{count}_deactivated", f"{noun} gedeactiveerd: {label} ({reason})")
        else:
            fields = ", ".join(sorted(FIELD_NAMES.get(name, name) for name in update))
            changes.log(f"{count}_updated", f"{noun} bijgewerkt: {label}: {fields}")
        changes.user_updates.append((current["id"], update))
    for las_key, current in users.items():
        if las_key.startswith(kind) and las_key not in in_file and current["active"]:
            changes.user_updates.append((current["id"], {"active": False, "deactivated_at": changes.at}))
            name = label_of(current, las_key[len(kind) :])
            changes.log(f"{count}_deactivated", f"{noun} gedeactiveerd: {name} (niet meer in de LAS)")
    return active_after
