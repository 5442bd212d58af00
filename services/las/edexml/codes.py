"""The value lists of EDEXML 2.1 (EDEXML.types.variabel.xsd) for the coded fields Doelpunt reads, and the
schema versions it reads. A file with any other value is refused whole (reading.check_code).

The fields Doelpunt never reads (geslacht, etniciteit, land, gewicht and the like: personal data it does not
keep) are not read at all, so their values are not checked either.
"""

# EDEXJaargroepType: what Doelpunt makes of each value is `level_of` below and the README's LAS section.
JAARGROEPEN = {
    "B": "baby's (0 tot 12 maanden)",
    "D": "dreumesen (1 tot 2 jaar)",
    "0": "peutergroep",
    **{str(n): f"groep {n}" for n in range(1, 9)},
    **{str(n): f"voortgezet onderwijs leerjaar {n - 10}" for n in range(11, 17)},
    "S": "speciaal (basis)onderwijs",
    "V": "voortgezet speciaal onderwijs",
    "C": "combinatiegroep (jaargroep per leerling)",
    "N": "niet PO/VO",
    "H": "historisch",
}
LEVELS = range(1, 9)  # the jaargroepen that are a niveau of Doelpunt

# EDEXLeerkrachtRolType (2.1 added TAL).
ROLLEN = {
    "ADJ": "adjunct-directeur",
    "ADM": "administratief medewerker",
    "CON": "conciërge",
    "DIR": "directeur / schoolleider",
    "ICT": "ICT-coördinator",
    "IB": "intern begeleider",
    "KLA": "klassenassistent",
    "LRK": "leerkracht / groepsleraar",
    "LOS": "lerarenondersteuner",
    "LOC": "locatieleider",
    "OWA": "onderwijsassistent",
    "OUD": "ouder",
    "RT": "remedial teacher",
    "SMW": "schoolmaatschappelijk werker",
    "STA": "stagiair",
    "TAL": "toetsafnameleider",
    "VAK": "vakleerkracht",
}
# Management and support: a group reference with only these roles does not make someone a teacher of it.
NOT_TEACHING = frozenset({"ADJ", "ADM", "CON", "DIR", "ICT", "LOC", "OUD", "SMW"})

# <xsdversie>: 2.1, and 2.0, whose structure 2.1 only extended (the eckid attribute, the role TAL).
VERSIONS = ("2.0", "2.1")


def level_of(jaargroep):
    """The niveau a jaargroep stands for: groep 1-8 as 1-8; None for every other value (B, D, 0, 11-16, S, V,
    C, N, H): a pupil then takes the niveau of their base group, a group has no jaargroep in Doelpunt."""
    if jaargroep and jaargroep.isdigit() and int(jaargroep) in LEVELS:
        return int(jaargroep)
    return None


def version_supported(version):
    """True for "2.1", "2.1.0", "2.0", ...: the versions this reader was written for."""
    parts = version.split(".")
    return len(parts) >= 2 and ".".join(parts[:2]) in VERSIONS and all(part.isdigit() for part in parts)
