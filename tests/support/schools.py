"""The small school most tests need, built in one call, so that test modules do not each build their own.

    school = build_school()          # everything below
    school.anna, school["anna"]      # each person, group and goal by its key, as an attribute or an item

What `build_school()` makes (keys in brackets):
- a curriculum: Rekenen / Getallen with "Tafels van 3" [tafels] (niveau 5, periode 1) and "Breuken
  vergelijken" [breuken] (niveau 5, periode 2), Taal / Spelling with "Woorden met ei en ij" [spelling]
  (niveau 5, periode 1, with steps); [goals] is the three in that order;
- Groep 5a [group] (Stamgroep, jaargroep 5) taught by Juf In [teacher], with Anna Aalders [anna] and Bram
  Bakker [bram] (niveau 5); Anna has tafels (uitgelicht) and spelling (huidig) on her plan, Bram tafels
  (oefenen) [anna_tafels, anna_spelling, bram_tafels are the plan goals];
- Groep 6b [other_group] taught by Meester Uit [other_teacher], with Cas Claassen [cas] (niveau 6), tafels
  (huidig) on his plan [cas_tafels];
- one user of every other kind: an administrator [admin], the IB-er Marloes [coach], a learning-square
  assistant [assistant], Anna's parent Linda [parent] and Cas's parent [other_parent];
- parent access switched on (`parent_access=False` leaves it off).

Logins are fixed (juf.in@school.test, anna@school.test, ...) and every password is factories.PASSWORD.
A test module that needs more adds it to the school it got: `school["extra"] = make_goal(...)`.
"""

from models import SchoolSettings
from tests.support.factories import (
    make_admin,
    make_domain,
    make_goal,
    make_group,
    make_parent,
    make_pupil,
    make_teacher,
    make_user,
    put_on_plan,
)

__all__ = ["School", "build_school"]


class School(dict):
    """What a test school holds, by key; `school.anna` reads `school["anna"]`."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def build_school(parent_access=True):
    """Build the school described in the module's docstring in the bound (empty) database."""
    SchoolSettings.update(parent_access=parent_access).where(SchoolSettings.id == 1).execute()
    school = School()
    getallen, spelling = make_domain("Rekenen", "Getallen"), make_domain("Taal", "Spelling")
    school["tafels"] = make_goal(getallen, title="Tafels van 3", level=5, period=1)
    school["breuken"] = make_goal(getallen, title="Breuken vergelijken", level=5, period=2)
    school["spelling"] = make_goal(
        spelling, title="Woorden met ei en ij", level=5, period=1, steps="Lees de regel\nSchrijf tien woorden"
    )
    school["goals"] = [school.tafels, school.breuken, school.spelling]

    school["teacher"] = make_teacher(login="juf.in@school.test", first_name="Juf", last_name="In")
    school["other_teacher"] = make_teacher(login="meester.uit@school.test", first_name="Meester", last_name="Uit")
    school["anna"] = make_pupil(level=5, login="anna@school.test", first_name="Anna", last_name="Aalders")
    school["bram"] = make_pupil(level=5, login="bram@school.test", first_name="Bram", last_name="Bakker")
    school["cas"] = make_pupil(level=6, login="cas@school.test", first_name="Cas", last_name="Claassen")
    school["group"] = make_group("Groep 5a", teachers=[school.teacher], pupils=[school.anna, school.bram], year_level=5)
    school["other_group"] = make_group("Groep 6b", teachers=[school.other_teacher], pupils=[school.cas], year_level=6)
    school["anna_tafels"] = put_on_plan(school.anna, school.tafels, "highlighted")
    school["anna_spelling"] = put_on_plan(school.anna, school.spelling, "current")
    school["bram_tafels"] = put_on_plan(school.bram, school.tafels, "practising")
    school["cas_tafels"] = put_on_plan(school.cas, school.tafels, "current")

    school["admin"] = make_admin(login="beheer@school.test", first_name="Beheerder", last_name="School")
    school["coach"] = make_teacher(login="ib@school.test", first_name="Marloes", last_name="IB", is_coach=True)
    school["assistant"] = make_user("assistant", login="leerplein@school.test", first_name="Sanne", last_name="Plein")
    school["parent"] = make_parent(
        children=[school.anna], login="linda@school.test", first_name="Linda", last_name="Aalders"
    )
    school["other_parent"] = make_parent(
        children=[school.cas], login="ouder.cas@school.test", first_name="Peter", last_name="Claassen"
    )
    return school
