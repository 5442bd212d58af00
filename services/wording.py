"""Counting in Dutch, for every text the school reads: "1 leerling", "3 leerlingen", "geen leerlingen".

Screens and messages never write "leerling(en)": `count(n, "leerlingen")` says it right for any number, with
the singular of the nouns below (or the one given).
"""

# Nouns the screens count, plural -> singular.
NOUNS = {
    "leerlingen": "leerling",
    "leraren": "leraar",
    "ouders": "ouder",
    "beheerders": "beheerder",
    "groepen": "groep",
    "berichten": "bericht",
    "notities": "notitie",
    "documenten": "document",
    "lessen": "les",
    "toetsresultaten": "toetsresultaat",
    "uitstroomniveaus": "uitstroomniveau",
    "groepsbesprekingen": "groepsbespreking",
    "plannen": "plan",
    "rijen": "rij",
    "taken": "taak",
    "aanwezigheidsregistraties": "aanwezigheidsregistratie",
    "verlof- en absentiemeldingen": "verlof- of absentiemelding",
    "wijzigingen": "wijziging",
    "vragen": "vraag",
    "leerdoelen": "leerdoel",
}


def noun(number, plural, singular=None):
    """The noun for `number` of them: "notitie" for 1, "notities" for any other number."""
    return (singular or NOUNS.get(plural, plural)) if number == 1 else plural


def count(number, plural, singular=None):
    """ "1 notitie", "3 notities", "geen notities": `plural` is the noun as the screens say many."""
    if number == 0:
        return f"geen {plural}"
    return f"{number} {noun(number, plural, singular)}"
