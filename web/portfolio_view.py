"""What the portfolio pages show, as plain values for the templates (web/portfolio.py, web/evidence.py,
web/conversations.py): the page of one pupil, its pieces of evidence, and the stars as chart data.

Each part comes from services.portfolio in a fixed number of queries, whatever the portfolio holds."""

from flask import url_for

from services import clock, permissions, portfolio

from . import plan_view

# Hundreds of moments a page (every piece, every rating): the clock's plain formatting is cheaper than Babel's.
when = clock.local_text

VOICE_COLOURS = {"pupil": "#0b5cad", "teacher": "#b35900", "parent": "#2e7d32"}  # the chart's lines
STARS = {1: "★☆☆", 2: "★★☆", 3: "★★★"}
ACCEPT = ",".join("." + ext for ext in portfolio.EVIDENCE_TYPES)  # the file picker's hint; the services check


def stars(count):
    return STARS.get(count, "–")


def day(date):
    return f"{date:%d-%m-%Y}" if date else ""


def header(pupil):
    """Name, level and groups of the pupil, for every portfolio page's heading."""
    names = plan_view.group_names(pupil)
    return {
        "id": pupil.id,
        "name": pupil.full_name,
        "first_name": pupil.first_name,
        "level": pupil.level,
        "groups": ", ".join(names),
    }


def piece_view(piece):
    return {
        "id": piece.id,
        "title": piece.title,
        "body": piece.body if piece.body != piece.title else "",
        "filename": piece.filename,
        "url": url_for("bot_pages.evidence", document_id=piece.id) if piece.has_file else None,
        "is_image": piece.is_image,
        "goal_id": piece.goal_id,
        "goal_title": piece.goal_title,
        "by": piece.by,
        "by_pupil": piece.by_pupil,
        "via_bot": piece.channel == "bot",
        "when": when(piece.at),
        "highlighted": piece.highlighted,
        "removable": piece.removable,
    }


def _texts(actor, pupil, voice):
    texts = portfolio.texts_of(actor, pupil)
    mine = voice is not None and permissions.can(actor, "write_portfolio_text", portfolio.Voice(pupil, voice))
    cards = []
    for key, title in portfolio.VOICE_TITLES.items():
        text = texts.current[key]
        cards.append(
            {
                "voice": key,
                "title": title,
                "body": text.body if text else "",
                "by": text.updated_by if text else "",
                "when": when(text.updated_at) if text else "",
                "editable": mine and key == voice,
            }
        )
    earlier = [{"school_year": t.school_year, "title": t.title, "body": t.body} for t in texts.earlier]
    return {
        "school_year": texts.school_year,
        "cards": cards,
        "earlier": earlier,
        "max_length": portfolio.MAX_TEXT_LENGTH,
    }


def _skills(actor, pupil, voice, keeper):
    skills = portfolio.skills_of(actor, pupil)
    round_ = portfolio.open_round_for(pupil)
    may_rate = voice is not None and permissions.can(actor, "rate_skill", portfolio.Voice(pupil, voice))
    rating_open = may_rate and (voice == "teacher" or round_ is not None)
    rows, charts = [], []
    for skill in skills:
        rows.append(
            {
                "id": skill.id,
                "name": skill.name,
                "now": {v: stars(n) for v, n in skill.now.items()},
                "mine": skill.now.get(voice) if voice else None,
                "table": [
                    {"voice": portfolio.VOICE_NAMES[v], "cells": [stars(n) for n in skill.stars[v]]}
                    for v in portfolio.VOICE_TITLES
                ],
                "periods": [name for _, name in skill.periods],
                "history": [
                    {
                        **h,
                        "voice": portfolio.VOICE_NAMES[h["voice"]],
                        "stars": stars(h["stars"]),
                        "at": when(h["at"]),
                    }
                    for h in skill.history
                ],
            }
        )
        charts.append(
            {
                "canvas": f"sterren-{skill.id}",
                "labels": [name for _, name in skill.periods],
                "datasets": [
                    {
                        "label": portfolio.VOICE_NAMES[v],
                        "data": skill.stars[v],
                        "borderColor": VOICE_COLOURS[v],
                        "backgroundColor": VOICE_COLOURS[v],
                    }
                    for v in portfolio.VOICE_TITLES
                ],
            }
        )
    given = {s.id for s in skills}
    return {
        "rows": rows,
        "charts": charts,
        "round": {"until": day(round_.closes_on), "period": round_.period.name, "group": round_.group.name}
        if round_
        else None,
        "rating_open": rating_open,
        "prompt": _prompt(voice, pupil) if rating_open and round_ is not None else "",
        "voice_name": portfolio.VOICE_NAMES.get(voice, ""),
        "can_give": keeper,
        "options": [{"id": s.id, "name": s.name} for s in portfolio.active_skills() if s.id not in given]
        if keeper
        else [],
    }


def grouped(pieces, views):
    """The pieces by subject and goal (services.portfolio.by_subject_and_goal), as the templates show them
    (`views`: each piece's piece_view by id)."""
    return [
        {
            "subject": section["subject"],
            "goals": [{**goal, "pieces": [views[p.id] for p in goal["pieces"]]} for goal in section["goals"]],
        }
        for section in portfolio.by_subject_and_goal(pieces)
    ]


def _prompt(voice, pupil):
    if voice == "pupil":
        return "Geef jezelf sterren voor elke vaardigheid."
    if voice == "parent":
        return f"Geef {pupil.first_name} sterren voor elke vaardigheid."
    return ""


def goal_options(actor, pupil):
    """The goals on the pupil's plan, for linking evidence to one."""
    return [{"id": goal_id, "name": name} for goal_id, name in portfolio.goals_for_evidence(actor, pupil)]


def page(actor, pupil):
    """Everything the portfolio page of `pupil` shows to `actor`."""
    voice = portfolio.voice_of(actor)
    keeper = permissions.can(actor, "keep_portfolio", pupil)
    can_add = permissions.can(actor, "add_evidence", pupil)
    raw = portfolio.pieces_of(actor, pupil)
    views = {p.id: piece_view(p) for p in raw}
    conversations = [{**c, "day": day(c["held_on"])} for c in portfolio.conversations_of(actor, pupil)]
    # the next one planned and not yet held (as services.portfolio.coming_conversation finds it)
    coming = min((c for c in conversations if not c["recorded"]), key=lambda c: (c["held_on"], c["id"]), default=None)
    return {
        "pupil": header(pupil),
        "own": actor.id == pupil.id,
        "texts": _texts(actor, pupil, voice),
        "skills": _skills(actor, pupil, voice, keeper),
        "highlights": [view for view in views.values() if view["highlighted"]],
        "evidence": grouped(raw, views),
        "evidence_count": len(views),
        "can_add_evidence": can_add,
        "goal_options": goal_options(actor, pupil) if can_add else [],
        "keeper": keeper,
        "reports": [
            {
                "id": r.id,
                "title": r.title,
                "filename": r.filename,
                "by": r.by,
                "when": when(r.at),
                "kb": max(1, r.size // 1024),
            }
            for r in portfolio.reports_of(actor, pupil)
        ],
        "conversations": conversations,
        "coming": {"id": coming["id"], "day": coming["day"]} if coming else None,
        "can_prepare": coming is not None and permissions.can(actor, "prepare_conversation", pupil),
        "today": clock.today().isoformat(),
        "accept": ACCEPT,
        "max_file_mb": portfolio.MAX_FILE_MB,
    }
