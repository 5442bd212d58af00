"""The demo school's year and curriculum: school settings, the four periods, subjects, domains and goals.

Goals come from the learning lines in `data.CURRICULUM`: each level's goals spread over the four periods,
with a lesson description and a few steps drawn from the build's seeded generator.
"""

import datetime as dt

from models import Domain, Goal, Period, SchoolSettings, Subject

from .builder import PERIODS, SCHOOL_YEAR, early, insert
from .data import CURRICULUM, DESCRIPTIONS, STEPS


def school_year(builder):
    """Name the school, open the school year with parent access, and write its periods (past ones rolled over)."""
    SchoolSettings.update(
        name="OBS De Regenboog", brin="12AB", school_year=SCHOOL_YEAR, parent_access=True, updated_at=builder.now
    ).where(SchoolSettings.id == SchoolSettings.get_current().id).execute()
    insert(
        Period,
        [
            {
                "school_year": SCHOOL_YEAR,
                "number": n,
                "name": name,
                "start_date": start,
                "end_date": end,
                "rolled_over_at": early(start) if start <= builder.now.date() else None,
            }
            for n, name, start, end in PERIODS
        ],
    )
    builder.periods = {p.number: p for p in Period.select().where(Period.school_year == SCHOOL_YEAR)}


def curriculum(builder):
    """Write the subjects, domains and goals; keep the goals on the builder and return how many there are."""
    insert(Subject, [{"name": name, "position": i} for i, name in enumerate(CURRICULUM)])
    subject_ids = {s.name: s.id for s in Subject.select()}
    insert(
        Domain,
        [
            {"subject": subject_ids[subject], "name": name, "position": i}
            for subject, domains in CURRICULUM.items()
            for i, name in enumerate(domains)
        ],
    )
    domain_ids = {(d.subject_id, d.name): d.id for d in Domain.select()}
    rng, rows, per_level = builder.rng, [], {}
    for subject, domains in CURRICULUM.items():
        for domain, lines in domains.items():
            for template, by_level in lines:
                for level, fill in by_level.items():
                    # Spread each level's goals over the four periods, round robin across the domains.
                    count = per_level[level] = per_level.get(level, 0) + 1
                    rows.append(
                        {
                            "domain": domain_ids[(subject_ids[subject], domain)],
                            "title": template.format(fill),
                            "level": level,
                            "period": count % 4 + 1,
                            "description": rng.choice(DESCRIPTIONS).format(lesson=rng.randint(1, 12)),
                            "steps": "\n".join(rng.sample(STEPS, rng.randint(2, 4))),
                            "position": level * 100 + count,
                            "created_at": builder.at(dt.date(2026, 6, 1), dt.date(2026, 7, 10)),
                        }
                    )
    insert(Goal, rows)
    builder.goals = list(Goal.select(Goal.id, Goal.title, Goal.level, Goal.period, Goal.domain).order_by(Goal.id))
    return len(builder.goals)
