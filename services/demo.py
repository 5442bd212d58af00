"""The demo school: a believable Dutch primary school to try Doelpunt with (`flask --app app demo`).

`build()` writes the whole school in one transaction with bulk inserts, so that a demo of 400 pupils takes
seconds, and it draws every choice from a seeded random generator, so that every build is the same school.
"""
import datetime as dt
import os
import random
import time
import unicodedata

from peewee import chunked

from models import (Domain, Goal, GoalRating, GoalSet, GoalSetGoal, Group, GroupMember, GroupTeacher, GroupType,
                    LessonBlock, MyGroup, Note, NoteCategory, ParentLink, Period, Plan, PlanGoal, SchoolSettings,
                    Status, StatusChange, Subject, User, WeekTemplate, db, now)
from services import passwords, school

PASSWORD = "regenboog"  # every demo account; the sign-in lines print it
DOMAIN = "regenboog.test"
SCHOOL_YEAR = "2026-2027"
SEED = 2026
CHUNK = 500  # rows per INSERT, within SQLite's limit on bound variables

PERIODS = [(1, "Periode 1", dt.date(2026, 8, 24), dt.date(2026, 11, 1)),
           (2, "Periode 2", dt.date(2026, 11, 2), dt.date(2027, 1, 24)),
           (3, "Periode 3", dt.date(2027, 1, 25), dt.date(2027, 4, 11)),
           (4, "Periode 4", dt.date(2027, 4, 12), dt.date(2027, 7, 16))]

