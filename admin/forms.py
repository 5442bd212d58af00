"""What Flask-Admin's peewee support needs changed for our forms and filters (STACK-NOTES.md)."""

from flask_admin.contrib.peewee.filters import FilterConverter as PeeweeFilterConverter
from flask_admin.contrib.peewee.form import CustomModelConverter
from flask_admin.model.fields import AjaxSelectMultipleField
from flask_admin.model.filters import BaseBooleanFilter
from peewee import AutoField


class ModelConverter(CustomModelConverter):
    """Form converter: AutoField as the hidden primary key (inline rows otherwise fail with "id: This field is
    required"), and the view's Dutch column labels as form labels."""

    def __init__(self, view, additional=None):
        super().__init__(view, additional)
        self.converters[AutoField] = self.handle_pk

    def convert(self, model, field, field_args):
        labels = getattr(self.view, "column_labels", None) or {}
        if field.name in labels and not (field_args or {}).get("label"):
            field_args = {**(field_args or {}), "label": labels[field.name]}
        return super().convert(model, field, field_args)


class AjaxMultiSelectField(AjaxSelectMultipleField):
    """Flask-Admin's ajax multi-select, refusing unknown ids (its own check runs before it loads the ids)."""

    def pre_validate(self, form):
        self.data  # noqa: B018 -- loading the submitted ids marks the ones the loader does not know
        super().pre_validate(form)


class FilterConverter(PeeweeFilterConverter):
    """Peewee's filter converter, also for the small integers (levels, periods) our schema uses, with yes and
    no in Dutch."""

    def convert(self, type_name, column, name):
        if type_name in ("SmallIntegerField", "AutoField"):
            type_name = "IntegerField"
        found = super().convert(type_name, column, name)
        for flt in found or ():
            if isinstance(flt, BaseBooleanFilter):  # Flask-Admin's Dutch says "Ja" and then "No"
                flt.options = (("1", "ja"), ("0", "nee"))
        return found
