"""Admin views: subjects, domains, goals, teaching material and goal sets.

Subjects, domains and goals are created, changed and removed through services.curriculum, like on every
other channel: its rules (unique names, levels 1-8, periods of the school year) and its audit lines hold
here too. A goal or goal set that is in use is archived rather than deleted; a subject or domain that still
holds anything cannot be deleted.
"""

from flask_admin.contrib.peewee.ajax import QueryAjaxModelLoader
from flask_admin.contrib.peewee.filters import BasePeeweeFilter
from flask_login import current_user
from wtforms import TextAreaField

from models import Document, Domain, Goal, GoalSet, GoalSetGoal, Subject
from services import curriculum, goal_sets
from services.errors import DomainError

from .base import AdminModelView, actor
from .forms import AjaxMultiSelectField


class SubjectFilter(BasePeeweeFilter):
    """Goals whose domain belongs to a subject whose name contains the value."""

    def apply(self, query, value):
        domains = Domain.select(Domain.id).join(Subject).where(Subject.name ** f"%{value}%")
        return query.where(Goal.domain.in_(domains))

    def operation(self):
        return "bevat"


class GoalLoader(QueryAjaxModelLoader):
    """Type-ahead over goals that are not archived."""

    def __init__(self, name):
        super().__init__(name, Goal, fields=["title"], page_size=10)

    def get_one(self, pk):
        return Goal.get_or_none(Goal.id == pk)

    def get_list(self, term, offset=0, limit=10):
        query = Goal.select().where(~Goal.archived)
        for word in (term or "").split():
            query = query.where(Goal.title ** f"%{word}%")
        return list(query.order_by(Goal.level, Goal.title).offset(offset or 0).limit(limit))


class SubjectView(AdminModelView):
    """Subjects through the service; a new one goes to the end of the list, its position is set on edit."""

    column_list = ("name", "position", "is_core")
    column_labels = {"is_core": "Kernvak"}
    column_descriptions = {"is_core": "Een kernvak heeft per leerling een verwachte uitstroom in de Groepsanalyse."}
    column_filters = ("is_core",)
    column_searchable_list = ("name",)
    column_default_sort = "position"
    service_fields = ("name",)

    def write_through_services(self, form, subject):
        if subject is None:
            return curriculum.add_subject(actor(), form.name.data)
        return curriculum.rename_subject(actor(), subject, form.name.data)

    def remove(self, model):
        curriculum.remove_subject(actor(), model)


class DomainView(AdminModelView):
    """Domains through the service; a new one goes to the end of its subject, its position is set on edit."""

    column_list = ("subject", "name", "position")
    column_searchable_list = ("name",)
    column_filters = (Subject.name,)
    column_sortable_list = (("subject", Subject.name), "name", "position")
    column_default_sort = "position"
    service_fields = ("subject", "name")

    def write_through_services(self, form, domain):
        if domain is None:
            return curriculum.add_domain(actor(), form.subject.data, form.name.data)
        if form.subject.data.id != domain.subject_id:
            curriculum.move_domain(actor(), domain, form.subject.data)
        return curriculum.rename_domain(actor(), domain, form.name.data)

    def remove(self, model):
        curriculum.remove_domain(actor(), model)


class GoalView(AdminModelView):
    """Goals through the service, which checks level and period; position and archived are set on edit."""

    column_list = ("title", "domain", "level", "period", "archived")
    column_details_list = (
        "title",
        "domain",
        "level",
        "period",
        "description",
        "steps",
        "position",
        "archived",
        "created_at",
    )
    column_searchable_list = ("title", "description")
    column_filters = ("level", "period", "archived", Domain.name, SubjectFilter(Goal.domain, "Hoofdgebied"))
    column_sortable_list = ("title", ("domain", Domain.name), "level", "period", "archived")
    column_default_sort = [("level", False), ("period", False), ("position", False)]
    form_columns = ("domain", "title", "level", "period", "description", "steps", "position", "archived")
    form_overrides = {"description": TextAreaField, "steps": TextAreaField}
    form_args = {"steps": {"label": "Stappenplan (één stap per regel)"}, "level": {"label": "Niveau (1-8)"}}
    form_widget_args = {"description": {"rows": 5}, "steps": {"rows": 6}}
    service_fields = ("domain", "title", "level", "period", "description", "steps")

    def write_through_services(self, form, goal):
        data = form.data
        if goal is None:
            return curriculum.add_goal(
                actor(),
                data["domain"],
                data["title"],
                data["level"],
                data["period"],
                data["description"],
                data["steps"],
            )
        if data["domain"].id != goal.domain_id:
            curriculum.move_goal(actor(), goal, data["domain"])
        if (data["title"] or "").strip() != goal.title:
            curriculum.rename_goal(actor(), goal, data["title"])
        if (data["level"], data["period"]) != (goal.level, goal.period):
            curriculum.change_goal_level_period(actor(), goal, data["level"], data["period"])
        if (data["description"] or "", data["steps"] or "") != (goal.description, goal.steps):
            curriculum.update_goal_content(actor(), goal, data["description"], data["steps"])
        return Goal.get_by_id(goal.id)

    def remove(self, model):
        """A goal on plans, in goal sets, lessons or chats is archived: its history stays readable."""
        result = curriculum.remove_goal(actor(), model)
        return result.message if result.archived else None


