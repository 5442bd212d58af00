"""Every admin list exports to .xlsx (only), with its search, filters and sort applied."""

import datetime as dt

from flask import Response, abort
from flask_admin import expose
from werkzeug.utils import secure_filename

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class XlsxExport:
    """Mixin for a Flask-Admin model view: the export endpoint, writing .xlsx through services.spreadsheets."""

    can_export = True
    export_types = ["xlsx"]
    export_max_rows = 10000

    def get_export_value(self, model, name):
        value = super().get_export_value(model, name)
        if value is None:
            return ""
        if isinstance(value, (int, float, dt.date, dt.time)):
            return value
        return str(value)

    @expose("/export/<export_type>/")
    def export(self, export_type):
        """The current list (search, filters and sort applied) as .xlsx, headed by the column labels."""
        if export_type != "xlsx":
            abort(404)
        from services.spreadsheets import write_xlsx

        _, data = self._export_data()
        columns = self._export_columns
        rows = [[self.get_export_value(row, name) for name, _ in columns] for row in data]
        content = write_xlsx(str(self.name), [str(label) for _, label in columns], rows)
        filename = secure_filename(f"{self.name}-{dt.date.today().isoformat()}.xlsx")
        return Response(
            content, mimetype=XLSX_MIMETYPE, headers={"Content-Disposition": f"attachment; filename={filename}"}
        )
