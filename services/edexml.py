"""Reading EDEXML 2.1 exports of a pupil administration system (LAS), SPEC.md 6.

    parse(data: bytes, max_bytes=DEFAULT_MAX_BYTES) -> Export     # raises EdexmlError

The file is untrusted: it is size-capped first and parsed with defusedxml, which refuses any DOCTYPE (so no
entity expansion, no XML bomb, no external entity or DTD). The reader is strict about structure and
references (the keys and keyrefs of `EDEXML.structuur.xsd`) and tolerant where exports differ: elements
it does not know are ignored, and so is their order. Only what the school needs is kept: no BSN, no
birth date, no address or background data.

Parents are not part of EDEXML 2.1. Exports that carry them use a top-level `<ouders>` block after
`<leerkrachten>` (`<ouder key=".."><achternaam/>…<emailadres/><leerlingen><leerling key=".."/></leerlingen>`);
it is read when present, checked like the rest, and used only when the school syncs parents.
"""
import datetime as dt
import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import fromstring

from .errors import DomainError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
GROUP = "groep"
COMPOSED_GROUP = "samengestelde_groep"

# expat error codes meaning "the document stopped before it was complete"
_TRUNCATED_CODES = {3, 5, 6}  # no element found, unclosed token, partial character
_SCHOOL_YEAR = re.compile(r"^(\d{4})-(\d{4})$")
_BRIN = re.compile(r"^\d{2}[A-Z]{2}$")


class EdexmlError(DomainError):
    """The file is not a usable EDEXML export; the message says why in Dutch and names the element."""


@dataclass(frozen=True, slots=True)
class School:
    schooljaar: str
    brincode: str
    dependancecode: str = ""
    peildatum: dt.date | None = None
    schoolkey: str = ""


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
    roles: tuple = ()  # rol codes (LRK, IB, …) and free role descriptions
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


def _local(tag):
    return tag.rsplit("}", 1)[-1] if tag[:1] == "{" else tag


def _text(element):
    return (element.text or "").strip()


def _date(element, where):
    value = _text(element)
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise EdexmlError(f"{where}: <{_local(element.tag)}> is geen geldige datum ({value!r}).") from None


def _key(element, where):
    key = (element.get("key") or "").strip()
    if not key:
        raise EdexmlError(f"{where}: het attribuut key ontbreekt of is leeg.")
    return key


def _load(data, max_bytes):
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not data or not data.strip():
        raise EdexmlError("Het bestand is leeg.")
    if len(data) > max_bytes:
        raise EdexmlError(f"Het bestand is te groot ({len(data) / 1048576:.1f} MB; de grens is "
                          f"{max_bytes / 1048576:.0f} MB).")
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DTDForbidden:
        if b"<!ENTITY" in data:
            raise EdexmlError("Het bestand declareert entiteiten (<!ENTITY> in een <!DOCTYPE>): geweigerd, "
                              "want zo werken XML-bommen en externe entiteiten.") from None
        raise EdexmlError("Het bestand bevat een <!DOCTYPE>-declaratie; die hoort niet in EDEXML en wordt "
                          "geweigerd.") from None
    except (EntitiesForbidden, ExternalReferenceForbidden, DefusedXmlException):
        raise EdexmlError("Het bestand gebruikt entiteiten of externe verwijzingen: geweigerd.") from None
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        if getattr(error, "code", None) in _TRUNCATED_CODES:
            raise EdexmlError(f"Het bestand is afgebroken: de XML houdt onverwacht op (regel {line}). "
                              "Is het volledig overgekomen?") from None
        reason = str(error).split(":")[0]
        raise EdexmlError(f"Het bestand is geen geldige XML (regel {line}, kolom {column}: {reason}).") from None


def _names(element, where, kind):
    """The name elements shared by pupils, teachers and parents; achternaam or roepnaam is required."""
    names = {"achternaam": "", "voorvoegsel": "", "voornamen": "", "roepnaam": "", "emailadres": ""}
    for child in element:
        tag = _local(child.tag)
        if tag in names and not names[tag]:
            names[tag] = _text(child)
    if not names["achternaam"] and not names["roepnaam"]:
        raise EdexmlError(f"{where}: <achternaam> ontbreekt of is leeg (een {kind} zonder achternaam heeft "
                          "ten minste een <roepnaam> nodig).")
    return names