class MaterialView(AdminModelView):
    """Teaching material of goals: links (and files uploaded elsewhere)."""

    column_list = ("goal", "title", "url", "filename", "created_at")
    column_labels = {"goal": "Leerdoel"}
    column_searchable_list = ("title", "url")
    column_filters = (Goal.title,)
    column_sortable_list = (("goal", Goal.title), "title", "created_at")
    form_columns = ("goal", "title", "url")
    form_ajax_refs = {"goal": GoalLoader("goal")}

    def get_query(self):
        return Document.select().where(Document.kind == "material")

    def get_one(self, id):
        return self.get_query().where(Document.id == id).first()

    def on_model_change(self, form, model, is_created):
        model.kind = "material"
        if not model.url:
            raise DomainError("Vul een link in.")
        if not model.url.startswith(("http://", "https://")):
            raise DomainError("Een link begint met http:// of https://.")
        if is_created:
            model.uploaded_by = current_user.id


class GoalSetView(AdminModelView):
    archive_name = "Doelenset"  # linked groups and plans keep it
    column_list = ("name", "created_by", "created_at", "archived")
    column_details_list = ("name", "description", "plan", "created_by", "created_at", "archived")
    column_searchable_list = ("name", "description")
    column_filters = ("archived",)
    column_default_sort = "name"
    form_columns = ("name", "description", "plan", "archived")
    form_overrides = {"description": TextAreaField, "plan": TextAreaField}
    form_ajax_refs = {"goals": GoalLoader("goals")}

    def scaffold_form(self):
        form_class = super().scaffold_form()
        form_class.goals = AjaxMultiSelectField(self._form_ajax_refs["goals"], label="Leerdoelen")
        return form_class

    def on_form_prefill(self, form, id):
        form.goals.data = [
            link.goal for link in GoalSetGoal.select().where(GoalSetGoal.goal_set == id).order_by(GoalSetGoal.position)
        ]

    def on_model_change(self, form, model, is_created):
        if is_created:
            model.created_by = current_user.id

    def save_related(self, form, model, is_created):
        """Goals change through the service: members of linked groups get new goals on their plans."""
        who = actor()
        wanted = {goal.id: goal for goal in form.goals.data or []}
        current = {link.goal_id for link in GoalSetGoal.select().where(GoalSetGoal.goal_set == model)}
        added = [goal for goal_id, goal in wanted.items() if goal_id not in current]
        if added:
            goal_sets.add_goals_to_set(who, model, added)
        removed = [goal_id for goal_id in current if goal_id not in wanted]
        if removed:
            goal_sets.remove_goals_from_set(who, model, removed)


def register(admin):
    admin.add_view(SubjectView(Subject, "Hoofdgebieden", category="Curriculum", endpoint="subjects", url="subjects"))
    admin.add_view(DomainView(Domain, "Deelgebieden", category="Curriculum", endpoint="domains", url="domains"))
    admin.add_view(GoalView(Goal, "Leerdoelen", category="Curriculum", endpoint="goals", url="goals"))
    admin.add_view(MaterialView(Document, "Lesmateriaal", category="Curriculum", endpoint="material", url="material"))
    admin.add_view(GoalSetView(GoalSet, "Doelensets", category="Curriculum", endpoint="goal_sets", url="goal-sets"))
