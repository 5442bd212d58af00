"""A generator of EDEXML 2.1 exports for tests and the benchmark.

    spec = build(300, school_year="2026-2027")   # plain dicts and lists, to change before rendering
    data = render(spec)                           # bytes, valid against the 2.1 XSD unless parents are added
    data = generate(300, **options)               # both at once

Groups: per jaargroep 1–8 a few base groups ("4A", "4B", …, key "G4A"), and composed groups ("Plusklas",
key "SG1", …); every pupil is in one base group of their jaargroep, every third pupil also in a composed
group; one teacher per base group, the first also on the composed groups, and an IB-er.
"""

import datetime as dt
from xml.sax.saxutils import escape, quoteattr

FIRST_NAMES = [
    "Anna",
    "Bram",
    "Cem",
    "Daan",
    "Eva",
    "Fenna",
    "Gijs",
    "Hiba",
    "Isa",
    "Jesse",
    "Lotte",
    "Mees",
    "Noor",
    "Omar",
    "Puck",
    "Ruben",
    "Saar",
    "Tijn",
    "Yara",
    "Zoë",
]
LAST_NAMES = [
    ("", "Jansen"),
    ("de", "Vries"),
    ("van", "Dijk"),
    ("", "Bakker"),
    ("", "Visser"),
    ("", "Smit"),
    ("de", "Boer"),
    ("van den", "Berg"),
    ("", "Mulder"),
    ("", "Yilmaz"),
    ("el", "Amrani"),
    ("", "Peeters"),
    ("van der", "Linden"),
    ("", "Kok"),
    ("", "Hendriks"),
]


