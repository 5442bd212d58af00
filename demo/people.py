"""The demo school's people: staff, the sixteen base groups with their teachers, pupils, and their parents.

Pupils come in families of one to three children (siblings in different classes) with one or two parents;
the featured family (Daan in Groep 5a, his sister Emma in Groep 2b, parents Linda and Mark) is always there.
"""

import datetime as dt
import unicodedata

from models import Group, GroupMember, GroupTeacher, GroupType, ParentLink, User

from .builder import DOMAIN, FEATURED_CLASS, LOGINS, SCHOOL_YEAR, insert
from .names import ADULTS, BOYS, CLASS_NAMES, CLASS_TEACHERS, GIRLS, SURNAMES


def staff(builder):
    """Write the admin, the coach, the learning-square assistant and the class teachers."""
    rows = [
        _user(builder, "admin", "Wim", "de", "Haan", LOGINS["admin"]),
        _user(builder, "teacher", "Marloes", "", "Janssen", LOGINS["coach"], is_coach=True),
        _user(builder, "assistant", "Sanne", "", "Willems", LOGINS["assistant"]),
    ]
    class_teacher_logins = []
    for teachers in CLASS_TEACHERS:
        logins = [f"{title}.{_slug(first)}@{DOMAIN}" for title, first, _, _ in teachers]
        rows += [
            _user(builder, "teacher", first, infix, last, login)
            for login, (_, first, infix, last) in zip(logins, teachers)
        ]
        class_teacher_logins.append(logins)
    insert(User, rows)
    ids = _user_ids()
    builder.staff_ids = {key: ids[LOGINS[key]] for key in ("admin", "coach", "assistant")}
    builder.class_teachers = [[ids[login] for login in logins] for logins in class_teacher_logins]
    builder.teacher_ids = [t for ts in builder.class_teachers for t in ts] + [builder.staff_ids["coach"]]


def classes(builder):
    """Write the base groups with their teachers, and fill them with families of pupils and parents."""
    rng = builder.rng
    stamgroep = GroupType.get(name="Stamgroep").id
    insert(
        Group,
        [
            {
                "name": name,
                "group_type": stamgroep,
                "school_year": SCHOOL_YEAR,
                "year_level": i // 2 + 1,
                "created_by": builder.staff_ids["admin"],
                "created_at": builder.at(dt.date(2026, 7, 1), dt.date(2026, 7, 10)),
            }
            for i, name in enumerate(CLASS_NAMES)
        ],
    )
    builder.group_ids = {g.name: g.id for g in Group.select(Group.id, Group.name)}
    insert(
        GroupTeacher,
        [
            {"group": builder.group_ids[name], "teacher": t}
            for name, teachers in zip(CLASS_NAMES, builder.class_teachers)
            for t in teachers
        ],
    )
    # Seats per class, then families of one to three children (siblings in different classes).
    seats = [
        name
        for i, name in enumerate(CLASS_NAMES)
        for _ in range(builder.pupil_count // 16 + (i < builder.pupil_count % 16))
    ]
    seats.remove(FEATURED_CLASS)
    seats.remove("Groep 2b")
    rng.shuffle(seats)
    families = [(("van", "Dijk"), [("Daan", FEATURED_CLASS), ("Emma", "Groep 2b")], ["Linda", "Mark"])]
    while seats:
        children = [seats.pop()]
        for _ in range(rng.choices([0, 1, 2], [60, 30, 10])[0]):
            other = next((s for s in seats if s[:-1] not in {c[:-1] for c in children}), None)
            if other:
                seats.remove(other)
                children.append(other)
        names = rng.sample(BOYS + GIRLS, len(children))
        parents = rng.sample(ADULTS, rng.choices([1, 2], [35, 65])[0])
        families.append((rng.choice(SURNAMES), list(zip(names, children)), parents))
    pupil_rows, parent_rows, links, members = [], [], [], []
    for (infix, last), children, parents in families:
        child_logins = []
        for first, class_name in children:
            level = int(class_name.split()[1][:-1])
            row = _user(builder, "pupil", first, infix, last, level=level, enrolled_on=dt.date(2027 - level, 8, 24))
            pupil_rows.append(row)
            child_logins.append(row["login"])
            members.append((class_name, row["login"]))
        for i, first in enumerate(parents):
            # A second parent sometimes carries another surname.
            p_infix, p_last = (infix, last) if i == 0 or rng.random() < 0.6 else rng.choice(SURNAMES)
            row = _user(builder, "parent", first, p_infix, p_last)
            parent_rows.append(row)
            links += [(row["login"], child) for child in child_logins]
    insert(User, pupil_rows + parent_rows)
    ids = _user_ids()
    insert(ParentLink, [{"parent": ids[p], "pupil": ids[c]} for p, c in links])
    insert(
        GroupMember,
        [
            {
                "group": builder.group_ids[g],
                "pupil": ids[login],
                "added_at": builder.at(dt.date(2026, 7, 1), dt.date(2026, 7, 10)),
            }
            for g, login in members
        ],
    )
    builder.parent_count = len(parent_rows)
    builder.pupils = {ids[row["login"]]: row["level"] for row in pupil_rows}
    builder.class_of = {ids[login]: g for g, login in members}
    builder.featured = {key: ids[LOGINS[key]] for key in ("pupil", "parent", "teacher")}


def _user(builder, role, first, infix, last, login=None, **fields):
    """A user row; without a login, first.last@DOMAIN with a number when that is taken."""
    if login is None:
        base = f"{_slug(first)}.{_slug(infix + last)}"
        login, n = f"{base}@{DOMAIN}", 1
        while login in builder.logins:
            n += 1
            login = f"{base}{n}@{DOMAIN}"
    builder.logins.add(login)
    return {
        "login": login,
        "password_hash": builder.password_hash,
        "role": role,
        "first_name": first,
        "infix": infix,
        "last_name": last,
        "created_at": builder.at(dt.date(2026, 6, 15), dt.date(2026, 8, 20)),
        **fields,
    }


def _user_ids():
    return {u.login: u.id for u in User.select(User.id, User.login)}


def _slug(text):
    ascii_text = unicodedata.normalize("NFKD", text.replace("ı", "i")).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_text.lower() if ch.isalnum())