def _parse_school(root):
    element = root.find("school")
    if element is None:
        raise EdexmlError("<school> ontbreekt: het bestand zegt niet van welke school het is.")
    values = {_local(child.tag): child for child in reversed(list(element))}
    year = _text(values["schooljaar"]) if "schooljaar" in values else ""
    if not year:
        raise EdexmlError("<school>: <schooljaar> ontbreekt of is leeg.")
    match = _SCHOOL_YEAR.match(year)
    if not match or int(match[2]) != int(match[1]) + 1:
        raise EdexmlError(f"<school>: <schooljaar> {year!r} is geen schooljaar als 2026-2027.")
    brin = _text(values["brincode"]).upper() if "brincode" in values else ""
    if not brin:
        raise EdexmlError("<school>: <brincode> ontbreekt of is leeg (alleen bestanden van een Nederlandse "
                          "school met een BRIN-nummer worden ingelezen).")
    if not _BRIN.match(brin):
        raise EdexmlError(f"<school>: <brincode> {brin!r} is geen BRIN-nummer (twee cijfers, twee letters).")
    dependance = _text(values["dependancecode"]) if "dependancecode" in values else ""
    peildatum = _date(values["peildatum"], "<school>") if "peildatum" in values else None
    schoolkey = _text(values["schoolkey"]) if "schoolkey" in values else ""
    return School(schooljaar=year, brincode=brin, dependancecode="" if dependance == "00" else dependance,
                  peildatum=peildatum, schoolkey=schoolkey)


def _parse_groups(root):
    groups, seen = [], set()
    container = root.find("groepen")
    for element in (container if container is not None else ()):
        kind = _local(element.tag)
        if kind not in (GROUP, COMPOSED_GROUP):
            continue
        key = _key(element, f"<{kind}> in <groepen>")
        where = f'<{kind} key="{key}">'
        if key in seen:
            raise EdexmlError(f"{where}: de sleutel komt twee keer voor in <groepen>.")
        seen.add(key)
        name = jaargroep = None
        for child in element:
            tag = _local(child.tag)
            if tag == "naam" and name is None:
                name = _text(child)
            elif tag == "jaargroep" and jaargroep is None:
                jaargroep = _text(child)
        if not name:
            raise EdexmlError(f"{where}: <naam> ontbreekt of is leeg.")
        if kind == GROUP and not jaargroep:
            raise EdexmlError(f"{where}: <jaargroep> ontbreekt of is leeg.")
        groups.append(Group(key=key, name=name, kind=kind, jaargroep=jaargroep if kind == GROUP else None))
    return groups


def _check_ref(kinds, key, kind, where):
    found = kinds.get(key)
    if found is None:
        raise EdexmlError(f'{where}: verwijst naar <{kind} key="{key}">, maar die staat niet in <groepen>.')
    if found != kind:
        raise EdexmlError(f'{where}: verwijst naar <{kind} key="{key}">, maar {key!r} is in <groepen> een '
                          f"<{found}>.")


def _people(container, tag, container_tag):
    """Yield (element, key, eckid, where, names) for each <tag> in `container`, refusing a key or an eckid
    that occurs twice."""
    seen, eckids = set(), set()
    for element in (container if container is not None else ()):
        if _local(element.tag) != tag:
            continue
        key = _key(element, f"<{tag}>")
        where = f'<{tag} key="{key}">'
        if key in seen:
            raise EdexmlError(f"{where}: de sleutel komt twee keer voor in <{container_tag}>.")
        seen.add(key)
        eckid = element.get("eckid") or None
        if eckid is not None:
            if eckid in eckids:
                raise EdexmlError(f"{where}: de eckid komt ook bij een andere {tag} voor.")
            eckids.add(eckid)
        yield element, key, eckid, where, _names(element, where, tag)


