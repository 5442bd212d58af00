"""Benchmark: the portfolio page through the Flask test client against its bare SQL, at two sizes.

    .venv/bin/python bench/portfolio_page.py [--database-url postgresql://...] [--repeat 20] [--rounds 3]

Two pupils of a 400-pupil school; their teacher opens each portfolio page. A typical year: 6 skills rated by
all three voices in all four periods, 40 pieces of evidence, 4 reports, 3 reflection conversations. A big one,
years of it: 12 skills, 300 pieces on 60 goals (a third of them files), 20 reports, 20 conversations. Prints
each page's queries (they must be the same: nothing is read per row) and its server time as a ratio to its SQL
run bare through the DB-API cursor (the fastest of `rounds` measurements each). The page renders every piece
of evidence as a card, so its time follows the HTML it writes; the SQL stays a fixed number of statements.
"""

import datetime as dt
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import bench_database, generate_school, measure, run
from bench.pages import best_of, database_url, get, page_arguments, page_client
from models import (
    Conversation,
    ConversationGoal,
    Document,
    GroupMember,
    GroupTeacher,
    PlanGoal,
    PortfolioText,
    PupilSkill,
    Skill,
    SkillRating,
    db,
)
from services import clock
from tests.support.portfolio import make_periods

SIZES = {  # skills, pieces of evidence, goals they are on, reports, conversations
    "typical": (6, 40, 15, 4, 3),
    "big": (12, 300, 60, 20, 20),
}


def fill_portfolio(pupil, teacher, periods, size, seed=2026):
    """A portfolio of `size` (a key of SIZES) for `pupil`, with bulk inserts."""
    skill_count, piece_count, goal_count, report_count, conversation_count = SIZES[size]
    rng = random.Random(seed)
    at = dt.datetime(2026, 9, 1, 9, 0)
    first = Skill.select().count()
    skills = [Skill.create(name=f"vaardigheid {first + n}", position=first + n).id for n in range(skill_count)]
    PupilSkill.insert_many(
        [{"pupil": pupil, "skill": s, "given_by": teacher, "given_at": at} for s in skills]
    ).execute()
    ratings = [
        {
            "pupil": pupil,
            "skill": s,
            "period": p.id,
            "voice": v,
            "stars": rng.randint(1, 3),
            "rated_by": teacher,
            "rated_at": at,
        }
        for s in skills
        for p in periods
        for v in ("pupil", "teacher", "parent")
        for _ in range(2)
    ]
    SkillRating.insert_many(ratings).execute()
    for voice in ("pupil", "teacher", "parent"):
        for year in ("2025-2026", "2026-2027"):
            PortfolioText.create(pupil=pupil, voice=voice, school_year=year, body="Een tekst. " * 40, updated_at=at)
    goals = [pg.goal_id for pg in PlanGoal.select(PlanGoal.goal).where(PlanGoal.pupil == pupil).limit(goal_count)]
    pieces = [
        {
            "kind": "evidence",
            "title": f"Bewijs {n}",
            "body": "Wat ik heb gedaan. " * 5,
            "filename": f"foto{n}.jpg" if n % 3 == 0 else None,
            "stored_name": f"evidence-{n}.jpg" if n % 3 == 0 else None,
            "content_type": "image/jpeg" if n % 3 == 0 else None,
            "size": 1000,
            "pupil": pupil,
            "goal": goals[n % len(goals)] if n % 10 else None,
            "uploaded_by": pupil if n % 2 else teacher,
            "channel": "bot" if n % 4 == 0 else "web",
            "highlighted": n % 25 == 0,
            "created_at": at + dt.timedelta(hours=n),
        }
        for n in range(piece_count)
    ]
    reports = [
        {
            "kind": "report",
            "title": f"Rapport {n}",
            "filename": f"r{n}.pdf",
            "stored_name": f"report-{n}.pdf",
            "content_type": "application/pdf",
            "size": 50_000,
            "pupil": pupil,
            "uploaded_by": teacher,
            "created_at": at,
        }
        for n in range(report_count)
    ]
    Document.insert_many(pieces + reports).execute()
    for n in range(conversation_count):
        conversation = Conversation.create(
            pupil=pupil, teacher=teacher, held_on=at.date() + dt.timedelta(days=n), notes="Notities", recorded_at=at
        )
        ConversationGoal.insert_many(
            [{"conversation": conversation.id, "goal": g, "plan": "current"} for g in goals[n : n + 2]]
        ).execute()


def main(argv=None):
    """Generate a school and two portfolios, then measure their pages."""
    args = page_arguments(__doc__, argv)
    with bench_database(args.database_url, name="portfolio") as database:
        school = generate_school()
        url = database_url(database, args.database_url)
        group = school.group_ids[0]
        GroupTeacher.create(group=group, teacher=school.teacher)
        pupils = dict(zip(SIZES, [m.pupil_id for m in GroupMember.select().where(GroupMember.group == group).limit(2)]))
        with db.atomic():
            periods = make_periods(clock.today())
            for size, pupil in pupils.items():
                fill_portfolio(pupil, school.teacher.id, periods, size)
        database.close()
        client = page_client(url, school.teacher)
        queries = {}
        for size, pupil in pupils.items():
            page = f"/portfolio/{pupil}"
            html = get(client, page).get_data(as_text=True)
            skills, pieces, _, reports, conversations = SIZES[size]
            label = (
                f"portfolio page, {size} ({skills} skills, {pieces} pieces, {reports} reports, {conversations} talks)"
            )
            result = best_of(lambda: measure(lambda: get(client, page), args.repeat), args.rounds)
            queries[size] = result.queries
            print(f"database {type(database).__name__}: {label}, {len(html) // 1024} kB of HTML")
            print(f"portfolio page {size}: queries {result.queries}")
            print(f"portfolio page {size}: server time vs bare SQL ratio {result.ratio:.2f}")
            print(
                f"portfolio page {size}: {result.seconds / args.repeat * 1000:.1f} ms a page, "
                f"bare SQL {result.bare_seconds / args.repeat * 1000:.1f} ms"
            )
        fixed = len(set(queries.values())) == 1
        print(f"query count independent of the portfolio's size: {'yes' if fixed else 'NO'}")
        return 0 if fixed else 1


if __name__ == "__main__":
    run(main)