# The curriculum: subject -> domain -> rows of (title template, {level: what fills it}). A row is one skill
# growing over the levels, so the goals of a domain read as its learning line.
CURRICULUM = {
    "Rekenen": {
        "Getallen": [
            ("Ik kan tellen tot {}", {1: "10", 2: "20", 3: "100"}),
            ("Ik kan getallen tot {} lezen en schrijven", {2: "20", 3: "100", 4: "1000", 5: "10.000", 6: "100.000",
                                                           7: "een miljoen", 8: "een miljard"}),
            ("Ik kan getallen tot {} splitsen", {2: "10", 3: "100", 4: "1000", 5: "10.000"}),
            ("Ik kan getallen tot {} op de getallenlijn zetten", {3: "100", 4: "1000", 5: "10.000", 6: "100.000",
                                                                  7: "een miljoen"}),
            ("Ik kan getallen tot {} vergelijken en ordenen", {1: "10", 2: "20", 3: "100", 4: "1000", 5: "10.000"}),
            ("Ik kan {}", {1: "hoeveelheden tot 5 in één keer zien", 2: "hoeveelheden tot 10 in één keer zien",
                           3: "tientallen en eenheden uit elkaar houden",
                           4: "honderdtallen, tientallen en eenheden benoemen",
                           5: "getallen afronden op tientallen en honderdtallen",
                           6: "getallen afronden op duizendtallen", 7: "kommagetallen afronden op tienden",
                           8: "rekenen met negatieve getallen"}),
            ("Ik kan {}", {5: "kommagetallen met één cijfer achter de komma lezen",
                           6: "kommagetallen met twee cijfers achter de komma ordenen",
                           7: "grote getallen schatten", 8: "grote getallen schrijven met machten van tien"}),
            ("Ik kan tellen met sprongen van {}", {2: "2", 3: "2, 5 en 10", 4: "25 en 50", 5: "100 en 250"}),
        ],
        "Bewerkingen": [
            ("Ik kan optellen en aftrekken tot {}", {2: "10", 3: "20", 4: "100", 5: "1000", 6: "10.000"}),
            ("Ik ken de tafels van {} uit mijn hoofd", {4: "1, 2, 5 en 10", 5: "3, 4, 6, 7, 8 en 9"}),
            ("Ik kan {}", {1: "twee groepjes samenvoegen en tellen hoeveel het er zijn",
                           2: "een groepje eerlijk verdelen", 3: "dubbelen en halveren tot 20",
                           4: "optellen en aftrekken over het tiental",
                           5: "vermenigvuldigen met een getal onder de 100 (zoals 6 x 47)",
                           6: "cijferend vermenigvuldigen met twee getallen van twee cijfers",
                           7: "cijferend delen met een rest", 8: "rekenen met de volgorde van bewerkingen"}),
            ("Ik kan {}", {3: "sprongen van 10 maken op de getallenlijn",
                           4: "handig rekenen door te rijgen en te splitsen", 5: "cijferend optellen onder elkaar",
                           6: "cijferend aftrekken met lenen", 7: "optellen en aftrekken met kommagetallen",
                           8: "vermenigvuldigen en delen met kommagetallen"}),
            ("Ik kan {} uitrekenen en uitleggen hoe ik het deed", {
                4: "een verhaaltjessom met plus en min", 5: "een verhaaltjessom met keer en gedeeld door",
                6: "een verhaaltjessom in twee stappen", 7: "een verhaaltjessom met kommagetallen",
                8: "een verhaaltjessom met breuken en procenten"}),
            ("Ik kan {}", {5: "delen met een rest en weet wat ik met de rest doe", 6: "delen door 10, 100 en 1000",
                           7: "de uitkomst schatten voordat ik een som uitreken",
                           8: "de rekenmachine handig gebruiken bij grote sommen"}),
            ("Ik kan {}", {1: "tellen hoeveel erbij komen en hoeveel eraf gaan", 2: "rekenen met het rekenrek tot 10",
                           3: "de splitsingen tot 10 snel opzeggen", 4: "keersommen en deelsommen bij elkaar zoeken",
                           6: "vermenigvuldigen met nullen (zoals 30 x 400)",
                           7: "delen met een kommagetal als uitkomst",
                           8: "sommen met haakjes uitrekenen"}),
        ],
        "Meten en meetkunde": [
            ("Ik kan de klok lezen op {}", {3: "het hele uur", 4: "het halve uur", 5: "het kwartier",
                                           6: "de minuut", 7: "de digitale klok (24-uursnotatie)"}),
            ("Ik kan {}", {1: "voorwerpen sorteren van klein naar groot",
                           2: "zeggen wat langer, korter, zwaarder of lichter is",
                           3: "met een liniaal meten in hele centimeters", 4: "lengtes meten in meters en centimeters",
                           5: "lengtematen omrekenen (km, m, dm, cm, mm)",
                           6: "de omtrek en de oppervlakte van een rechthoek berekenen",
                           7: "de inhoud van een balk berekenen", 8: "oppervlakte- en inhoudsmaten omrekenen"}),
            ("Ik kan {}", {1: "de vormen cirkel, vierkant en driehoek benoemen",
                           2: "een bouwwerk van blokken nabouwen van een plaatje",
                           3: "symmetrie herkennen in een figuur",
                           4: "betalen met geld tot 20 euro", 5: "rekenen met geld en wisselgeld tot 100 euro",
                           6: "een plattegrond lezen met de windrichtingen", 7: "werken met de schaal van een kaart",
                           8: "rekenen met tijd, afstand en snelheid"}),
            ("Ik kan {}", {2: "de dagen van de week in de goede volgorde noemen", 3: "de maanden van het jaar noemen",
                           4: "wegen in kilo en gram", 5: "rekenen met de kalender",
                           6: "hoeken meten met een geodriehoek", 7: "temperaturen onder nul aflezen en vergelijken",
                           8: "aanzichten van een bouwwerk tekenen"}),
            ("Ik kan {}", {3: "inhoud vergelijken met bekers en flessen", 4: "inhoud meten in liters",
                           5: "liters, deciliters en milliliters omrekenen", 6: "het gewicht van voorwerpen schatten",
                           7: "de omtrek van een cirkel berekenen", 8: "de oppervlakte van een driehoek berekenen"}),
        ],
        "Verhoudingen": [
            ("Ik kan {}", {3: "de helft en het dubbele van een hoeveelheid bepalen",
                           4: "een pizza eerlijk verdelen in halven en kwarten", 5: "breuken op de getallenlijn zetten",
                           6: "gelijkwaardige breuken vinden", 7: "breuken optellen en aftrekken",
                           8: "breuken vermenigvuldigen en delen"}),
            ("Ik kan {}", {5: "een verhoudingstabel invullen", 6: "rekenen met een verhoudingstabel",
                           7: "procenten uitrekenen met een verhoudingstabel",
                           8: "korting en btw in procenten uitrekenen"}),
            ("Ik kan {}", {6: "breuken omzetten in kommagetallen",
                           7: "breuken, kommagetallen en procenten met elkaar vergelijken",
                           8: "rekenen met schaal en verhoudingen"}),
        ],
        "Verbanden": [
            ("Ik kan {}", {3: "turven en tellen hoeveel het er zijn", 4: "gegevens in een turftabel zetten",
                           5: "een staafdiagram lezen", 6: "een lijngrafiek lezen en maken",
                           7: "een cirkeldiagram lezen", 8: "het gemiddelde uitrekenen"}),
        ],
    },
    "Taal": {
        "Woordenschat": [
            ("Ik ken de woorden van het thema '{}'", {1: "Herfst", 2: "Op de boerderij", 3: "Ziek en gezond",
                                                     4: "Op reis", 5: "Het weer", 6: "Nederland", 7: "Media",
                                                     8: "De politiek"}),
            ("Ik kan {}", {1: "vertellen wat ik op een plaat zie",
                           2: "dingen die bij elkaar horen in groepjes leggen",
                           3: "een nieuw woord uitleggen met een tekening", 4: "een woordweb maken bij een nieuw woord",
                           5: "de betekenis van een woord uit de zin halen", 6: "woorden opzoeken in het woordenboek",
                           7: "uitdrukkingen en spreekwoorden uitleggen", 8: "vaktaal gebruiken in een spreekbeurt"}),
            ("Ik kan {}", {3: "tegenstellingen noemen (groot en klein)", 4: "woorden met dezelfde betekenis vinden",
                           5: "samengestelde woorden in stukken verdelen",
                           6: "voorvoegsels en achtervoegsels herkennen",
                           7: "leenwoorden herkennen", 8: "kiezen tussen formele en informele woorden"}),
        ],
        "Taalbeschouwing": [
            ("Ik kan {}", {1: "woorden laten rijmen", 2: "de eerste klank van een woord horen",
                           3: "een zin maken met een hoofdletter en een punt", 4: "het zelfstandig naamwoord herkennen",
                           5: "het werkwoord en het lidwoord in een zin vinden",
                           6: "het onderwerp en de persoonsvorm in een zin vinden",
                           7: "het lijdend en het meewerkend voorwerp vinden",
                           8: "het bijvoeglijk naamwoord en het bijwoord herkennen"}),
            ("Ik kan {}", {2: "woorden in klanken hakken en weer plakken",
                           3: "een vraagzin en een gewone zin uit elkaar houden", 4: "het meervoud van een woord maken",
                           5: "verkleinwoorden maken", 6: "leestekens goed gebruiken",
                           7: "de directe en de indirecte rede gebruiken", 8: "de tijden van een werkwoord benoemen"}),
        ],
        "Mondelinge taalvaardigheid": [
            ("Ik kan {}", {1: "in de kring vertellen wat ik heb meegemaakt",
                           2: "naar een verhaal luisteren en vertellen wat er gebeurde",
                           3: "een vraag stellen als ik iets niet begrijp", 4: "in een groepje om de beurt praten",
                           5: "een boek aan de klas voorstellen", 6: "een spreekbeurt houden met een plan",
                           7: "in een discussie mijn mening geven met argumenten",
                           8: "een presentatie houden en vragen beantwoorden"}),
            ("Ik kan {}", {3: "een instructie navertellen", 4: "een telefoongesprek voeren", 5: "iemand interviewen",
                           6: "tips en tops geven op een presentatie", 7: "een debat voorbereiden",
                           8: "een kringgesprek leiden"}),
            ("Ik kan {}", {1: "een versje opzeggen in de kring", 2: "in een hele zin zeggen wat ik nodig heb",
                           3: "een verhaal navertellen met plaatjes", 4: "een kort verhaal aan de klas vertellen"}),
        ],
        "Stellen": [
            ("Ik kan {}", {3: "een zin schrijven bij een tekening",
                           4: "een kort verhaal schrijven met een begin en een eind", 5: "een brief schrijven",
                           6: "een verhaal schrijven met alinea's", 7: "een betoog schrijven",
                           8: "mijn eigen tekst nakijken en verbeteren"}),
            ("Ik kan {}", {5: "een uitnodiging schrijven", 6: "een verslag schrijven",
                           7: "een e-mail schrijven aan een volwassene",
                           8: "een sollicitatiebrief schrijven voor een rol in de musical"}),
            ("Ik kan {}", {3: "een boodschappenlijstje schrijven", 4: "een kaart schrijven aan iemand uit de klas",
                           5: "een instructie voor een spelletje schrijven", 6: "een recensie van een boek schrijven",
                           7: "een nieuwsbericht schrijven", 8: "een stuk voor de schoolkrant schrijven"}),
        ],
    },
    "Lezen": {
        "Technisch lezen": [
            ("Ik kan {}", {1: "mijn eigen naam herkennen", 2: "de letters van mijn naam noemen",
                           3: "korte woorden als 'maan' en 'vis' vlot lezen", 4: "woorden met twee klankgroepen lezen",
                           5: "lange woorden in stukjes lezen", 6: "een tekst op AVI-niveau M6 vlot lezen",
                           7: "een tekst op AVI-niveau M7 vlot lezen", 8: "een tekst op AVI-plus vlot lezen"}),
            ("Ik kan {}", {2: "klanken samenvoegen tot een woord (r-aa-m)", 3: "een tekst op AVI-niveau M3 lezen",
                           4: "een tekst op AVI-niveau M4 lezen", 5: "een tekst op AVI-niveau M5 lezen",
                           6: "woorden met leenklanken (ou, au, ch, th) lezen"}),
            ("Ik kan {}", {3: "zinnen vlot voorlezen", 4: "een tekst voorlezen met de goede intonatie",
                           5: "een toneeltekst voordragen", 6: "een gedicht voordragen",
                           7: "een prentenboek voorlezen aan kleuters", 8: "een nieuwsbericht voorlezen"}),
        ],
        "Begrijpend lezen": [
            ("Ik kan {}", {1: "voorspellen hoe een prentenboek afloopt",
                           2: "vertellen wie de hoofdpersoon van een verhaal is",
                           3: "vragen beantwoorden over een korte tekst", 4: "de hoofdgedachte van een alinea vinden",
                           5: "signaalwoorden in een tekst herkennen", 6: "de hoofdgedachte van een tekst vinden",
                           7: "feiten en meningen uit elkaar houden", 8: "de bedoeling van de schrijver herkennen"}),
            ("Ik kan {}", {3: "bij het lezen een plaatje in mijn hoofd maken",
                           4: "moeilijke woorden in een tekst oplossen", 5: "een tekst samenvatten in een paar zinnen",
                           6: "een schema maken van een tekst", 7: "oorzaak en gevolg in een tekst vinden",
                           8: "twee teksten over hetzelfde onderwerp vergelijken"}),
            ("Ik kan {}", {5: "informatie opzoeken in een informatieve tekst", 6: "een tabel in een tekst lezen",
                           7: "bronnen op internet beoordelen", 8: "een studietekst leren met een samenvatting"}),
            ("Ik kan {}", {2: "de plaatjes van een verhaal in de goede volgorde leggen",
                           3: "met de titel en de plaatjes voorspellen waar een tekst over gaat",
                           4: "vertellen waar een tekst over gaat", 5: "vragen stellen bij een tekst",
                           6: "de verwijswoorden in een tekst vinden", 7: "de opbouw van een tekst herkennen",
                           8: "een betoog en een uiteenzetting uit elkaar houden"}),
        ],
    },
    "Spelling": {
        "Klankzuivere woorden": [
            ("Ik kan {}", {2: "mijn eigen naam schrijven", 3: "woorden van drie letters schrijven (zoals 'vis')",
                           4: "woorden met twee medeklinkers aan het begin en eind schrijven",
                           5: "lange klankzuivere woorden schrijven"}),
            ("Ik kan {}", {3: "woorden met aa, ee, oo en uu goed schrijven",
                           4: "woorden met sch en schr goed schrijven", 5: "woorden met cht goed schrijven"}),
        ],
        "Regelwoorden": [
            ("Ik kan {}", {3: "woorden met ng en nk goed schrijven",
                           4: "woorden met een d aan het eind goed schrijven (zoals 'hond')",
                           5: "woorden met ei en ij goed schrijven", 6: "woorden met au, ou, auw en ouw goed schrijven",
                           7: "leenwoorden uit het Frans en het Engels goed schrijven",
                           8: "woorden met een trema of een koppelteken goed schrijven"}),
            ("Ik kan {}", {4: "verkleinwoorden goed schrijven",
                           5: "woorden als 'bomen' en 'bommen' goed schrijven",
                           6: "woorden die eindigen op -ig en -lijk goed schrijven",
                           7: "meervouden op -s en -en goed schrijven",
                           8: "hoofdletters goed gebruiken bij namen van landen en plaatsen"}),
        ],
        "Werkwoordspelling": [
            ("Ik kan {}", {5: "de persoonsvorm in de tegenwoordige tijd goed schrijven",
                           6: "de stam + t goed schrijven", 7: "de verleden tijd goed schrijven ('t kofschip)",
                           8: "het voltooid deelwoord goed schrijven"}),
            ("Ik kan {}", {6: "'hij wordt' en 'word jij' goed schrijven",
                           7: "sterke werkwoorden in de verleden tijd goed schrijven",
                           8: "de werkwoorden in mijn eigen tekst controleren"}),
        ],
    },
    "Wereldoriëntatie": {
        "Aardrijkskunde": [
            ("Ik kan {}", {1: "vertellen waar ik woon", 2: "de weg van huis naar school beschrijven",
                           3: "een plattegrond van de klas tekenen", 4: "de vier windrichtingen noemen",
                           5: "de provincies van Nederland aanwijzen", 6: "de landen van Europa aanwijzen",
                           7: "de werelddelen en de oceanen aanwijzen",
                           8: "de klimaatzones op de wereldkaart uitleggen"}),
            ("Ik kan {}", {4: "uitleggen wat een dijk is", 5: "uitleggen hoe Nederland zich beschermt tegen het water",
                           6: "de grote rivieren van Nederland noemen",
                           7: "uitleggen waarom mensen naar een ander land verhuizen",
                           8: "uitleggen hoe handel landen met elkaar verbindt"}),
            ("Ik kan {}", {5: "de hoofdsteden van de provincies noemen", 6: "een kaart met een legenda lezen",
                           7: "uitleggen hoe een vulkaan werkt", 8: "uitleggen wat duurzame energie is"}),
        ],
        "Geschiedenis": [
            ("Ik kan {}", {1: "vertellen wat ik deed toen ik klein was", 2: "foto's van vroeger en nu vergelijken",
                           3: "een tijdlijn van mijn eigen leven maken",
                           4: "vertellen hoe mijn opa en oma vroeger leefden",
                           5: "jagers en boeren een plek geven op de tijdbalk",
                           6: "vertellen over de Romeinen in Nederland", 7: "uitleggen wat de Gouden Eeuw was",
                           8: "vertellen over de Tweede Wereldoorlog in Nederland"}),
            ("Ik kan {}", {5: "vertellen over ridders en kastelen", 6: "uitleggen wat de VOC deed",
                           7: "vertellen over de industriële revolutie",
                           8: "uitleggen hoe de democratie in Nederland werkt"}),
            ("Ik kan {}", {4: "vertellen wat hunebedden zijn", 6: "vertellen wie Willem van Oranje was",
                           7: "uitleggen wat slavernij in de koloniën betekende",
                           8: "vertellen hoe Nederland na de oorlog werd opgebouwd"}),
        ],
        "Natuur en techniek": [
            ("Ik kan {}", {1: "vertellen wat er in de herfst met de bomen gebeurt", 2: "de delen van een plant noemen",
                           3: "dieren indelen in zoogdieren, vogels en vissen",
                           4: "de levenscyclus van een vlinder uitleggen", 5: "uitleggen hoe een stroomkring werkt",
                           6: "de organen van het menselijk lichaam noemen", 7: "uitleggen hoe een voedselketen werkt",
                           8: "uitleggen wat klimaatverandering is"}),
            ("Ik kan {}", {2: "een proefje doen met drijven en zinken", 3: "een knikkerbaan bouwen",
                           4: "uitleggen waarom water bevriest en ijs smelt",
                           5: "de planeten van ons zonnestelsel in de goede volgorde noemen",
                           6: "uitleggen waardoor het dag en nacht wordt",
                           7: "uitleggen waarom de maan er steeds anders uitziet",
                           8: "een onderzoeksvraag bedenken en een proef opzetten"}),
            ("Ik kan {}", {3: "uitleggen wat een plant nodig heeft om te groeien", 4: "vertellen hoe je gezond eet",
                           5: "uitleggen hoe geluid zich verplaatst", 6: "uitleggen hoe een hefboom werkt",
                           7: "uitleggen hoe je elektriciteit kunt opwekken",
                           8: "uitleggen hoe je lichaam verandert in de puberteit"}),
        ],
    },
}

