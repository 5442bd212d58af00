"""Re-linking the groups made from a LAS group after the year rollover (services.las_relink)."""

import pytest

from models import ChatMessage, Document, ExitLevel, GroupMember, GroupReview, Lesson, Note, TestResult
from services import permissions, rollover
from services.errors import Conflict, DomainError
from tests.support.factories import make_admin, make_group, make_pupil
from tests.support.year_end import TODAY, school_at_year_end

SYSTEM = permissions.SYSTEM


def test_relink_makes_a_fresh_group_without_old_data(database):
    school = school_at_year_end()
    rollover.year_rollover(SYSTEM, "2027-2028", today=TODAY)
    # The next LAS sync makes the new year's group with the same LAS key.
    new_las = make_group("Groep 5a", type_name="Parnassys-groep", las_key="LAS-4A", school_year="2027-2028")
    newcomer = make_pupil(level=5, groups=[new_las])
    GroupMember.create(group=new_las, pupil=school["pupils"]["up"])
    admin = make_admin()

    [entry] = rollover.relink_candidates(admin)
    assert (entry.old_group.id, entry.suggested.id, entry.relinked) == (school["coach_group"].id, new_las.id, None)

    group = rollover.relink_group(admin, entry.old_group, new_las)

    assert group.id != school["coach_group"].id
    assert (group.name, group.group_type_id, group.school_year, group.source_group_id) == (
        "Coachgroep Els",
        school["coach_group"].group_type_id,
        "2027-2028",
        new_las.id,
    )
    assert {m.pupil_id for m in group.memberships} == {newcomer.id, school["pupils"]["up"].id}
    assert [t.teacher_id for t in group.teacher_links] == [school["teacher"].id]
    for model in (ChatMessage, Note, Document, Lesson, TestResult, ExitLevel, GroupReview):
        assert not model.select().where(model.group == group).exists()
    assert rollover.relink_candidates(admin)[0].relinked.id == group.id
    with pytest.raises(Conflict):
        rollover.relink_group(admin, entry.old_group, new_las)
    with pytest.raises(DomainError):
        rollover.relink_group(admin, school["own_group"], new_las)  # not made from a LAS group
