"""Subjects (hoofdgebieden) and domains (deelgebieden): added, renamed and removed by admins; domains are moved
by teachers too. A name is unique (whatever its case): a subject's in the school, a domain's in its subject.
A subject or domain that still holds anything is never removed: the admin is told what holds it.
"""

from contextlib import contextmanager

from peewee import IntegrityError, fn

from models import Domain, ExitLevel, ExitLevelChange, Goal, Subject, TestMoment, TestResult, db

from .. import permissions
from ..errors import Conflict, DomainError
from .writing import announce, clean_text, fetch_row, next_position, record


@contextmanager
def _refusing_a_name_in_use(message):
    """A transaction in which a name someone else took meanwhile (the unique index: IntegrityError) is
    refused as Conflict(message), like the check before the write would have refused it."""
    try:
        with db.atomic():
            yield
    except IntegrityError:
        raise Conflict(message) from None


def add_subject(actor, name):
    """Add a subject (hoofdgebied) at the end of the list."""
    permissions.require(actor, "edit_curriculum_structure")
    name = clean_text(name, "de naam van het hoofdgebied")
    with _refusing_a_name_in_use(f"Er is al een hoofdgebied met de naam {name}."):
        _check_subject_name_free(name)
        subject = Subject.create(name=name, position=next_position(Subject))
        record(actor, "curriculum.add_subject", subject, name)
    announce(actor, subject=subject)
    return subject


def rename_subject(actor, subject, name):
    """Give a subject another name; no other subject may have it."""
    return _rename(
        actor, subject, name, Subject, "hoofdgebied", lambda row: _check_subject_name_free(name, other_than=row)
    )


def remove_subject(actor, subject):
    """Delete a subject that holds no domains, test results or exit levels; refuse (and say why) otherwise."""
    permissions.require(actor, "edit_curriculum_structure")
    with db.atomic():
        subject = fetch_row(Subject, subject, "Dit hoofdgebied bestaat niet meer.")
        refusal = f"Hoofdgebied {subject.name} kan niet worden verwijderd:"
        if Domain.select().where(Domain.subject == subject).exists():
            raise DomainError(f"{refusal} er horen nog deelgebieden bij. Verwijder of verplaats die eerst.")
        if any(
            model.select().where(model.subject == subject).exists()
            for model in (TestMoment, TestResult, ExitLevel, ExitLevelChange)
        ):
            raise DomainError(f"{refusal} er zijn toetsmomenten, toetsresultaten of uitstroomniveaus voor.")
        record(actor, "curriculum.remove_subject", subject, subject.name)
        subject.delete_instance()
    announce(actor, subject=subject)


def _check_subject_name_free(name, other_than=None):
    _check_name_free(Subject.select(), name, other_than, f"Er is al een hoofdgebied met de naam {name}.")


def _check_name_free(rows, name, other_than, message):
    """Refuse with Conflict(message) when one of `rows` (but `other_than`) has `name`, whatever its case."""
    model = rows.model
    rows = rows.where(fn.LOWER(model.name) == name.lower())
    if other_than is not None:
        rows = rows.where(model.id != other_than.id)
    if rows.exists():
        raise Conflict(message)


def add_domain(actor, subject, name):
    """Add a domain (deelgebied) at the end of a subject."""
    permissions.require(actor, "edit_curriculum_structure")
    name = clean_text(name, "de naam van het deelgebied")
    with _refusing_a_name_in_use(f"Dit hoofdgebied heeft al een deelgebied met de naam {name}."):
        subject = fetch_row(Subject, subject, "Dit hoofdgebied bestaat niet meer.")
        _check_domain_name_free(subject, name)
        domain = Domain.create(subject=subject, name=name, position=next_position(Domain, Domain.subject == subject))
        record(actor, "curriculum.add_domain", domain, f"{subject.name} / {name}")
    announce(actor, domain=domain)
    return domain


def rename_domain(actor, domain, name):
    """Give a domain another name; no other domain of its subject may have it."""
    return _rename(
        actor, domain, name, Domain, "deelgebied", lambda row: _check_domain_name_free(row.subject, name, row)
    )


def _rename(actor, row, name, model, what, check_name_free):
    """Rename a subject or domain (`model`, a `what` on the screens) after `check_name_free(row)`; audited
    and announced, and nothing at all when the name stays the same."""
    permissions.require(actor, "edit_curriculum_structure")
    name = clean_text(name, f"de naam van het {what}")
    with _refusing_a_name_in_use(f"Er is al een {what} met de naam {name}."):
        row = fetch_row(model, row, f"Dit {what} bestaat niet meer.")
        old = row.name
        if old == name:
            return row
        check_name_free(row)
        row.name = name
        row.save(only=[model.name])
        record(actor, f"curriculum.rename_{model.__name__.lower()}", row, f"{old} -> {name}")
    announce(actor, **{model.__name__.lower(): row})
    return row


def remove_domain(actor, domain):
    """Delete a domain without goals; refuse (and say why) while it holds any, archived ones included."""
    permissions.require(actor, "edit_curriculum_structure")
    with db.atomic():
        domain = fetch_row(Domain, domain, "Dit deelgebied bestaat niet meer.")
        if Goal.select().where(Goal.domain == domain).exists():
            raise DomainError(
                f"Deelgebied {domain.name} kan niet worden verwijderd: er horen nog leerdoelen bij (ook "
                "gearchiveerde tellen mee). Verplaats ze eerst naar een ander deelgebied."
            )
        record(actor, "curriculum.remove_domain", domain, f"{domain.subject.name} / {domain.name}")
        domain.delete_instance()
    announce(actor, domain=domain)


def _check_domain_name_free(subject, name, other_than=None):
    _check_name_free(
        Domain.select().where(Domain.subject == subject),
        name,
        other_than,
        f"Hoofdgebied {subject.name} heeft al een deelgebied met de naam {name}.",
    )


def move_domain(actor, domain, subject):
    """Move a domain with its goals to the end of another subject; its name must be free there."""
    permissions.require(actor, "edit_goal")
    with _refusing_a_name_in_use("Dat hoofdgebied heeft al een deelgebied met deze naam."):
        domain = fetch_row(Domain, domain, "Dit deelgebied bestaat niet meer.")
        target = fetch_row(Subject, subject, "Dit hoofdgebied bestaat niet meer.")
        detail = f"{domain.name}: hoofdgebied {domain.subject.name} -> {target.name}"
        if domain.subject_id != target.id:
            _check_domain_name_free(target, domain.name, other_than=domain)
            domain.subject, domain.position = target, next_position(Domain, Domain.subject == target)
            domain.save(only=[Domain.subject, Domain.position])
        record(actor, "curriculum.move_domain", domain, detail)
    announce(actor, domain=domain)
    return domain