DESCRIPTIONS = [
    "Start met een korte instructie aan de instructietafel en laat het de kinderen daarna zelf voordoen. "
    "Materiaal: de handleiding van de methode, les {lesson}.",
    "Laat eerst zien met concreet materiaal, dan met een tekening en pas daarna in de abstracte vorm. "
    "Controleer met de korte toets in de methode.",
    "Koppel het aan het thema van de klas. Kinderen die het al beheersen kunnen het uitleggen aan een maatje; "
    "de anderen krijgen verlengde instructie.",
    "Gebruik de oefenkaarten op het leerplein. Bespreek in de kring waar het in het dagelijks leven voorkomt.",
]
STEPS = ["Kijk naar het voorbeeld van de juf of meester", "Doe de instructie mee aan de instructietafel",
         "Oefen met het materiaal op het leerplein", "Maak de oefenkaart", "Maak de opdrachten op de Chromebook",
         "Leg aan een maatje uit hoe je het doet", "Kijk je werk na met de antwoordkaart",
         "Laat aan je juf of meester zien dat je het kunt"]

BOYS = ["Daan", "Sem", "Lucas", "Levi", "Finn", "Noah", "Milan", "Luuk", "Bram", "Jesse", "Thijs", "Mees", "Sam",
        "Ruben", "Liam", "Julian", "Tim", "Max", "Jayden", "Adam", "Mohammed", "Yusuf", "Noud", "Gijs", "Teun",
        "Siem", "Jens", "Stijn", "Lars", "Olivier", "Hugo", "Ties", "Boaz", "Morris", "Dex", "Otis", "Ilias"]