def _parse_pupils(root, kinds, locations):
    container = root.find("leerlingen")
    if container is None:
        raise EdexmlError("<leerlingen> ontbreekt.")
    pupils = []
    for element, key, eckid, where, names in _people(container, "leerling", "leerlingen"):
        fields = {}
        composed = []
        for child in element:
            tag = _local(child.tag)
            if tag == "jaargroep":
                fields["jaargroep"] = _text(child) or None
            elif tag == "groep":
                group_key = _key(child, f"{where} <groep>")
                _check_ref(kinds, group_key, GROUP, f"{where} <groep>")
                fields["groep"] = group_key
            elif tag == "samengestelde_groepen":
                for ref in child:
                    if _local(ref.tag) == COMPOSED_GROUP:
                        ref_key = _key(ref, f"{where} <samengestelde_groep>")
                        _check_ref(kinds, ref_key, COMPOSED_GROUP, f"{where} <samengestelde_groepen>")
                        if ref_key not in composed:
                            composed.append(ref_key)
            elif tag == "vestiging":
                location = _key(child, f"{where} <vestiging>")
                if location not in locations:
                    raise EdexmlError(f'{where}: verwijst naar <vestiging key="{location}">, maar die staat '
                                      "niet in <vestigingen>.")
            elif tag in ("instroomdatum", "uitstroomdatum"):
                fields[tag] = _date(child, where)
        pupils.append(Pupil(key=key, eckid=eckid, samengestelde_groepen=tuple(composed), **names, **fields))
    if not pupils:
        raise EdexmlError("<leerlingen> bevat geen enkele <leerling>; een leeg bestand zou iedereen "
                          "deactiveren en wordt geweigerd.")
    return pupils


def _roles(element):
    return tuple(_text(child) for child in element
                 if _local(child.tag) in ("rol", "rolomschrijving") and _text(child))


def _parse_teachers(root, kinds):
    container = root.find("leerkrachten")
    teachers = []
    for element, key, eckid, where, names in _people(container, "leerkracht", "leerkrachten"):
        refs = []
        for container_child in element:
            if _local(container_child.tag) != "groepen":
                continue
            for ref in container_child:
                kind = _local(ref.tag)
                if kind not in (GROUP, COMPOSED_GROUP):
                    continue
                ref_key = _key(ref, f"{where} <{kind}>")
                _check_ref(kinds, ref_key, kind, f"{where} <groepen>")
                refs.append(GroupRef(key=ref_key, kind=kind, roles=_roles(ref)))
        teachers.append(Teacher(key=key, eckid=eckid, roles=_roles(element), groups=tuple(refs), **names))
    return teachers


def _parse_parents(root, pupil_keys):
    container = root.find("ouders")
    parents, seen = [], set()
    for element in (container if container is not None else ()):
        if _local(element.tag) != "ouder":
            continue
        key = _key(element, "<ouder>")
        where = f'<ouder key="{key}">'
        if key in seen:
            raise EdexmlError(f"{where}: de sleutel komt twee keer voor in <ouders>.")
        seen.add(key)
        names = _names(element, where, "ouder")
        children = []
        for child in element:
            if _local(child.tag) != "leerlingen":
                continue
            for ref in child:
                if _local(ref.tag) != "leerling":
                    continue
                pupil_key = _key(ref, f"{where} <leerling>")
                if pupil_key not in pupil_keys:
                    raise EdexmlError(f'{where}: verwijst naar <leerling key="{pupil_key}">, maar die staat '
                                      "niet in <leerlingen>.")
                if pupil_key not in children:
                    children.append(pupil_key)
        parents.append(Parent(key=key, pupils=tuple(children), **names))
    return parents


def parse(data, max_bytes=None):
    """Read an EDEXML export; raise EdexmlError (Dutch, naming the element) when it is not usable."""
    root = _load(data, max_bytes or DEFAULT_MAX_BYTES)
    if _local(root.tag) != "EDEX":
        raise EdexmlError(f"Dit is geen EDEXML-bestand: het hoofdelement is <{_local(root.tag)}>, "
                          "verwacht <EDEX>.")
    if root.tag != "EDEX":  # a namespaced export: drop the namespace once, then read plainly
        for element in root.iter():
            element.tag = _local(element.tag)
    school = _parse_school(root)
    locations_element = root.find("vestigingen")
    locations = {(element.get("key") or "").strip() for element in
                 (locations_element if locations_element is not None else ())}
    groups = _parse_groups(root)
    kinds = {group.key: group.kind for group in groups}
    pupils = _parse_pupils(root, kinds, locations)
    teachers = _parse_teachers(root, kinds)
    parents = _parse_parents(root, {pupil.key for pupil in pupils})
    return Export(school=school, groups=groups, pupils=pupils, teachers=teachers, parents=parents)


def level_of(jaargroep):
    """The niveau a jaargroep stands for: 1–8 (and higher numbers as they are); None for B, D, C, H, …"""
    if jaargroep and jaargroep.isdigit():
        return int(jaargroep)
    return None