def build(
    n_pupils,
    school_year="2026-2027",
    brin="99ZZ",
    groups_per_year=None,
    composed=2,
    enrolled_on="2020-08-20",
    with_parents=False,
    key_prefix="",
):
    """A school of `n_pupils` pupils as plain data (see `render`)."""
    groups_per_year = groups_per_year or max(1, min(4, n_pupils // 200 + 1))
    groups = []
    for year in range(1, 9):
        for index in range(groups_per_year):
            letter = "ABCDEFGH"[index]
            groups.append(
                {
                    "key": f"{key_prefix}G{year}{letter}",
                    "kind": "groep",
                    "name": f"{year}{letter}",
                    "jaargroep": str(year),
                }
            )
    base_groups = list(groups)
    composed_groups = [
        {
            "key": f"{key_prefix}SG{i + 1}",
            "kind": "samengestelde_groep",
            "name": ["Plusklas", "Leesclub", "Schaakclub", "Koor"][i % 4] + ("" if i < 4 else f" {i}"),
        }
        for i in range(composed)
    ]
    groups += composed_groups
    pupils = []
    for i in range(n_pupils):
        group = base_groups[i % len(base_groups)]
        infix, last = LAST_NAMES[i % len(LAST_NAMES)]
        pupil = {
            "key": f"{key_prefix}{100000 + i}",
            "eckid": f"https://id.school/LL_{key_prefix}{i:08d}",
            "achternaam": last,
            "voorvoegsel": infix,
            "roepnaam": FIRST_NAMES[i % len(FIRST_NAMES)],
            "jaargroep": group["jaargroep"],
            "groep": group["key"],
            "samengestelde_groepen": [composed_groups[i % composed]["key"]] if composed and i % 3 == 0 else [],
            "instroomdatum": enrolled_on,
            "uitstroomdatum": None,
        }
        pupils.append(pupil)
    teachers = []
    for i, group in enumerate(base_groups):
        infix, last = LAST_NAMES[(i + 3) % len(LAST_NAMES)]
        refs = [{"key": group["key"], "kind": "groep", "roles": []}]
        if i == 0:
            refs += [{"key": g["key"], "kind": "samengestelde_groep", "roles": []} for g in composed_groups]
        teachers.append(
            {
                "key": f"{key_prefix}LK{i + 1}",
                "eckid": None,
                "achternaam": last,
                "voorvoegsel": infix,
                "roepnaam": FIRST_NAMES[(i + 7) % len(FIRST_NAMES)],
                "emailadres": f"lk{i + 1}@school.example",
                "roles": ["LRK"],
                "groups": refs,
            }
        )
    teachers.append(
        {
            "key": f"{key_prefix}IB1",
            "eckid": None,
            "achternaam": "Coach",
            "voorvoegsel": "",
            "roepnaam": "Ilse",
            "emailadres": "ib@school.example",
            "roles": ["IB"],
            "groups": [],
        }
    )
    parents = []
    if with_parents:
        for i in range(0, n_pupils, 2):
            children = [pupils[i]["key"]] + ([pupils[i + 1]["key"]] if i + 1 < n_pupils else [])
            parents.append(
                {
                    "key": f"{key_prefix}O{i // 2 + 1}",
                    "achternaam": pupils[i]["achternaam"],
                    "voorvoegsel": pupils[i]["voorvoegsel"],
                    "roepnaam": "Ouder",
                    "emailadres": f"ouder{i // 2 + 1}@thuis.example",
                    "pupils": children,
                }
            )
    return {
        "school": {"schooljaar": school_year, "brincode": brin, "peildatum": _peildatum(school_year)},
        "groups": groups,
        "pupils": pupils,
        "teachers": teachers,
        "parents": parents,
    }


def _peildatum(school_year):
    return f"{school_year[:4]}-10-01"


def _el(name, value, indent):
    return f"{indent}<{name}>{escape(str(value))}</{name}>" if value not in (None, "") else None


def _names(person, indent):
    return [
        line
        for line in (
            _el("achternaam", person.get("achternaam"), indent),
            _el("voorvoegsel", person.get("voorvoegsel"), indent),
            _el("roepnaam", person.get("roepnaam"), indent),
        )
        if line
    ]


def render(spec):
    """The EDEXML text of `spec` as UTF-8 bytes, in the element order of the 2.1 XSD."""
    school = spec["school"]
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<EDEX>", "\t<school>"]
    out += [
        line
        for line in (
            _el("schooljaar", school["schooljaar"], "\t\t"),
            _el("peildatum", school.get("peildatum"), "\t\t"),
            _el("brincode", school.get("brincode"), "\t\t"),
            _el("aanmaakdatum", dt.datetime(2026, 9, 1, 6, 0).isoformat(), "\t\t"),
            _el("xsdversie", school.get("xsdversie", "2.1"), "\t\t"),
        )
        if line
    ]
    out.append("\t</school>")
    if spec["groups"]:
        out.append("\t<groepen>")
        for group in spec["groups"]:
            out.append(f"\t\t<{group['kind']} key={quoteattr(group['key'])}>")
            out.append(_el("naam", group["name"], "\t\t\t"))
            if group["kind"] == "groep" and group.get("jaargroep") is not None:
                out.append(_el("jaargroep", group["jaargroep"], "\t\t\t"))
            out.append(f"\t\t</{group['kind']}>")
        out.append("\t</groepen>")
    out.append("\t<leerlingen>")
    for pupil in spec["pupils"]:
        eckid = f" eckid={quoteattr(pupil['eckid'])}" if pupil.get("eckid") else ""
        out.append(f"\t\t<leerling key={quoteattr(pupil['key'])}{eckid}>")
        out += _names(pupil, "\t\t\t")
        if pupil.get("jaargroep"):
            out.append(_el("jaargroep", pupil["jaargroep"], "\t\t\t"))
        if pupil.get("groep"):
            out.append(f"\t\t\t<groep key={quoteattr(pupil['groep'])}/>")
        if pupil.get("samengestelde_groepen"):
            out.append("\t\t\t<samengestelde_groepen>")
            out += [f"\t\t\t\t<samengestelde_groep key={quoteattr(key)}/>" for key in pupil["samengestelde_groepen"]]
            out.append("\t\t\t</samengestelde_groepen>")
        if pupil.get("emailadres"):
            out.append(_el("emailadres", pupil["emailadres"], "\t\t\t"))
        out += [
            line
            for line in (
                _el("instroomdatum", pupil.get("instroomdatum"), "\t\t\t"),
                _el("uitstroomdatum", pupil.get("uitstroomdatum"), "\t\t\t"),
            )
            if line
        ]
        out.append("\t\t</leerling>")
    out.append("\t</leerlingen>")
    if spec["teachers"]:
        out.append("\t<leerkrachten>")
        for teacher in spec["teachers"]:
            eckid = f" eckid={quoteattr(teacher['eckid'])}" if teacher.get("eckid") else ""
            out.append(f"\t\t<leerkracht key={quoteattr(teacher['key'])}{eckid}>")
            out += _names(teacher, "\t\t\t")
            if teacher.get("emailadres"):
                out.append(_el("emailadres", teacher["emailadres"], "\t\t\t"))
            out += [_el("rol", role, "\t\t\t") for role in teacher.get("roles", ())]
            if teacher.get("groups"):
                out.append("\t\t\t<groepen>")
                for ref in teacher["groups"]:
                    roles = "".join(f"<rol>{escape(role)}</rol>" for role in ref.get("roles", ()))
                    out.append(f"\t\t\t\t<{ref['kind']} key={quoteattr(ref['key'])}>{roles}</{ref['kind']}>")
                out.append("\t\t\t</groepen>")
            out.append("\t\t</leerkracht>")
        out.append("\t</leerkrachten>")
    if spec.get("parents"):  # not EDEXML 2.1: the extension block described in services/edexml.py
        out.append("\t<ouders>")
        for parent in spec["parents"]:
            out.append(f"\t\t<ouder key={quoteattr(parent['key'])}>")
            out += _names(parent, "\t\t\t")
            if parent.get("emailadres"):
                out.append(_el("emailadres", parent["emailadres"], "\t\t\t"))
            out.append("\t\t\t<leerlingen>")
            out += [f"\t\t\t\t<leerling key={quoteattr(key)}/>" for key in parent["pupils"]]
            out.append("\t\t\t</leerlingen>")
            out.append("\t\t</ouder>")
        out.append("\t</ouders>")
    out.append("</EDEX>")
    return ("\n".join(out) + "\n").encode("utf-8")


def generate(n_pupils, **options):
    """`render(build(n_pupils, **options))`."""
    return render(build(n_pupils, **options))
