"""The web pages for teachers, pupils and parents (one blueprint per area) and the Socket.IO events."""

from extensions import socketio


def register_blueprints(app):
    from . import (
        account,
        analysis,
        auth,
        bot_pages,
        chat,
        chat_events,
        class_folder,
        compression,
        conversations,
        curriculum,
        dashboard,
        errors,
        evidence,
        goal_sets,
        group_documents,
        group_notes,
        group_plan,
        group_portfolio,
        groups,
        health,
        help_events,
        home,
        live_events,
        matrix_changes,
        overviews,
        portfolio,
        pupils,
        reviews,
        week_planning,
    )

    errors.register(app)
    compression.register(app)
    for area in (
        auth,
        account,
        home,
        dashboard,
        groups,
        overviews,
        matrix_changes,
        pupils,
        goal_sets,
        curriculum,
        chat,
        bot_pages,
        health,
        class_folder,
        week_planning,
        group_notes,
        group_documents,
        analysis,
        reviews,
        group_plan,
        portfolio,
        evidence,
        conversations,
        group_portfolio,
    ):
        app.register_blueprint(area.bp)
    # On this app's Socket.IO server: init_app makes a new one per app.
    for events in (chat_events, live_events, help_events):
        events.register(socketio)
