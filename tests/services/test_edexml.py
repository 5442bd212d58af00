"""The EDEXML reader: the standard's own example, generated files, and every kind of bad input."""

import datetime as dt
from pathlib import Path

import pytest

from services.las import edexml
from services.las.edexml import EdexmlError
from tests.support.edexml import build, generate, render

EDEXML_DIR = Path(__file__).resolve().parents[1] / "data" / "edexml-2.1"  # copied from ../shared
EXAMPLE = (EDEXML_DIR / "EDEXML.Voorbeeld.2.1.xml").read_bytes()


def _rejected(data, *fragments):
    with pytest.raises(EdexmlError) as refused:
        edexml.parse(data)
    for fragment in fragments:
        assert fragment in refused.value.message
    return refused.value.message


def test_official_example_is_read():
    export = edexml.parse(EXAMPLE)
    assert export.school.schooljaar == "2014-2015"
    assert export.school.brincode == "99ZZ"
    assert export.school.dependancecode == ""  # "00" means none
    assert export.school.peildatum == dt.date(2014, 10, 1)
    kinds = {group.key: (group.kind, group.name, group.jaargroep) for group in export.groups}
    assert kinds["GRP4B"] == ("groep", "4B", "4")
    assert kinds["sg1"] == ("samengestelde_groep", "Samgroep 1", None)
    assert len(export.groups) == 8
    wimpie, assati, gradje = export.pupils
    assert (wimpie.key, wimpie.roepnaam, wimpie.voorvoegsel, wimpie.achternaam) == ("00001", "Wimpie", "imp", "ie")
    assert wimpie.eckid.startswith("https://id.school/LL_")
    assert (wimpie.groep, wimpie.samengestelde_groepen, wimpie.jaargroep) == ("GRP4B", ("sg1", "sg2"), "4")
    assert assati.voornamen == "Ismaël Hassan" and assati.groep is None
    assert assati.instroomdatum == dt.date(2013, 8, 25)
    assert gradje.uitstroomdatum == dt.date(2014, 7, 18) and gradje.jaargroep == "H"
    lk1, lk2, lk3 = export.teachers
    assert lk1.roles == ("TAL",) and [ref.key for ref in lk1.groups] == ["GRP4A"]
    assert [(ref.key, ref.kind) for ref in lk2.groups][:2] == [("002", "groep"), ("sg1", "samengestelde_groep")]
    assert lk3.groups[0].roles == ("STA", "OWA")
    assert export.parents == []


def test_flemish_example_has_no_brin_and_is_refused():
    _rejected((EDEXML_DIR / "EDEXML.Voorbeeld.2.1-Vla.xml").read_bytes(), "<brincode>")


def test_generated_file_is_valid_against_the_xsd():
    etree = pytest.importorskip("lxml.etree")
    schema = etree.XMLSchema(etree.parse(str(EDEXML_DIR / "EDEXML.structuur.xsd")))
    # The 2.1 XSD enumerates school years only up to 2024-2025: the standard moved on, our reader did too.
    document = etree.fromstring(generate(250, school_year="2024-2025"))
    assert schema.validate(document), schema.error_log
    assert schema.validate(etree.fromstring(EXAMPLE))


def test_generated_file_is_read():
    export = edexml.parse(generate(400))
    assert len(export.pupils) == 400
    assert {group.kind for group in export.groups} == {"groep", "samengestelde_groep"}
    assert export.teachers[-1].roles == ("IB",)


def test_unknown_elements_and_a_namespace_are_tolerated():
    data = EXAMPLE.replace(b"<roepnaam>Wimpie</roepnaam>", b"<roepnaam>Wimpie</roepnaam><nieuw_veld>x</nieuw_veld>")
    data = data.replace(b"</leerkrachten>", b"</leerkrachten><iets_nieuws><a/></iets_nieuws>")
    assert edexml.parse(data).pupils[0].roepnaam == "Wimpie"
    namespaced = data.replace(b"<EDEX ", b'<EDEX xmlns="urn:example:edex" ', 1)
    assert edexml.parse(namespaced).school.brincode == "99ZZ"


def test_parents_extension_is_read():
    export = edexml.parse(generate(6, with_parents=True))
    assert [parent.pupils for parent in export.parents] == [
        ("100000", "100001"),
        ("100002", "100003"),
        ("100004", "100005"),
    ]


# --- Bad input ------------------------------------------------------------------------------------------


def test_malformed_xml():
    _rejected(EXAMPLE.replace(b"</achternaam>", b"</achternam>", 1), "geen geldige XML", "regel")


