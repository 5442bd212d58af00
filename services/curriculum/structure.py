"""Subjects (hoofdgebieden) and domains (deelgebieden): added and removed by admins, domains moved by teachers too."""

from peewee import IntegrityError, fn

from models import Domain, Subject, db

from .. import permissions
from ..errors import Conflict
from .writing import announce, clean_text, fetch_row, next_position, record


def add_subject(actor, name):
    """Add a subject (hoofdgebied) at the end of the list."""
    permissions.require(actor, "edit_curriculum_structure")
    name = clean_text(name, "de naam van het hoofdgebied")
    with db.atomic():
        if Subject.select().where(fn.LOWER(Subject.name) == name.lower()).exists():
            raise Conflict(f"Er is al een hoofdgebied met de naam {name}.")
        subject = Subject.create(name=name, position=next_position(Subject))
        record(actor, "curriculum.add_subject", subject, name)
    announce(actor, subject=subject)
    return subject


def add_domain(actor, subject, name):
    """Add a domain (deelgebied) at the end of a subject."""
    permissions.require(actor, "edit_curriculum_structure")
    name = clean_text(name, "de naam van het deelgebied")
    with db.atomic():
        subject = fetch_row(Subject, subject, "Dit hoofdgebied bestaat niet meer.")
        _check_domain_name_free(subject, name)
        domain = Domain.create(subject=subject, name=name, position=next_position(Domain, Domain.subject == subject))
        record(actor, "curriculum.add_domain", domain, f"{subject.name} / {name}")
    announce(actor, domain=domain)
    return domain


def _check_domain_name_free(subject, name, other_than=None):
    query = Domain.select().where((Domain.subject == subject) & (fn.LOWER(Domain.name) == name.lower()))
    if other_than is not None:
        query = query.where(Domain.id != other_than.id)
    if query.exists():
        raise Conflict(f"Hoofdgebied {subject.name} heeft al een deelgebied met de naam {name}.")


def move_domain(actor, domain, subject):
    """Move a domain with its goals to the end of another subject; its name must be free there."""
    permissions.require(actor, "edit_goal")
    try:
        with db.atomic():
            domain = fetch_row(Domain, domain, "Dit deelgebied bestaat niet meer.")
            target = fetch_row(Subject, subject, "Dit hoofdgebied bestaat niet meer.")
            detail = f"{domain.name}: hoofdgebied {domain.subject.name} -> {target.name}"
            if domain.subject_id != target.id:
                _check_domain_name_free(target, domain.name, other_than=domain)
                domain.subject, domain.position = target, next_position(Domain, Domain.subject == target)
                domain.save(only=[Domain.subject, Domain.position])
            record(actor, "curriculum.move_domain", domain, detail)
    except IntegrityError:  # someone added the same name meanwhile
        raise Conflict("Dat hoofdgebied heeft al een deelgebied met deze naam.") from None
    announce(actor, domain=domain)
    return domain
