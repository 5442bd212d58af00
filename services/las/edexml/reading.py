"""Reading an untrusted EDEXML file and its elements strictly (SPEC.md 6); edexml.py builds on this.

The file is size-capped first and parsed with defusedxml, which refuses any DOCTYPE (so no entity expansion,
no XML bomb, no external entity or DTD). The element helpers refuse, with a Dutch message naming the
element, what the keys and keyrefs of `EDEXML.structuur.xsd` forbid: a missing key, a key or eckid that
occurs twice, a reference to a group that is not in <groepen>, a person without a name, a bad date, and a
coded value outside its value list (codes.py).
"""

import datetime as dt
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import fromstring

from ...errors import DomainError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# expat error codes meaning "the document stopped before it was complete"
_TRUNCATED_CODES = {3, 5, 6}  # no element found, unclosed token, partial character


class EdexmlError(DomainError):
    """The file is not a usable EDEXML export; the message says why in Dutch and names the element."""


def tag_of(tag):
    """The tag without its namespace."""
    return tag.rsplit("}", 1)[-1] if tag[:1] == "{" else tag


def text_of(element):
    """The element's text, stripped; "" when it has none."""
    return (element.text or "").strip()


def date_of(element, where):
    """The element's text as a date (a time after it is ignored); EdexmlError when it is none."""
    value = text_of(element)
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise EdexmlError(f"{where}: <{tag_of(element.tag)}> is geen geldige datum ({value!r}).") from None


def key_of(element, where):
    """The element's key attribute, stripped; EdexmlError when it is missing or empty."""
    key = (element.get("key") or "").strip()
    if not key:
        raise EdexmlError(f"{where}: het attribuut key ontbreekt of is leeg.")
    return key


def load_root(data, max_bytes):
    """The root element of `data` (bytes or str), refusing an empty or too large file, DTDs, entities and
    broken XML."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not data or not data.strip():
        raise EdexmlError("Het bestand is leeg.")
    if len(data) > max_bytes:
        raise EdexmlError(
            f"Het bestand is te groot ({len(data) / 1048576:.1f} MB; de grens is {max_bytes / 1048576:.0f} MB)."
        )
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DTDForbidden:
        if b"<!ENTITY" in data:
            raise EdexmlError(
                "Het bestand declareert entiteiten (<!ENTITY> in een <!DOCTYPE>): geweigerd, "
                "want zo werken XML-bommen en externe entiteiten."
            ) from None
        raise EdexmlError(
            "Het bestand bevat een <!DOCTYPE>-declaratie; die hoort niet in EDEXML en wordt geweigerd."
        ) from None
    except (EntitiesForbidden, ExternalReferenceForbidden, DefusedXmlException):
        raise EdexmlError("Het bestand gebruikt entiteiten of externe verwijzingen: geweigerd.") from None
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        if getattr(error, "code", None) in _TRUNCATED_CODES:
            raise EdexmlError(
                f"Het bestand is afgebroken: de XML houdt onverwacht op (regel {line}). Is het volledig overgekomen?"
            ) from None
        reason = str(error).split(":")[0]
        raise EdexmlError(f"Het bestand is geen geldige XML (regel {line}, kolom {column}: {reason}).") from None


def names_of(element, where, kind):
    """The name elements shared by pupils, teachers and parents; achternaam or roepnaam is required."""
    names = {"achternaam": "", "voorvoegsel": "", "voornamen": "", "roepnaam": "", "emailadres": ""}
    for child in element:
        tag = tag_of(child.tag)
        if tag in names and not names[tag]:
            names[tag] = text_of(child)
    if not names["achternaam"] and not names["roepnaam"]:
        raise EdexmlError(
            f"{where}: <achternaam> ontbreekt of is leeg (een {kind} zonder achternaam heeft "
            "ten minste een <roepnaam> nodig)."
        )
    return names


def check_code(value, allowed, where, tag, listed):
    """Refuse a coded value that is not in its EDEXML value list `allowed`; `listed` says the list in words."""
    if value not in allowed:
        raise EdexmlError(
            f"{where}: <{tag}> {value!r} staat niet in de waardelijst van EDEXML 2.1 ({listed}). "
            "Het hele bestand is geweigerd; verbeter de waarde in het LAS."
        )
    return value


def check_ref(kinds, key, kind, where):
    """Refuse a reference to a group that is not in <groepen> or is of another kind; `kinds` maps key to kind."""
    found = kinds.get(key)
    if found is None:
        raise EdexmlError(f'{where}: verwijst naar <{kind} key="{key}">, maar die staat niet in <groepen>.')
    if found != kind:
        raise EdexmlError(f'{where}: verwijst naar <{kind} key="{key}">, maar {key!r} is in <groepen> een <{found}>.')


def keyed(container, tags, container_tag, label_suffix=""):
    """Yield (element, tag, key, where) for each element of `container` whose tag is in `tags`, refusing a
    missing key or one that occurs twice."""
    seen = set()
    for element in container if container is not None else ():
        tag = tag_of(element.tag)
        if tag not in tags:
            continue
        key = key_of(element, f"<{tag}>{label_suffix}")
        where = f'<{tag} key="{key}">'
        if key in seen:
            raise EdexmlError(f"{where}: de sleutel komt twee keer voor in <{container_tag}>.")
        seen.add(key)
        yield element, tag, key, where


def people(container, tag, container_tag):
    """Yield (element, key, eckid, where, names) for each <tag> in `container`, refusing a key or an eckid
    that occurs twice."""
    eckids = set()
    for element, _, key, where in keyed(container, (tag,), container_tag):
        eckid = element.get("eckid") or None
        if eckid is not None:
            if eckid in eckids:
                raise EdexmlError(f"{where}: de eckid komt ook bij een andere {tag} voor.")
            eckids.add(eckid)
        yield element, key, eckid, where, names_of(element, where, tag)
