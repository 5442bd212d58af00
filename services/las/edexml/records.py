"""What the school keeps of an EDEXML export (SPEC.md 6): the school, its groups, pupils, teachers and
parents, as the plain records that edexml.parse() returns.

Only what the school needs is here: no BSN, no birth date, no address or background data. Keys are the
LAS's own keys; a pupil or teacher refers to its groups by key, a parent to its children by pupil key.
"""

import datetime as dt
from dataclasses import dataclass, field

GROUP = "groep"
COMPOSED_GROUP = "samengestelde_groep"


@dataclass(frozen=True, slots=True)
class School:
    schooljaar: str
    brincode: str
    dependancecode: str = ""
    peildatum: dt.date | None = None
    schoolkey: str = ""
    xsdversie: str = ""  # "" when the file does not say


@dataclass(frozen=True, slots=True)
class Group:
    key: str
    name: str
    kind: str  # GROUP or COMPOSED_GROUP
    jaargroep: str | None = None  # required for a groep, absent for a samengestelde_groep


@dataclass(frozen=True, slots=True)
class Pupil:
    key: str
    achternaam: str = ""
    voorvoegsel: str = ""
    voornamen: str = ""
    roepnaam: str = ""
    eckid: str | None = None
    jaargroep: str | None = None
    groep: str | None = None  # key of a GROUP
    samengestelde_groepen: tuple = ()  # keys of COMPOSED_GROUPs
    instroomdatum: dt.date | None = None
    uitstroomdatum: dt.date | None = None
    emailadres: str = ""


@dataclass(frozen=True, slots=True)
class GroupRef:
    key: str
    kind: str
    roles: tuple = ()


@dataclass(frozen=True, slots=True)
class Teacher:
    key: str
    achternaam: str = ""
    voorvoegsel: str = ""
    voornamen: str = ""
    roepnaam: str = ""
    eckid: str | None = None
    emailadres: str = ""
    roles: tuple = ()  # rol codes (LRK, IB, …), checked against EDEXML's list
    groups: tuple = ()  # GroupRef


@dataclass(frozen=True, slots=True)
class Parent:
    key: str
    achternaam: str = ""
    voorvoegsel: str = ""
    voornamen: str = ""
    roepnaam: str = ""
    emailadres: str = ""
    pupils: tuple = ()  # pupil keys


@dataclass(slots=True)
class Export:
    school: School
    groups: list = field(default_factory=list)
    pupils: list = field(default_factory=list)
    teachers: list = field(default_factory=list)
    parents: list = field(default_factory=list)
