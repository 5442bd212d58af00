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

Coded values Doelpunt reads (a `jaargroep`, a teacher's `rol`) must be in EDEXML 2.1's value lists and the
file's `xsdversie`, when it gives one, must be a version this reader knows (2.0 or 2.1): anything else
refuses the whole file, naming the element, its key and the value.

The parts: reading.py (the untrusted file and its elements, strictly), codes.py (the value lists and
versions), records.py (the records parse returns); this module reads the sections and holds them together.
"""

import re

from .codes import JAARGROEPEN, ROLLEN, level_of, version_supported
from .reading import (
    DEFAULT_MAX_BYTES,
    EdexmlError,
    check_code,
    check_ref,
    date_of,
    key_of,
    keyed,
    load_root,
    names_of,
    people,
    tag_of,
    text_of,
)
from .records import COMPOSED_GROUP, GROUP, Export, Group, GroupRef, Parent, Pupil, School, Teacher

__all__ = [
    "COMPOSED_GROUP",
    "DEFAULT_MAX_BYTES",
    "GROUP",
    "EdexmlError",
    "Export",
    "Group",
    "GroupRef",
    "Parent",
    "Pupil",
    "School",
    "Teacher",
    "level_of",
    "parse",
]

_SCHOOL_YEAR = re.compile(r"^(\d{4})-(\d{4})$")
_BRIN = re.compile(r"^\d{2}[A-Z]{2}$")
_JAARGROEPEN = "0-8, 11-16, B, D, S, V, C, N of H"
_ROLLEN = ", ".join(sorted(ROLLEN))


def _jaargroep(value, where):
    return check_code(value, JAARGROEPEN, where, "jaargroep", _JAARGROEPEN)


def _parse_school(root):
    element = root.find("school")
    if element is None:
        raise EdexmlError("<school> ontbreekt: het bestand zegt niet van welke school het is.")
    values = {tag_of(child.tag): child for child in reversed(list(element))}
    year = text_of(values["schooljaar"]) if "schooljaar" in values else ""
    if not year:
        raise EdexmlError("<school>: <schooljaar> ontbreekt of is leeg.")
    match = _SCHOOL_YEAR.match(year)
    if not match or int(match[2]) != int(match[1]) + 1:
        raise EdexmlError(f"<school>: <schooljaar> {year!r} is geen schooljaar als 2026-2027.")
    brin = text_of(values["brincode"]).upper() if "brincode" in values else ""
    if not brin:
        raise EdexmlError(
            "<school>: <brincode> ontbreekt of is leeg (alleen bestanden van een Nederlandse "
            "school met een BRIN-nummer worden ingelezen)."
        )
    if not _BRIN.match(brin):
        raise EdexmlError(f"<school>: <brincode> {brin!r} is geen BRIN-nummer (twee cijfers, twee letters).")
    dependance = text_of(values["dependancecode"]) if "dependancecode" in values else ""
    peildatum = date_of(values["peildatum"], "<school>") if "peildatum" in values else None
    schoolkey = text_of(values["schoolkey"]) if "schoolkey" in values else ""
    version = text_of(values["xsdversie"]) if "xsdversie" in values else ""
    if version and not version_supported(version):
        raise EdexmlError(
            f"<school>: <xsdversie> {version!r}: dit bestand is EDEXML-versie {version}, en Doelpunt leest "
            "versie 2.0 en 2.1. Vraag de leverancier van het LAS om een export in EDEXML 2.1."
        )
    return School(
        schooljaar=year,
        brincode=brin,
        dependancecode="" if dependance == "00" else dependance,
        peildatum=peildatum,
        schoolkey=schoolkey,
        xsdversie=version,
    )


def _parse_groups(root):
    groups = []
    for element, kind, key, where in keyed(root.find("groepen"), (GROUP, COMPOSED_GROUP), "groepen", " in <groepen>"):
        name = jaargroep = None
        for child in element:
            tag = tag_of(child.tag)
            if tag == "naam" and name is None:
                name = text_of(child)
            elif tag == "jaargroep" and jaargroep is None:
                jaargroep = text_of(child)
        if not name:
            raise EdexmlError(f"{where}: <naam> ontbreekt of is leeg.")
        if kind == GROUP and not jaargroep:
            raise EdexmlError(f"{where}: <jaargroep> ontbreekt of is leeg.")
        if kind == GROUP:
            _jaargroep(jaargroep, where)
        groups.append(Group(key=key, name=name, kind=kind, jaargroep=jaargroep if kind == GROUP else None))
    return groups


def _parse_pupils(root, kinds, locations):
    container = root.find("leerlingen")
    if container is None:
        raise EdexmlError("<leerlingen> ontbreekt.")
    pupils = []
    for element, key, eckid, where, names in people(container, "leerling", "leerlingen"):
        fields = {}
        composed = []
        for child in element:
            tag = tag_of(child.tag)
            if tag == "jaargroep":
                fields["jaargroep"] = _jaargroep(text_of(child), where) if text_of(child) else None
            elif tag == "groep":
                group_key = key_of(child, f"{where} <groep>")
                check_ref(kinds, group_key, GROUP, f"{where} <groep>")
                fields["groep"] = group_key
            elif tag == "samengestelde_groepen":
                for ref in child:
                    if tag_of(ref.tag) == COMPOSED_GROUP:
                        ref_key = key_of(ref, f"{where} <samengestelde_groep>")
                        check_ref(kinds, ref_key, COMPOSED_GROUP, f"{where} <samengestelde_groepen>")
                        if ref_key not in composed:
                            composed.append(ref_key)
            elif tag == "vestiging":
                location = key_of(child, f"{where} <vestiging>")
                if location not in locations:
                    raise EdexmlError(
                        f'{where}: verwijst naar <vestiging key="{location}">, maar die staat niet in <vestigingen>.'
                    )
            elif tag in ("instroomdatum", "uitstroomdatum"):
                fields[tag] = date_of(child, where)
        pupils.append(Pupil(key=key, eckid=eckid, samengestelde_groepen=tuple(composed), **names, **fields))
    if not pupils:
        raise EdexmlError(
            "<leerlingen> bevat geen enkele <leerling>; een leeg bestand zou iedereen deactiveren en wordt geweigerd."
        )
    return pupils


def _roles(element, where):
    """The role codes (<rol>) of a teacher or of their link to a group, each checked against EDEXML's list; a
    free <rolomschrijving> is no code and is not kept."""
    return tuple(
        check_code(text_of(child), ROLLEN, where, "rol", _ROLLEN)
        for child in element
        if tag_of(child.tag) == "rol" and text_of(child)
    )


def _parse_teachers(root, kinds):
    container = root.find("leerkrachten")
    teachers = []
    for element, key, eckid, where, names in people(container, "leerkracht", "leerkrachten"):
        refs = []
        for container_child in element:
            if tag_of(container_child.tag) != "groepen":
                continue
            for ref in container_child:
                kind = tag_of(ref.tag)
                if kind not in (GROUP, COMPOSED_GROUP):
                    continue
                ref_key = key_of(ref, f"{where} <{kind}>")
                check_ref(kinds, ref_key, kind, f"{where} <groepen>")
                refs.append(GroupRef(key=ref_key, kind=kind, roles=_roles(ref, f'{where} <{kind} key="{ref_key}">')))
        teachers.append(Teacher(key=key, eckid=eckid, roles=_roles(element, where), groups=tuple(refs), **names))
    return teachers


def _parse_parents(root, pupil_keys):
    container = root.find("ouders")
    parents, seen = [], set()
    for element in container if container is not None else ():
        if tag_of(element.tag) != "ouder":
            continue
        key = key_of(element, "<ouder>")
        where = f'<ouder key="{key}">'
        if key in seen:
            raise EdexmlError(f"{where}: de sleutel komt twee keer voor in <ouders>.")
        seen.add(key)
        names = names_of(element, where, "ouder")
        children = []
        for child in element:
            if tag_of(child.tag) != "leerlingen":
                continue
            for ref in child:
                if tag_of(ref.tag) != "leerling":
                    continue
                pupil_key = key_of(ref, f"{where} <leerling>")
                if pupil_key not in pupil_keys:
                    raise EdexmlError(
                        f'{where}: verwijst naar <leerling key="{pupil_key}">, maar die staat niet in <leerlingen>.'
                    )
                if pupil_key not in children:
                    children.append(pupil_key)
        parents.append(Parent(key=key, pupils=tuple(children), **names))
    return parents


def parse(data, max_bytes=None):
    """Read an EDEXML export; raise EdexmlError (Dutch, naming the element) when it is not usable."""
    root = load_root(data, max_bytes or DEFAULT_MAX_BYTES)
    if tag_of(root.tag) != "EDEX":
        raise EdexmlError(f"Dit is geen EDEXML-bestand: het hoofdelement is <{tag_of(root.tag)}>, verwacht <EDEX>.")
    if root.tag != "EDEX":  # a namespaced export: drop the namespace once, then read plainly
        for element in root.iter():
            element.tag = tag_of(element.tag)
    school = _parse_school(root)
    locations_element = root.find("vestigingen")
    locations = {
        (element.get("key") or "").strip() for element in (locations_element if locations_element is not None else ())
    }
    groups = _parse_groups(root)
    kinds = {group.key: group.kind for group in groups}
    pupils = _parse_pupils(root, kinds, locations)
    teachers = _parse_teachers(root, kinds)
    parents = _parse_parents(root, {pupil.key for pupil in pupils})
    return Export(school=school, groups=groups, pupils=pupils, teachers=teachers, parents=parents)