def test_truncated_file():
    _rejected(EXAMPLE[: len(EXAMPLE) // 2], "afgebroken")


def test_empty_file():
    _rejected(b"   ", "leeg")


def test_billion_laughs():
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE EDEX [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<EDEX><school><schooljaar>&lol4;</schooljaar></school></EDEX>"""
    _rejected(bomb, "<!ENTITY>")


def test_external_entity():
    data = b"""<?xml version="1.0"?>
<!DOCTYPE EDEX [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<EDEX><school><schooljaar>&xxe;</schooljaar></school></EDEX>"""
    _rejected(data, "entiteit")


def test_doctype_with_external_dtd():
    data = EXAMPLE.replace(b"<EDEX ", b'<!DOCTYPE EDEX SYSTEM "http://127.0.0.1:9/edex.dtd">\n<EDEX ', 1)
    _rejected(data, "<!DOCTYPE>")


def test_not_edexml():
    _rejected(b"<?xml version='1.0'?><html><body>hallo</body></html>", "geen EDEXML", "<html>")


def test_size_cap():
    with pytest.raises(EdexmlError, match="te groot"):
        edexml.parse(EXAMPLE, max_bytes=1000)


def test_pupil_in_a_group_not_in_the_file():
    _rejected(
        EXAMPLE.replace(b'<groep key="GRP4B"/>', b'<groep key="GRP9Z"/>'),
        '<leerling key="00001">',
        "GRP9Z",
        "niet in <groepen>",
    )


def test_composed_group_reference_to_a_base_group():
    _rejected(
        EXAMPLE.replace(b'<samengestelde_groep key="sg1"/>', b'<samengestelde_groep key="GRP4A"/>', 1),
        "GRP4A",
        "<groep>",
    )


def test_teacher_in_a_group_not_in_the_file():
    _rejected(
        EXAMPLE.replace(b'<groep key="GRP4A"/>', b'<groep key="nergens"/>', 1), '<leerkracht key="LK1">', "nergens"
    )


def test_unknown_location():
    _rejected(EXAMPLE.replace(b'<vestiging key="VH"/>', b'<vestiging key="XX"/>'), "<vestiging", "XX")


@pytest.mark.parametrize(
    "kind, old, new, where",
    [
        ("groep", b'<groep key="002">', b'<groep key="001">', "<groepen>"),
        ("samengestelde_groep", b'<samengestelde_groep key="sg2">', b'<samengestelde_groep key="sg1">', "<groepen>"),
        ("leerling", b'<leerling key="00002">', b'<leerling key="00001">', "<leerlingen>"),
        ("leerkracht", b'<leerkracht key="LK2"', b'<leerkracht key="LK1"', "<leerkrachten>"),
    ],
)
def test_duplicate_keys(kind, old, new, where):
    _rejected(EXAMPLE.replace(old, new, 1), "twee keer", where)


def test_duplicate_pupil_eckid():
    spec = build(3)
    spec["pupils"][1]["eckid"] = spec["pupils"][0]["eckid"]
    _rejected(render(spec), "eckid")


@pytest.mark.parametrize(
    "old, new, fragment",
    [
        (b"<brincode>99ZZ</brincode>", b"", "<brincode>"),
        (b"<schooljaar>2014-2015</schooljaar>", b"", "<schooljaar>"),
        (b"<schooljaar>2014-2015</schooljaar>", b"<schooljaar>2014-2016</schooljaar>", "<schooljaar>"),
        (b"<achternaam>Assati</achternaam>", b"", "<achternaam>"),
        (b"<naam>Muizen</naam>", b"", "<naam>"),
        (b"<jaargroep>1</jaargroep>", b"", "<jaargroep>"),
        (b'<leerling key="00002">', b"<leerling>", "key"),
        (b"<instroomdatum>2013-08-25</instroomdatum>", b"<instroomdatum>25-08-2013</instroomdatum>", "<instroomdatum>"),
    ],
)
def test_missing_or_wrong_required_element(old, new, fragment):
    assert old in EXAMPLE
    _rejected(EXAMPLE.replace(old, new, 1), fragment)


def test_pupil_without_any_name():
    spec = build(2)
    spec["pupils"][0].update(achternaam="", roepnaam="")
    _rejected(render(spec), '<leerling key="100000">', "<achternaam>")


def test_file_without_pupils():
    spec = build(1)
    data = render(spec).replace(b"<leerling ", b"<ex_leerling ").replace(b"</leerling>", b"</ex_leerling>")
    _rejected(data, "<leerlingen>")


def test_parent_referring_to_an_unknown_pupil():
    spec = build(2, with_parents=True)
    spec["parents"][0]["pupils"].append("999")
    _rejected(render(spec), '<ouder key="O1">', "999")


def test_level_of_jaargroep():
    values = ("1", "8", "0", "11", "16", "B", "D", "S", "V", "H", "C", "N", None)
    assert [edexml.level_of(value) for value in values] == [1, 8] + [None] * 11  # only groep 1-8 is a niveau
