"""An index on plan_goal(pupil_id, changed_at): the dashboard finds the goals of its groups' pupils that
changed last through it, instead of sorting their whole status history (web/dashboard.recent_changes)."""

from playhouse.migrate import migrate


def upgrade(migrator, database):
    migrate(migrator.add_index("plan_goal", ("pupil_id", "changed_at"), False))
