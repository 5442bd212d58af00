"""The demo school: a believable Dutch primary school to try Doelpunt with (`flask --app app demo`).

`build()` writes the whole school in one transaction with bulk inserts, so that a demo of 400 pupils takes
seconds, and it draws every choice from a seeded random generator, so that every build is the same school.
"""
import datetime as dt
import os
import random
import time
import unicodedata

from peewee import chunked

from models import (Domain, Goal, GoalRating, GoalSet, GoalSetGoal, Group, GroupMember, GroupTeacher, GroupType,
                    LessonBlock, MyGroup, Note, NoteCategory, ParentLink, Period, Plan, PlanGoal, SchoolSettings,
                    Status, StatusChange, Subject, User, WeekTemplate, db, empty_all_tables, now)
from services import demo_chats, passwords, school
from services.demo_data import (ADULTS, BOYS, CLASS_NAMES, CLASS_TEACHERS, CURRICULUM, DESCRIPTIONS, GIRLS, STEPS,
                                SURNAMES)

PASSWORD = "regenboog"  # every demo account; the sign-in lines print it
DOMAIN = "regenboog.test"
SCHOOL_YEAR = "2026-2027"
SEED = 2026
CHUNK = 500  # rows per INSERT, within SQLite's limit on bound variables

PERIODS = [(1, "Periode 1", dt.date(2026, 8, 24), dt.date(2026, 11, 1)),
           (2, "Periode 2", dt.date(2026, 11, 2), dt.date(2027, 1, 24)),
           (3, "Periode 3", dt.date(2027, 1, 25), dt.date(2027, 4, 11)),
           (4, "Periode 4", dt.date(2027, 4, 12), dt.date(2027, 7, 16))]

FEATURED_CLASS = "Groep 5a"
# The accounts the sign-in lines name, built the same way whatever the number of pupils.
LOGINS = {"admin": f"beheer@{DOMAIN}", "teacher": f"juf.anna@{DOMAIN}", "coach": f"ib.marloes@{DOMAIN}",
          "assistant": f"leerplein.sanne@{DOMAIN}", "pupil": f"daan.vandijk@{DOMAIN}",
          "parent": f"linda.vandijk@{DOMAIN}"}


def build(pupils=400, force=False):
    """Build the demo school in one transaction; yield progress lines and, at the end, how to sign in."""
    started = time.perf_counter()
    if not force and (User.select().exists() or Subject.select().exists()):
        yield "De database bevat al gegevens: de demoschool wordt niet (opnieuw) gebouwd. " \
              "Gebruik --force om alles te vervangen door de demoschool."
        if User.select().where(User.login == LOGINS["admin"]).exists():
            yield from sign_in_lines()
        return
    with db.atomic():
        if force:
            _wipe()
            yield "Bestaande gegevens verwijderd."
        builder = _Builder(max(16, pupils))
        yield from builder.run()
    yield f"Klaar in {time.perf_counter() - started:.1f} s.".replace(".", ",", 1)
    yield from sign_in_lines()


def sign_in_lines():
    """How to sign in to the demo school: the address and an account for each kind of user."""
    url = f"http://{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}/login"
    accounts = [("beheerder", "admin"), (f"leraar {FEATURED_CLASS}", "teacher"), ("IB-er", "coach"),
                ("leerpleinassistent", "assistant"), (f"leerling {FEATURED_CLASS}", "pupil"),
                ("ouder van die leerling", "parent")]
    yield ""
    yield f"Inloggen op {url} (alle demo-accounts hebben hetzelfde wachtwoord):"
    for label, key in accounts:
        yield f"  {label + ':':<26} {LOGINS[key]:<34} wachtwoord {PASSWORD}"


def _wipe():
    """Empty every table but the schema version (only with force), then restore the default data."""
    empty_all_tables(db.obj)
    school.ensure_defaults()


def _insert(model, rows):
    for chunk in chunked(rows, CHUNK):
        model.insert_many(chunk).execute()


def _slug(text):
    ascii_text = unicodedata.normalize("NFKD", text.replace("ı", "i")).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_text.lower() if ch.isalnum())