GIRLS = ["Emma", "Julia", "Mila", "Tess", "Sophie", "Zoë", "Sara", "Nora", "Yara", "Eva", "Liv", "Lotte", "Evi",
         "Noor", "Anna", "Lieke", "Fenna", "Saar", "Lisa", "Fleur", "Nina", "Isa", "Roos", "Maud", "Femke",
         "Jasmijn", "Amira", "Fatima", "Elif", "Hanna", "Vera", "Lynn", "Puck", "Floor", "Sofia", "Ilse"]
ADULTS = ["Mark", "Dennis", "Martijn", "Jeroen", "Bas", "Rob", "Erik", "Sander", "Mohamed", "Ahmed", "Kevin",
          "Niels", "Wouter", "Ramon", "Pieter", "Linda", "Sandra", "Marieke", "Esther", "Anouk", "Kim", "Saskia",
          "Nadia", "Fatma", "Mirjam", "Petra", "Inge", "Karin", "Ingrid", "Manon", "Sharon", "Eline"]
SURNAMES = [("van", "Dijk"), ("de", "Vries"), ("", "Jansen"), ("van der", "Berg"), ("", "Bakker"), ("de", "Jong"),
            ("van den", "Broek"), ("", "Visser"), ("", "Smit"), ("", "Meijer"), ("de", "Boer"), ("", "Mulder"),
            ("de", "Groot"), ("", "Bos"), ("", "Vos"), ("", "Peters"), ("", "Hendriks"), ("van", "Leeuwen"),
            ("", "Dekker"), ("", "Brouwer"), ("de", "Wit"), ("", "Dijkstra"), ("", "Smits"), ("de", "Graaf"),
            ("van der", "Meer"), ("van der", "Linden"), ("", "Kok"), ("", "Jacobs"), ("de", "Haan"),
            ("", "Vermeulen"), ("van den", "Heuvel"), ("van der", "Veen"), ("van den", "Bosch"), ("van", "Dam"),
            ("", "Schouten"), ("", "Willems"), ("", "Hoekstra"), ("", "Koster"), ("", "Verhoeven"), ("", "Prins"),
            ("", "Yılmaz"), ("", "El Amrani"), ("", "Kaya"), ("", "Öztürk"), ("", "Bouzid"), ("", "Pinas"),
            ("", "Nguyen"), ("", "Kowalski"), ("", "Postma"), ("", "Timmermans")]

# One or two teachers per base group, in the order Groep 1a, 1b, 2a ... 8b: (title, first name, infix, last).
CLASS_TEACHERS = [
    [("juf", "Ellen", "", "Bakker"), ("juf", "Ria", "", "Smit")], [("juf", "Mirjam", "de", "Wit")],
    [("juf", "Kim", "", "Hoekstra")], [("juf", "Lotte", "", "Verbeek"), ("juf", "Ineke", "", "Peters")],
    [("juf", "Esther", "", "Mulder")], [("meester", "Bas", "", "Koster")],
    [("juf", "Fleur", "van", "Leeuwen"), ("juf", "Tineke", "", "Bos")], [("juf", "Priya", "", "Ramdin")],
    [("juf", "Anna", "de", "Vries"), ("meester", "Tom", "", "Brouwer")], [("meester", "Youssef", "", "El Khatib")],
    [("juf", "Marieke", "", "Dekker")], [("meester", "Joost", "van den", "Berg"), ("juf", "Hanneke", "", "Prins")],
    [("meester", "Jeroen", "", "Kramer")], [("juf", "Nadia", "", "Bouzid")],
    [("meester", "Rick", "", "Vermeulen"), ("juf", "Carolien", "", "Schouten")], [("juf", "Yvonne", "", "Hendriks")],
]
CLASS_NAMES = [f"Groep {level}{letter}" for level in range(1, 9) for letter in "ab"]
FEATURED_CLASS = "Groep 5a"
# The accounts the sign-in lines name, built the same way whatever the number of pupils.
LOGINS = {"admin": f"beheer@{DOMAIN}", "teacher": f"juf.anna@{DOMAIN}", "coach": f"ib.marloes@{DOMAIN}",
          "assistant": f"leerplein.sanne@{DOMAIN}", "pupil": f"daan.vandijk@{DOMAIN}",
          "parent": f"linda.vandijk@{DOMAIN}"}


def build(pupils=400, force=False):
    """Build the demo school in one transaction; yield progress lines and, at the end, how to sign in."""
    started = time.perf_counter()
    if not force and (User.select().exists() or Subject.select().exists()):
        yield "De database bevat al gegevens: de demoschool wordt niet (opnieuw) gebouwd. " \
              "Gebruik --force om alles te vervangen door de demoschool."
        if User.select().where(User.login == LOGINS["admin"]).exists():
            yield from sign_in_lines()
        return
    with db.atomic():
        if force:
            _wipe()
            yield "Bestaande gegevens verwijderd."
        builder = _Builder(max(16, pupils))
        yield from builder.run()
    yield f"Klaar in {time.perf_counter() - started:.1f} s.".replace(".", ",", 1)
    yield from sign_in_lines()


def sign_in_lines():
    """How to sign in to the demo school: the address and an account for each kind of user."""
    url = f"http://{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}/login"
    accounts = [("beheerder", "admin"), (f"leraar {FEATURED_CLASS}", "teacher"), ("IB-er", "coach"),
                ("leerpleinassistent", "assistant"), (f"leerling {FEATURED_CLASS}", "pupil"),
                ("ouder van die leerling", "parent")]
    yield ""
    yield f"Inloggen op {url} (alle demo-accounts hebben hetzelfde wachtwoord):"
    for label, key in accounts:
        yield f"  {label + ':':<26} {LOGINS[key]:<34} wachtwoord {PASSWORD}"


def _wipe():
    """Empty every table but the schema version (only with force), then restore the default data."""
    from peewee import sort_models
    from models import ALL_MODELS, SchemaVersion

    for model in reversed(sort_models(ALL_MODELS)):
        if model is not SchemaVersion:
            model.delete().execute()
    school.ensure_defaults()


def _insert(model, rows):
    for chunk in chunked(rows, CHUNK):
        model.insert_many(chunk).execute()


def _slug(text):
    ascii_text = unicodedata.normalize("NFKD", text.replace("ı", "i")).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_text.lower() if ch.isalnum())