class _Builder:
    """Writes the demo school step by step; ids of inserted rows are read back by their natural keys."""

    def __init__(self, pupil_count):
        self.rng = random.Random(SEED)
        self.pupil_count = pupil_count
        self.now = now()
        self.password_hash = passwords.hash_password(PASSWORD)  # once: argon2 is slow on purpose
        self.status = {s.key: s.id for s in Status.select()}
        self.logins = set()

    def run(self):
        school.ensure_defaults()
        self.school()
        yield "School OBS De Regenboog, schooljaar 2026-2027 met 4 periodes."
        goals = self.curriculum()
        yield f"Curriculum: {len(CURRICULUM)} hoofdgebieden, {goals} leerdoelen (niveau 1-8, periode 1-4)."
        self.staff()
        self.classes()
        yield f"Groepen: {len(CLASS_NAMES)} stamgroepen met {self.pupil_count} leerlingen, " \
              f"{len(self.teacher_ids)} leraren, {self.parent_count} ouders."
        self.extra_groups()
        yield "Extra groepen en doelensets: Coachgroep, Projectgroep Ruimte, Plusgroep rekenen, Leerplein."
        plan_goals, changes = self.plans()
        yield f"Plannen: {plan_goals} leerdoelen op plannen, {changes} statuswijzigingen in de geschiedenis."
        self.timetable()
        self.notes()
        yield "Weekrooster met lesblokken en groepsnotities."
        demo_chats.write(self.featured, self.group_ids, self.staff_ids, FEATURED_CLASS)
        yield "Chats: groepschat met een opdracht, voortgangsberichten van Daan, vragen op het leerplein."

    # --- school and curriculum -------------------------------------------------------------------------

    def school(self):
        SchoolSettings.update(name="OBS De Regenboog", brin="12AB", school_year=SCHOOL_YEAR, parent_access=True,
                              updated_at=self.now).where(SchoolSettings.id == SchoolSettings.get_current().id).execute()
        _insert(Period, [{"school_year": SCHOOL_YEAR, "number": n, "name": name, "start_date": start,
                          "end_date": end, "rolled_over_at": _early(start) if start <= self.now.date()
                          else None} for n, name, start, end in PERIODS])
        self.periods = {p.number: p for p in Period.select().where(Period.school_year == SCHOOL_YEAR)}

    def curriculum(self):
        _insert(Subject, [{"name": name, "position": i} for i, name in enumerate(CURRICULUM)])
        subject_ids = {s.name: s.id for s in Subject.select()}
        _insert(Domain, [{"subject": subject_ids[subject], "name": name, "position": i}
                         for subject, domains in CURRICULUM.items() for i, name in enumerate(domains)])
        domain_ids = {(d.subject_id, d.name): d.id for d in Domain.select()}
        rows, per_level = [], {}
        for subject, domains in CURRICULUM.items():
            for domain, lines in domains.items():
                for template, by_level in lines:
                    for level, fill in by_level.items():
                        # Spread each level's goals over the four periods, round robin across the domains.
                        count = per_level[level] = per_level.get(level, 0) + 1
                        rows.append({"domain": domain_ids[(subject_ids[subject], domain)],
                                     "title": template.format(fill), "level": level, "period": count % 4 + 1,
                                     "description": self.rng.choice(DESCRIPTIONS).format(
                                         lesson=self.rng.randint(1, 12)),
                                     "steps": "\n".join(self.rng.sample(STEPS, self.rng.randint(2, 4))),
                                     "position": level * 100 + count, "created_at": self._at(
                                         dt.date(2026, 6, 1), dt.date(2026, 7, 10))})
        _insert(Goal, rows)
        self.goals = list(Goal.select(Goal.id, Goal.title, Goal.level, Goal.period, Goal.domain).order_by(Goal.id))
        return len(self.goals)

    # --- people and groups --------------------------------------------------------------------------------

    def _user(self, role, first, infix, last, login=None, **fields):
        if login is None:
            base = f"{_slug(first)}.{_slug(infix + last)}"
            login, n = f"{base}@{DOMAIN}", 1
            while login in self.logins:
                n += 1
                login = f"{base}{n}@{DOMAIN}"
        self.logins.add(login)
        return {"login": login, "password_hash": self.password_hash, "role": role, "first_name": first,
                "infix": infix, "last_name": last, "created_at": self._at(dt.date(2026, 6, 15), dt.date(2026, 8, 20)),
                **fields}

    def _user_ids(self):
        return {u.login: u.id for u in User.select(User.id, User.login)}

    def staff(self):
        rows = [self._user("admin", "Wim", "de", "Haan", LOGINS["admin"]),
                self._user("teacher", "Marloes", "", "Janssen", LOGINS["coach"], is_coach=True),
                self._user("assistant", "Sanne", "", "Willems", LOGINS["assistant"])]
        self.class_teacher_logins = []
        for teachers in CLASS_TEACHERS:
            logins = [f"{title}.{_slug(first)}@{DOMAIN}" for title, first, _, _ in teachers]
            rows += [self._user("teacher", first, infix, last, login)
                     for login, (_, first, infix, last) in zip(logins, teachers)]
            self.class_teacher_logins.append(logins)
        _insert(User, rows)
        ids = self._user_ids()
        self.staff_ids = {key: ids[LOGINS[key]] for key in ("admin", "coach", "assistant")}
        self.class_teachers = [[ids[login] for login in logins] for logins in self.class_teacher_logins]
        self.teacher_ids = [t for ts in self.class_teachers for t in ts] + [self.staff_ids["coach"]]

    def classes(self):
        stamgroep = GroupType.get(name="Stamgroep").id
        _insert(Group, [{"name": name, "group_type": stamgroep, "school_year": SCHOOL_YEAR, "year_level": i // 2 + 1,
                         "created_by": self.staff_ids["admin"], "created_at": self._at(dt.date(2026, 7, 1),
                                                                                     dt.date(2026, 7, 10))}
                        for i, name in enumerate(CLASS_NAMES)])
        self.group_ids = {g.name: g.id for g in Group.select(Group.id, Group.name)}
        _insert(GroupTeacher, [{"group": self.group_ids[name], "teacher": t}
                               for name, teachers in zip(CLASS_NAMES, self.class_teachers) for t in teachers])
        # Seats per class, then families of one to three children (siblings in different classes).
        seats = [name for i, name in enumerate(CLASS_NAMES)
                 for _ in range(self.pupil_count // 16 + (i < self.pupil_count % 16))]
        seats.remove(FEATURED_CLASS)
        seats.remove("Groep 2b")
        self.rng.shuffle(seats)
        families = [(("van", "Dijk"), [("Daan", FEATURED_CLASS), ("Emma", "Groep 2b")], ["Linda", "Mark"])]
        while seats:
            children = [seats.pop()]
            for _ in range(self.rng.choices([0, 1, 2], [60, 30, 10])[0]):
                other = next((s for s in seats if s[:-1] not in {c[:-1] for c in children}), None)
                if other:
                    seats.remove(other)
                    children.append(other)
            names = self.rng.sample(BOYS + GIRLS, len(children))
            parents = self.rng.sample(ADULTS, self.rng.choices([1, 2], [35, 65])[0])
            families.append((self.rng.choice(SURNAMES), list(zip(names, children)), parents))
        pupil_rows, parent_rows, links, members = [], [], [], []
        for (infix, last), children, parents in families:
            child_logins = []
            for first, class_name in children:
                level = int(class_name.split()[1][:-1])
                row = self._user("pupil", first, infix, last, level=level, enrolled_on=dt.date(2027 - level, 8, 24))
                pupil_rows.append(row)
                child_logins.append(row["login"])
                members.append((class_name, row["login"]))
            for i, first in enumerate(parents):
                # A second parent sometimes carries another surname.
                p_infix, p_last = (infix, last) if i == 0 or self.rng.random() < 0.6 else self.rng.choice(SURNAMES)
                row = self._user("parent", first, p_infix, p_last)
                parent_rows.append(row)
                links += [(row["login"], child) for child in child_logins]
        _insert(User, pupil_rows + parent_rows)
        ids = self._user_ids()
        _insert(ParentLink, [{"parent": ids[p], "pupil": ids[c]} for p, c in links])
        _insert(GroupMember, [{"group": self.group_ids[g], "pupil": ids[login],
                               "added_at": self._at(dt.date(2026, 7, 1), dt.date(2026, 7, 10))}
                              for g, login in members])
        self.parent_count = len(parent_rows)
        self.pupils = {ids[row["login"]]: row["level"] for row in pupil_rows}
        self.class_of = {ids[login]: g for g, login in members}
        self.featured = {key: ids[LOGINS[key]] for key in ("pupil", "parent", "teacher")}

    def extra_groups(self):
        types = {t.name: t.id for t in GroupType.select()}
        by_level = {}
        for pupil, level in self.pupils.items():
            by_level.setdefault(level, []).append(pupil)
        ruimte = [g.id for g in self.goals if any(w in g.title for w in ("planeten", "dag en nacht", "de maan er"))]
        plus = [g.id for g in self.goals if g.level == 7 and g.domain_id in self._domains("Verhoudingen")]
        sets = [("Thema Ruimte", "Een thema van zes weken over de aarde, de maan en de planeten.",
                 "Week 1-2: planeten in volgorde, maak een schaalmodel op het schoolplein.\n"
                 "Week 3-4: dag en nacht, proef met de lamp en de globe.\n"
                 "Week 5-6: presentatie voor de ouders.", ruimte),
                ("Plusgroep rekenen", "Verrijking voor sterke rekenaars uit groep 6: verhoudingen een jaar eerder.",
                 "Elke dinsdag instructie bij meester Tom, daarna zelfstandig werken met de plustaak.", plus),
                ("Kinderboekenweek", "Leesbevordering rond het thema van de Kinderboekenweek.",
                 "Kies een boek uit de klassenbieb en maak een boekpromotie.",
                 [g.id for g in self.goals if "boek" in g.title and "woordenboek" not in g.title][:4])]
        _insert(GoalSet, [{"name": name, "description": text, "plan": plan, "created_by": self.featured["teacher"],
                           "created_at": self._at(dt.date(2026, 8, 24), dt.date(2026, 9, 11))}
                          for name, text, plan, _ in sets])
        set_ids = {s.name: s.id for s in GoalSet.select()}
        _insert(GoalSetGoal, [{"goal_set": set_ids[name], "goal": g, "position": i}
                              for name, _, _, goal_ids in sets for i, g in enumerate(goal_ids)])
        self.goal_set_goals = {set_ids[name]: goal_ids for name, _, _, goal_ids in sets}

        def pick(levels, share):
            chosen = [p for level in levels for p in by_level.get(level, []) if self.rng.random() < share]
            return chosen or by_level[levels[0]][:1]

        coach, assistant = self.staff_ids["coach"], self.staff_ids["assistant"]
        extra = [("Coachgroep juf Marloes", "Coachgroep", None, [coach], pick([6], 0.15)),
                 ("Projectgroep Ruimte", "Projectgroep", set_ids["Thema Ruimte"], self.class_teachers[8],
                  pick([5, 6], 0.35)),
                 ("Plusgroep rekenen", "Projectgroep", set_ids["Plusgroep rekenen"], [self.class_teachers[8][1]],
                  pick([6], 0.2)),
                 ("Leerplein bovenbouw", "Roostergroep", None, [assistant], pick([7, 8], 0.3))]
        _insert(Group, [{"name": name, "group_type": types[kind], "goal_set": goal_set, "school_year": SCHOOL_YEAR,
                         "created_by": teachers[0], "created_at": self._at(dt.date(2026, 8, 24),
                                                                           dt.date(2026, 9, 18))}
                        for name, kind, goal_set, teachers, _ in extra])
        self.group_ids = {g.name: g.id for g in Group.select(Group.id, Group.name)}
        _insert(GroupTeacher, [{"group": self.group_ids[name], "teacher": t}
                               for name, _, _, teachers, _ in extra for t in teachers])
        _insert(GroupMember, [{"group": self.group_ids[name], "pupil": p, "added_at": self._at(
            dt.date(2026, 9, 1), dt.date(2026, 9, 25))} for name, _, _, _, members in extra for p in members])
        self.goal_set_members = [(goal_set, teachers, members)
                                 for _, _, goal_set, teachers, members in extra if goal_set]
        _insert(MyGroup, [{"group": self.group_ids[name], "teacher": coach}
                          for name in ("Groep 3b", "Groep 5a", "Groep 5b", "Groep 8a")] +
                [{"group": self.group_ids["Plusgroep rekenen"], "teacher": self.featured["teacher"]}])

    def _domains(self, name):
        return {d.id for d in Domain.select().where(Domain.name == name)}

    # --- plans and their history --------------------------------------------------------------------------

    # Status paths after the first step onto the plan, with weights, per period of the goal.
    PATHS = {
        1: [(["highlighted", "achieved"], 45), (["achieved"], 25), (["highlighted", "practising", "achieved"], 12),
            (["practising"], 8), (["highlighted", "practising"], 6), (["highlighted"], 2), ([], 2)],
        2: [([], 35), (["highlighted"], 25), (["practising"], 10), (["highlighted", "practising"], 12),
            (["highlighted", "achieved"], 12), (["achieved"], 6)],
    }

    def plans(self):
        by_level_period = {}
        for goal in self.goals:
            by_level_period.setdefault((goal.level, goal.period), []).append(goal.id)
        teachers_of = {name: ts for name, ts in zip(CLASS_NAMES, self.class_teachers)}
        plan_goals, histories, plans = [], {}, []
        for pupil, level in self.pupils.items():
            teachers = teachers_of[self.class_of[pupil]]
            for number in (1, 2):
                start = self.periods[number].start_date
                plans.append({"pupil": pupil, "period": self.periods[number].id, "generated_at": _early(start)})
                for goal in by_level_period.get((level, number), []):
                    path = self.rng.choices(*zip(*self.PATHS[number]))[0]
                    steps = [(None, "current", "rollover", None, _early(start))]
                    steps += self._steps(path, start, self.periods[number].end_date, teachers)
                    histories[(pupil, goal)] = steps
            # Part of period 3 already stands on the coming plan.
            for goal in by_level_period.get((level, 3), [])[:3]:
                histories[(pupil, goal)] = [(None, "coming", "web", self.rng.choice(teachers),
                                             self._at(dt.date(2026, 11, 9), dt.date(2026, 11, 20)))]
        for goal_set, teachers, members in self.goal_set_members:
            for pupil in members:
                for goal in self.goal_set_goals[goal_set]:
                    if (pupil, goal) not in histories:
                        start = dt.date(2026, 9, 28)
                        histories[(pupil, goal)] = [(None, "current", "goal_set", teachers[0], self._at(start, start))]
                        histories[(pupil, goal)] += self._steps(self.rng.choice([[], ["highlighted"], ["achieved"]]),
                                                                start, dt.date(2026, 11, 20), teachers)
                        plan_goals.append((pupil, goal, goal_set))
        via_set = {(p, g): s for p, g, s in plan_goals}
        _insert(Plan, plans)
        _insert(PlanGoal, [{"pupil": p, "goal": g, "status": self.status[steps[-1][1]],
                            "source": "goal_set" if (p, g) in via_set else "generated", "goal_set": via_set.get((p, g)),
                            "added_at": steps[0][4], "changed_at": steps[-1][4]}
                           for (p, g), steps in histories.items()])
        ids = {(pg.pupil_id, pg.goal_id): pg.id for pg in PlanGoal.select(PlanGoal.id, PlanGoal.pupil, PlanGoal.goal)}
        changes, ratings = [], []
        for key, steps in histories.items():
            for from_key, to_key, channel, teacher, at in steps:
                changes.append({"plan_goal": ids[key], "from_status": self.status.get(from_key),
                                "to_status": self.status[to_key], "changed_by": teacher, "changed_at": at,
                                "channel": channel})
            if steps[-1][1] in ("highlighted", "achieved") and self.pupils[key[0]] >= 5 and self.rng.random() < 0.3:
                ratings.append({"plan_goal": ids[key], "effort": self.rng.randint(2, 3),
                                "quality": self.rng.randint(1, 3), "channel": "bot", "rated_at": steps[-1][4]})
        _insert(StatusChange, changes)
        _insert(GoalRating, ratings)
        return len(histories), len(changes)

    def _steps(self, path, start, end, teachers):
        """History rows for a path of statuses, set by the class's teachers at moments within the period."""
        rows, previous, moment, last = [], "current", start + dt.timedelta(days=3), _early(start)
        for key in path:
            at = max(self._at(moment, end), last + dt.timedelta(minutes=self.rng.randint(5, 120)))
            rows.append((previous, key, "web", self.rng.choice(teachers), at))
            previous, moment, last = key, at.date() + dt.timedelta(days=1), at
        return rows

    def _at(self, first, last):
        """A moment on a school day between two dates (08:15-16:00), never later than now."""
        share, minutes = self.rng.random(), self.rng.randint(0, 465)  # same draws whatever the date
        latest = min(last, self.now.date() - dt.timedelta(days=1))
        day = first + dt.timedelta(days=round(share * max(0, (latest - first).days)))
        while day.weekday() > 4 and day > first:
            day -= dt.timedelta(days=1)
        return dt.datetime.combine(day, dt.time(8, 15)) + dt.timedelta(minutes=minutes)

    # --- timetable and notes ----------------------------------------------------------------------------

    def timetable(self):
        WeekTemplate.insert(name="Rooster 2026-2027", school_year=SCHOOL_YEAR, valid_from=PERIODS[0][2],
                            valid_until=PERIODS[-1][3]).execute()
        template = WeekTemplate.get(WeekTemplate.school_year == SCHOOL_YEAR).id
        upper = [("08:30", "09:30", "Rekenen"), ("09:30", "10:15", "Taal"), ("10:30", "11:15", "Lezen"),
                 ("11:15", "12:00", "Leerplein"), ("13:00", "14:15", "Wereldoriëntatie")]
        lower = [("08:30", "09:15", "Kring"), ("09:15", "10:15", "Spelen en werken"),
                 ("10:30", "12:00", "Buiten en gym")]
        rows = []
        for i, (name, teachers) in enumerate(zip(CLASS_NAMES, self.class_teachers)):
            for weekday in range(5):
                day = lower if i < 4 else upper
                for start, end, title in (day[:3] if weekday == 2 else day):
                    if weekday in (1, 3) and title == "Taal":
                        title = "Spelling"
                    rows.append({"week_template": template, "weekday": weekday, "start_time": _time(start),
                                 "end_time": _time(end), "title": title, "group": self.group_ids[name],
                                 "teacher": teachers[0] if weekday < 3 or len(teachers) == 1 else teachers[1],
                                 "room": "Leerplein" if title == "Leerplein" else f"Lokaal {i + 1}",
                                 "is_learning_square": title == "Leerplein"})
        for weekday in (1, 3):
            rows.append({"week_template": template, "weekday": weekday, "start_time": _time("13:00"),
                         "end_time": _time("14:00"), "title": "Leerplein",
                         "group": self.group_ids["Leerplein bovenbouw"],
                         "teacher": self.staff_ids["assistant"], "room": "Leerplein", "is_learning_square": True})
        _insert(LessonBlock, rows)

    def notes(self):
        categories = {c.name: c.id for c in NoteCategory.select()}
        featured_group, teacher = self.group_ids[FEATURED_CLASS], self.featured["teacher"]
        rows = [
            (featured_group, None, "notitie", "Deze week extra instructie klok kijken (kwartier) aan de "
             "instructietafel voor vijf kinderen; de rest werkt op het leerplein aan de plustaak.", "rekenen klok"),
            (featured_group, None, "overdracht", "Overdracht voor meester Tom: de verhoudingstabel is herhaald, de "
             "toets staat donderdag gepland. Let op de nieuwe leesgroepen.", "overdracht"),
            (featured_group, self.featured["pupil"], "leerlingbespreking", "Daan leest sneller dan verwacht; "
             "bespreken of hij kan aansluiten bij de leesgroep van groep 6.", "lezen"),
            (self.group_ids["Groep 3a"], None, "notitie", "Kern 4 van de leesmethode afgerond. De letters 'eu' en 'ui' "
             "worden nog vaak verwisseld.", "lezen letters"),
            (self.group_ids["Groep 8b"], None, "notitie", "De eindtoets is in april; in de planning ruimte maken voor "
             "de oefentoets in februari.", "eindtoets"),
            (self.group_ids["Projectgroep Ruimte"], None, "notitie", "Schaalmodel van het zonnestelsel staat op het "
             "schoolplein; foto's in het groepsdocument.", "ruimte"),
        ]
        _insert(Note, [{"group": g, "pupil": p, "author": teacher if g == featured_group else self.staff_ids["coach"],
                        "category": categories.get(c), "body": body, "tags": tags,
                        "created_at": self._at(dt.date(2026, 10, 1), dt.date(2026, 11, 20))}
                       for g, p, c, body, tags in rows])


def _early(day):
    """The moment the scheduled period rollover runs: early in the morning of the period's first day."""
    return dt.datetime.combine(day, dt.time(6, 0))


def _time(text):
    return dt.time(*map(int, text.split(":")))