class _Builder:
    """Writes the demo school step by step; ids of inserted rows are read back by their natural keys."""

    def __init__(self, pupil_count):
        self.rng = random.Random(SEED)
        self.pupil_count = pupil_count
        self.now = now()
        self.password_hash = passwords.hash_password(PASSWORD)  # once: argon2 is slow on purpose
        self.status = {s.key: s.id for s in Status.select()}
        self.logins = set()

    def run(self):
        school.ensure_defaults()
        self.school()
        yield "School OBS De Regenboog, schooljaar 2026-2027 met 4 periodes."
        goals = self.curriculum()
        yield f"Curriculum: {len(CURRICULUM)} hoofdgebieden, {goals} leerdoelen (niveau 1-8, periode 1-4)."
        self.staff()
        self.classes()
        yield f"Groepen: {len(CLASS_NAMES)} stamgroepen met {self.pupil_count} leerlingen, " \
              f"{len(self.teacher_ids)} leraren, {self.parent_count} ouders."
        self.extra_groups()
        yield "Extra groepen en doelensets: Coachgroep, Projectgroep Ruimte, Plusgroep rekenen, Leerplein."
        plan_goals, changes = self.plans()
        yield f"Plannen: {plan_goals} leerdoelen op plannen, {changes} statuswijzigingen in de geschiedenis."
        self.timetable()
        self.notes()
        yield "Weekrooster met lesblokken en groepsnotities."

    # --- school and curriculum -------------------------------------------------------------------------

    def school(self):
        SchoolSettings.update(name="OBS De Regenboog", brin="12AB", school_year=SCHOOL_YEAR, parent_access=True,
                              updated_at=self.now).where(SchoolSettings.id == SchoolSettings.get_current().id).execute()
        _insert(Period, [{"school_year": SCHOOL_YEAR, "number": n, "name": name, "start_date": start,
                          "end_date": end, "rolled_over_at": _early(start) if start <= self.now.date()
                          else None} for n, name, start, end in PERIODS])
        self.periods = {p.number: p for p in Period.select().where(Period.school_year == SCHOOL_YEAR)}

    def curriculum(self):
        _insert(Subject, [{"name": name, "position": i} for i, name in enumerate(CURRICULUM)])
        subject_ids = {s.name: s.id for s in Subject.select()}
        _insert(Domain, [{"subject": subject_ids[subject], "name": name, "position": i}
                         for subject, domains in CURRICULUM.items() for i, name in enumerate(domains)])
        domain_ids = {(d.subject_id, d.name): d.id for d in Domain.select()}
        rows, per_level = [], {}
        for subject, domains in CURRICULUM.items():
            for domain, lines in domains.items():
                for template, by_level in lines:
                    for level, fill in by_level.items():
                        # Spread each level's goals over the four periods, round robin across the domains.
                        count = per_level[level] = per_level.get(level, 0) + 1
                        rows.append({"domain": domain_ids[(subject_ids[subject], domain)],
                                     "title": template.format(fill), "level": level, "period": count % 4 + 1,
                                     "description": self.rng.choice(DESCRIPTIONS).format(
                                         lesson=self.rng.randint(1, 12)),
                                     "steps": "\n".join(self.rng.sample(STEPS, self.rng.randint(2, 4))),
                                     "position": level * 100 + count, "created_at": self._at(
                                         dt.date(2026, 6, 1), dt.date(2026, 7, 10))})
        _insert(Goal, rows)
        self.goals = list(Goal.select(Goal.id, Goal.title, Goal.level, Goal.period, Goal.domain).order_by(Goal.id))
        return len(self.goals)

    # --- people and groups --------------------------------------------------------------------------------

    def _user(self, role, first, infix, last, login=None, **fields):
        if login is None:
            base = f"{_slug(first)}.{_slug(infix + last)}"
            login, n = f"{base}@{DOMAIN}", 1
            while login in self.logins:
                n += 1
                login = f"{base}{n}@{DOMAIN}"
        self.logins.add(login)
        return {"login": login, "password_hash": self.password_hash, "role": role, "first_name": first,
                "infix": infix, "last_name": last, "created_at": self._at(dt.date(2026, 6, 15), dt.date(2026, 8, 20)),
                **fields}

    def _user_ids(self):
        return {u.login: u.id for u in User.select(User.id, User.login)}

    def staff(self):
        rows = [self._user("admin", "Wim", "de", "Haan", LOGINS["admin"]),
                self._user("teacher", "Marloes", "", "Janssen", LOGINS["coach"], is_coach=True),
                self._user("assistant", "Sanne", "", "Willems", LOGINS["assistant"])]
        self.class_teacher_logins = []
        for teachers in CLASS_TEACHERS:
            logins = [f"{title}.{_slug(first)}@{DOMAIN}" for title, first, _, _ in teachers]
            rows += [self._user("teacher", first, infix, last, login)
                     for login, (_, first, infix, last) in zip(logins, teachers)]
            self.class_teacher_logins.append(logins)
        _insert(User, rows)
        ids = self._user_ids()
        self.staff_ids = {key: ids[LOGINS[key]] for key in ("admin", "coach", "assistant")}
        self.class_teachers = [[ids[login] for login in logins] for logins in self.class_teacher_logins]
        self.teacher_ids = [t for ts in self.class_teachers for t in ts] + [self.staff_ids["coach"]]

    def classes(self):
        stamgroep = GroupType.get(name="Stamgroep").id
        _insert(Group, [{"name": name, "group_type": stamgroep, "school_year": SCHOOL_YEAR, "year_level": i // 2 + 1,
                         "created_by": self.staff_ids["admin"], "created_at": self._at(dt.date(2026, 7, 1),
                                                                                     dt.date(2026, 7, 10))}
                        for i, name in enumerate(CLASS_NAMES)])
        self.group_ids = {g.name: g.id for g in Group.select(Group.id, Group.name)}
        _insert(GroupTeacher, [{"group": self.group_ids[name], "teacher": t}
                               for name, teachers in zip(CLASS_NAMES, self.class_teachers) for t in teachers])
        # Seats per class, then families of one to three children (siblings in different classes).
        seats = [name for i, name in enumerate(CLASS_NAMES)
                 for _ in range(self.pupil_count // 16 + (i < self.pupil_count % 16))]
        seats.remove(FEATURED_CLASS)
        seats.remove("Groep 2b")
        self.rng.shuffle(seats)
        families = [(("van", "Dijk"), [("Daan", FEATURED_CLASS), ("Emma", "Groep 2b")], ["Linda", "Mark"])]
        while seats:
            children = [seats.pop()]
            for _ in range(self.rng.choices([0, 1, 2], [60, 30, 10])[0]):
                other = next((s for s in seats if s[:-1] not in {c[:-1] for c in children}), None)
                if other:
                    seats.remove(other)
                    children.append(other)
            names = self.rng.sample(BOYS + GIRLS, len(children))
            parents = self.rng.sample(ADULTS, self.rng.choices([1, 2], [35, 65])[0])
            families.append((self.rng.choice(SURNAMES), list(zip(names, children)), parents))
        pupil_rows, parent_rows, links, members = [], [], [], []
        for (infix, last), children, parents in families:
            child_logins = []
            for first, class_name in children:
                level = int(class_name.split()[1][:-1])
                row = self._user("pupil", first, infix, last, level=level, enrolled_on=dt.date(2027 - level, 8, 24))
                pupil_rows.append(row)
                child_logins.append(row["login"])
                members.append((class_name, row["login"]))
            for i, first in enumerate(parents):
                # A second parent sometimes carries another surname.
                p_infix, p_last = (infix, last) if i == 0 or self.rng.random() < 0.6 else self.rng.choice(SURNAMES)
                row = self._user("parent", first, p_infix, p_last)
                parent_rows.append(row)
                links += [(row["login"], child) for child in child_logins]
        _insert(User, pupil_rows + parent_rows)
        ids = self._user_ids()
        _insert(ParentLink, [{"parent": ids[p], "pupil": ids[c]} for p, c in links])
        _insert(GroupMember, [{"group": self.group_ids[g], "pupil": ids[login],
                               "added_at": self._at(dt.date(2026, 7, 1), dt.date(2026, 7, 10))}
                              for g, login in members])
        self.parent_count = len(parent_rows)
        self.pupils = {ids[row["login"]]: row["level"] for row in pupil_rows}
        self.class_of = {ids[login]: g for g, login in members}
        self.featured = {key: ids[LOGINS[key]] for key in ("pupil", "parent", "teacher")}

    def extra_groups(self):
        types = {t.name: t.id for t in GroupType.select()}
        by_level = {}
        for pupil, level in self.pupils.items():
            by_level.setdefault(level, []).append(pupil)
        ruimte = [g.id for g in self.goals if any(w in g.title for w in ("planeten", "dag en nacht", "de maan er"))]
        plus = [g.id for g in self.goals if g.level == 7 and g.domain_id in self._domains("Verhoudingen")]
        sets = [("Thema Ruimte", "Een thema van zes weken over de aarde, de maan en de planeten.",
                 "Week 1-2: planeten in volgorde, maak een schaalmodel op het schoolplein.\n"
                 "Week 3-4: dag en nacht, proef met de lamp en de globe.\n"
                 "Week 5-6: presentatie voor de ouders.", ruimte),
                ("Plusgroep rekenen", "Verrijking voor sterke rekenaars uit groep 6: verhoudingen een jaar eerder.",
                 "Elke dinsdag instructie bij meester Tom, daarna zelfstandig werken met de plustaak.", plus),
                ("Kinderboekenweek", "Leesbevordering rond het thema van de Kinderboekenweek.",
                 "Kies een boek uit de klassenbieb en maak een boekpromotie.",
                 [g.id for g in self.goals if "boek" in g.title and "woordenboek" not in g.title][:4])]
        _insert(GoalSet, [{"name": name, "description": text, "plan": plan, "created_by": self.featured["teacher"],
                           "created_at": self._at(dt.date(2026, 8, 24), dt.date(2026, 9, 11))}
                          for name, text, plan, _ in sets])
        set_ids = {s.name: s.id for s in GoalSet.select()}
        _insert(GoalSetGoal, [{"goal_set": set_ids[name], "goal": g, "position": i}
                              for name, _, _, goal_ids in sets for i, g in enumerate(goal_ids)])
        self.goal_set_goals = {set_ids[name]: goal_ids for name, _, _, goal_ids in sets}

        def pick(levels, share):
            chosen = [p for level in levels for p in by_level.get(level, []) if self.rng.random() < share]
            return chosen or by_level[levels[0]][:1]

        coach, assistant = self.staff_ids["coach"], self.staff_ids["assistant"]
        extra = [("Coachgroep juf Marloes", "Coachgroep", None, [coach], pick([6], 0.15)),
                 ("Projectgroep Ruimte", "Projectgroep", set_ids["Thema Ruimte"], self.class_teachers[8],
                  pick([5, 6], 0.35)),
                 ("Plusgroep rekenen", "Projectgroep", set_ids["Plusgroep rekenen"], [self.class_teachers[8][1]],
                  pick([6], 0.2)),
                 ("Leerplein bovenbouw", "Roostergroep", None, [assistant], pick([7, 8], 0.3))]
        _insert(Group, [{"name": name, "group_type": types[kind], "goal_set": goal_set, "school_year": SCHOOL_YEAR,
                         "created_by": teachers[0], "created_at": self._at(dt.date(2026, 8, 24),
                                                                           dt.date(2026, 9, 18))}
                        for name, kind, goal_set, teachers, _ in extra])
        self.group_ids = {g.name: g.id for g in Group.select(Group.id, Group.name)}
        _insert(GroupTeacher, [{"group": self.group_ids[name], "teacher": t}
                               for name, _, _, teachers, _ in extra for t in teachers])
        _insert(GroupMember, [{"group": self.group_ids[name], "pupil": p, "added_at": self._at(
            dt.date(2026, 9, 1), dt.date(2026, 9, 25))} for name, _, _, _, members in extra for p in members])
        self.goal_set_members = [(goal_set, teachers, members)
                                 for _, _, goal_set, teachers, members in extra if goal_set]
        _insert(MyGroup, [{"group": self.group_ids[name], "teacher": coach}
                          for name in ("Groep 3b", "Groep 5a", "Groep 5b", "Groep 8a")] +
                [{"group": self.group_ids["Plusgroep rekenen"], "teacher": self.featured["teacher"]}])

    def _domains(self, name):
        return {d.id for d in Domain.select().where(Domain.name == name)}

    # --- plans and their history --------------------------------------------------------------------------

    # Status paths after the first step onto the plan, with weights, per period of the goal.
    PATHS = {
        1: [(["highlighted", "achieved"], 45), (["achieved"], 25), (["highlighted", "practising", "achieved"], 12),
            (["practising"], 8), (["highlighted", "practising"], 6), (["highlighted"], 2), ([], 2)],
        2: [([], 35), (["highlighted"], 25), (["practising"], 10), (["highlighted", "practising"], 12),
            (["highlighted", "achieved"], 12), (["achieved"], 6)],
    }

    def plans(self):
        by_level_period = {}
        for goal in self.goals:
            by_level_period.setdefault((goal.level, goal.period), []).append(goal.id)
        teachers_of = {name: ts for name, ts in zip(CLASS_NAMES, self.class_teachers)}
        plan_goals, histories, plans = [], {}, []
        for pupil, level in self.pupils.items():
            teachers = teachers_of[self.class_of[pupil]]
            for number in (1, 2):
                start = self.periods[number].start_date
                plans.append({"pupil": pupil, "period": self.periods[number].id, "generated_at": _early(start)})
                for goal in by_level_period.get((level, number), []):
                    path = self.rng.choices(*zip(*self.PATHS[number]))[0]
                    steps = [(None, "current", "rollover", None, _early(start))]
                    steps += self._steps(path, start, self.periods[number].end_date, teachers)
                    histories[(pupil, goal)] = steps
            # Part of period 3 already stands on the coming plan.
            for goal in by_level_period.get((level, 3), [])[:3]:
                histories[(pupil, goal)] = [(None, "coming", "web", self.rng.choice(teachers),
                                             self._at(dt.date(2026, 11, 9), dt.date(2026, 11, 20)))]
        for goal_set, teachers, members in self.goal_set_members:
            for pupil in members:
                for goal in self.goal_set_goals[goal_set]:
                    if (pupil, goal) not in histories:
                        start = dt.date(2026, 9, 28)
                        histories[(pupil, goal)] = [(None, "current", "goal_set", teachers[0], self._at(start, start))]
                        histories[(pupil, goal)] += self._steps(self.rng.choice([[], ["highlighted"], ["achieved"]]),
                                                                start, dt.date(2026, 11, 20), teachers)
                        plan_goals.append((pupil, goal, goal_set))
        via_set = {(p, g): s for p, g, s in plan_goals}
        _insert(Plan, plans)
        _insert(PlanGoal, [{"pupil": p, "goal": g, "status": self.status[steps[-1][1]],
                            "source": "goal_set" if (p, g) in via_set else "generated", "goal_set": via_set.get((p, g)),
                            "added_at": steps[0][4], "changed_at": steps[-1][4]}
                           for (p, g), steps in histories.items()])
        ids = {(pg.pupil_id, pg.goal_id): pg.id for pg in PlanGoal.select(PlanGoal.id, PlanGoal.pupil, PlanGoal.goal)}
        changes, ratings = [], []
        for key, steps in histories.items():
            for from_key, to_key, channel, teacher, at in steps:
                changes.append({"plan_goal": ids[key], "from_status": self.status.get(from_key),
                                "to_status": self.status[to_key], "changed_by": teacher, "changed_at": at,
                                "channel": channel})
            if steps[-1][1] in ("highlighted", "achieved") and self.pupils[key[0]] >= 5 and self.rng.random() < 0.3:
                ratings.append({"plan_goal": ids[key], "effort": self.rng.randint(2, 3),
                                "quality": self.rng.randint(1, 3), "channel": "bot", "rated_at": steps[-1][4]})
        _insert(StatusChange, changes)
        _insert(GoalRating, ratings)
        return len(histories), len(changes)

    def _steps(self, path, start, end, teachers):
        """History rows for a path of statuses, set by the class's teachers at moments within the period."""
        rows, previous, moment, last = [], "current", start + dt.timedelta(days=3), _early(start)
        for key in path:
            at = max(self._at(moment, end), last + dt.timedelta(minutes=self.rng.randint(5, 120)))
            rows.append((previous, key, "web", self.rng.choice(teachers), at))
            previous, moment, last = key, at.date() + dt.timedelta(days=1), at
        return rows

    def _at(self, first, last):
        """A moment on a school day between two dates (08:15-16:00), never later than now."""
        share, minutes = self.rng.random(), self.rng.randint(0, 465)  # same draws whatever the date
        latest = min(last, self.now.date() - dt.timedelta(days=1))
        day = first + dt.timedelta(days=round(share * max(0, (latest - first).days)))
        while day.weekday() > 4 and day > first:
            day -= dt.timedelta(days=1)
        return dt.datetime.combine(day, dt.time(8, 15)) + dt.timedelta(minutes=minutes)

    # --- timetable and notes ----------------------------------------------------------------------------

    def timetable(self):
        WeekTemplate.insert(name="Rooster 2026-2027", school_year=SCHOOL_YEAR, valid_from=PERIODS[0][2],
                            valid_until=PERIODS[-1][3]).execute()
        template = WeekTemplate.get(WeekTemplate.school_year == SCHOOL_YEAR).id
        upper = [("08:30", "09:30", "Rekenen"), ("09:30", "10:15", "Taal"), ("10:30", "11:15", "Lezen"),
                 ("11:15", "12:00", "Leerplein"), ("13:00", "14:15", "Wereldoriëntatie")]
        lower = [("08:30", "09:15", "Kring"), ("09:15", "10:15", "Spelen en werken"),
                 ("10:30", "12:00", "Buiten en gym")]
        rows = []
        for i, (name, teachers) in enumerate(zip(CLASS_NAMES, self.class_teachers)):
            for weekday in range(5):
                day = lower if i < 4 else upper
                for start, end, title in (day[:3] if weekday == 2 else day):
                    if weekday in (1, 3) and title == "Taal":
                        title = "Spelling"
                    rows.append({"week_template": template, "weekday": weekday, "start_time": _time(start),
                                 "end_time": _time(end), "title": title, "group": self.group_ids[name],
                                 "teacher": teachers[0] if weekday < 3 or len(teachers) == 1 else teachers[1],
                                 "room": "Leerplein" if title == "Leerplein" else f"Lokaal {i + 1}",
                                 "is_learning_square": title == "Leerplein"})
        for weekday in (1, 3):
            rows.append({"week_template": template, "weekday": weekday, "start_time": _time("13:00"),
                         "end_time": _time("14:00"), "title": "Leerplein",
                         "group": self.group_ids["Leerplein bovenbouw"],
                         "teacher": self.staff_ids["assistant"], "room": "Leerplein", "is_learning_square": True})
        _insert(LessonBlock, rows)

    def notes(self):
        categories = {c.name: c.id for c in NoteCategory.select()}
        featured_group, teacher = self.group_ids[FEATURED_CLASS], self.featured["teacher"]
        rows = [
            (featured_group, None, "notitie", "Deze week extra instructie klok kijken (kwartier) aan de "
             "instructietafel voor vijf kinderen; de rest werkt op het leerplein aan de plustaak.", "rekenen klok"),
            (featured_group, None, "overdracht", "Overdracht voor meester Tom: de verhoudingstabel is herhaald, de "
             "toets staat donderdag gepland. Let op de nieuwe leesgroepen.", "overdracht"),
            (featured_group, self.featured["pupil"], "leerlingbespreking", "Daan leest sneller dan verwacht; "
             "bespreken of hij kan aansluiten bij de leesgroep van groep 6.", "lezen"),
            (self.group_ids["Groep 3a"], None, "notitie", "Kern 4 van de leesmethode afgerond. De letters 'eu' en 'ui' "
             "worden nog vaak verwisseld.", "lezen letters"),
            (self.group_ids["Groep 8b"], None, "notitie", "De eindtoets is in april; in de planning ruimte maken voor "
             "de oefentoets in februari.", "eindtoets"),
            (self.group_ids["Projectgroep Ruimte"], None, "notitie", "Schaalmodel van het zonnestelsel staat op het "
             "schoolplein; foto's in het groepsdocument.", "ruimte"),
        ]
        _insert(Note, [{"group": g, "pupil": p, "author": teacher if g == featured_group else self.staff_ids["coach"],
                        "category": categories.get(c), "body": body, "tags": tags,
                        "created_at": self._at(dt.date(2026, 10, 1), dt.date(2026, 11, 20))}
                       for g, p, c, body, tags in rows])


def _early(day):
    """The moment the scheduled period rollover runs: early in the morning of the period's first day."""
    return dt.datetime.combine(day, dt.time(6, 0))


def _time(text):
    return dt.time(*map(int, text.split(":")))
