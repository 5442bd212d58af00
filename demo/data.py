"""The demo school's curriculum texts: learning lines, lesson descriptions and steps (see curriculum.py).

Plain data only; `demo.curriculum` draws from it with the build's seeded random generator. The
people's names are in `names.py`.
"""

# The curriculum: subject -> domain -> rows of (title template, {level: what fills it}). A row is one skill
# growing over the levels, so the goals of a domain read as its learning line.
CURRICULUM = {
    "Rekenen": {
        "Getallen": [
            ("Ik kan tellen tot {}", {1: "10", 2: "20", 3: "100"}),
            (
                "Ik kan getallen tot {} lezen en schrijven",
                {2: "20", 3: "100", 4: "1000", 5: "10.000", 6: "100.000", 7: "een miljoen", 8: "een miljard"},
            ),
            ("Ik kan getallen tot {} splitsen", {2: "10", 3: "100", 4: "1000", 5: "10.000"}),
            (
                "Ik kan getallen tot {} op de getallenlijn zetten",
                {3: "100", 4: "1000", 5: "10.000", 6: "100.000", 7: "een miljoen"},
            ),
            ("Ik kan getallen tot {} vergelijken en ordenen", {1: "10", 2: "20", 3: "100", 4: "1000", 5: "10.000"}),
            (
                "Ik kan {}",
                {
                    1: "hoeveelheden tot 5 in één keer zien",
                    2: "hoeveelheden tot 10 in één keer zien",
                    3: "tientallen en eenheden uit elkaar houden",
                    4: "honderdtallen, tientallen en eenheden benoemen",
                    5: "getallen afronden op tientallen en honderdtallen",
                    6: "getallen afronden op duizendtallen",
                    7: "kommagetallen afronden op tienden",
                    8: "rekenen met negatieve getallen",
                },
            ),
            (
                "Ik kan {}",
                {
                    5: "kommagetallen met één cijfer achter de komma lezen",
                    6: "kommagetallen met twee cijfers achter de komma ordenen",
                    7: "grote getallen schatten",
                    8: "grote getallen schrijven met machten van tien",
                },
            ),
            ("Ik kan tellen met sprongen van {}", {2: "2", 3: "2, 5 en 10", 4: "25 en 50", 5: "100 en 250"}),
        ],
        "Bewerkingen": [
            ("Ik kan optellen en aftrekken tot {}", {2: "10", 3: "20", 4: "100", 5: "1000", 6: "10.000"}),
            ("Ik ken de tafels van {} uit mijn hoofd", {4: "1, 2, 5 en 10", 5: "3, 4, 6, 7, 8 en 9"}),
            (
                "Ik kan {}",
                {
                    1: "twee groepjes samenvoegen en tellen hoeveel het er zijn",
                    2: "een groepje eerlijk verdelen",
                    3: "dubbelen en halveren tot 20",
                    4: "optellen en aftrekken over het tiental",
                    5: "vermenigvuldigen met een getal onder de 100 (zoals 6 x 47)",
                    6: "cijferend vermenigvuldigen met twee getallen van twee cijfers",
                    7: "cijferend delen met een rest",
                    8: "rekenen met de volgorde van bewerkingen",
                },
            ),
            (
                "Ik kan {}",
                {
                    3: "sprongen van 10 maken op de getallenlijn",
                    4: "handig rekenen door te rijgen en te splitsen",
                    5: "cijferend optellen onder elkaar",
                    6: "cijferend aftrekken met lenen",
                    7: "optellen en aftrekken met kommagetallen",
                    8: "vermenigvuldigen en delen met kommagetallen",
                },
            ),
            (
                "Ik kan {} uitrekenen en uitleggen hoe ik het deed",
                {
                    4: "een verhaaltjessom met plus en min",
                    5: "een verhaaltjessom met keer en gedeeld door",
                    6: "een verhaaltjessom in twee stappen",
                    7: "een verhaaltjessom met kommagetallen",
                    8: "een verhaaltjessom met breuken en procenten",
                },
            ),
            (
                "Ik kan {}",
                {
                    5: "delen met een rest en weet wat ik met de rest doe",
                    6: "delen door 10, 100 en 1000",
                    7: "de uitkomst schatten voordat ik een som uitreken",
                    8: "de rekenmachine handig gebruiken bij grote sommen",
                },
            ),
            (
                "Ik kan {}",
                {
                    1: "tellen hoeveel erbij komen en hoeveel eraf gaan",
                    2: "rekenen met het rekenrek tot 10",
                    3: "de splitsingen tot 10 snel opzeggen",
                    4: "keersommen en deelsommen bij elkaar zoeken",
                    6: "vermenigvuldigen met nullen (zoals 30 x 400)",
                    7: "delen met een kommagetal als uitkomst",
                    8: "sommen met haakjes uitrekenen",
                },
            ),
        ],
        "Meten en meetkunde": [
            (
                "Ik kan de klok lezen op {}",
                {
                    3: "het hele uur",
                    4: "het halve uur",
                    5: "het kwartier",
                    6: "de minuut",
                    7: "de digitale klok (24-uursnotatie)",
                },
            ),
            (
                "Ik kan {}",
                {
                    1: "voorwerpen sorteren van klein naar groot",
                    2: "zeggen wat langer, korter, zwaarder of lichter is",
                    3: "met een liniaal meten in hele centimeters",
                    4: "lengtes meten in meters en centimeters",
                    5: "lengtematen omrekenen (km, m, dm, cm, mm)",
                    6: "de omtrek en de oppervlakte van een rechthoek berekenen",
                    7: "de inhoud van een balk berekenen",
                    8: "oppervlakte- en inhoudsmaten omrekenen",
                },
            ),
            (
                "Ik kan {}",
                {
                    1: "de vormen cirkel, vierkant en driehoek benoemen",
                    2: "een bouwwerk van blokken nabouwen van een plaatje",
                    3: "symmetrie herkennen in een figuur",
                    4: "betalen met geld tot 20 euro",
                    5: "rekenen met geld en wisselgeld tot 100 euro",
                    6: "een plattegrond lezen met de windrichtingen",
                    7: "werken met de schaal van een kaart",
                    8: "rekenen met tijd, afstand en snelheid",
                },
            ),
            (
                "Ik kan {}",
                {
                    2: "de dagen van de week in de goede volgorde noemen",
                    3: "de maanden van het jaar noemen",
                    4: "wegen in kilo en gram",
                    5: "rekenen met de kalender",
                    6: "hoeken meten met een geodriehoek",
                    7: "temperaturen onder nul aflezen en vergelijken",
                    8: "aanzichten van een bouwwerk tekenen",
                },
            ),
            (
                "Ik kan {}",
                {
                    3: "inhoud vergelijken met bekers en flessen",
                    4: "inhoud meten in liters",
                    5: "liters, deciliters en milliliters omrekenen",
                    6: "het gewicht van voorwerpen schatten",
                    7: "de omtrek van een cirkel berekenen",
                    8: "de oppervlakte van een driehoek berekenen",
                },
            ),
        ],
        "Verhoudingen": [
            (
                "Ik kan {}",
                {
                    3: "de helft en het dubbele van een hoeveelheid bepalen",
                    4: "een pizza eerlijk verdelen in halven en kwarten",
                    5: "breuken op de getallenlijn zetten",
                    6: "gelijkwaardige breuken vinden",
                    7: "breuken optellen en aftrekken",
                    8: "breuken vermenigvuldigen en delen",
                },
            ),
            (
                "Ik kan {}",
                {
                    5: "een verhoudingstabel invullen",
                    6: "rekenen met een verhoudingstabel",
                    7: "procenten uitrekenen met een verhoudingstabel",
                    8: "korting en btw in procenten uitrekenen",
                },
            ),
            (
                "Ik kan {}",
                {
                    6: "breuken omzetten in kommagetallen",
                    7: "breuken, kommagetallen en procenten met elkaar vergelijken",
                    8: "rekenen met schaal en verhoudingen",
                },
            ),
        ],
        "Verbanden": [
            (
                "Ik kan {}",
                {
                    3: "turven en tellen hoeveel het er zijn",
                    4: "gegevens in een turftabel zetten",
                    5: "een staafdiagram lezen",
                    6: "een lijngrafiek lezen en maken",
                    7: "een cirkeldiagram lezen",
                    8: "het gemiddelde uitrekenen",
                },
            ),
        ],
    },
    "Taal": {
        "Woordenschat": [
            (
                "Ik ken de woorden van het thema '{}'",
                {
                    1: "Herfst",
                    2: "Op de boerderij",
                    3: "Ziek en gezond",
                    4: "Op reis",
                    5: "Het weer",
                    6: "Nederland",
                    7: "Media",
                    8: "De politiek",
                },
            ),
            (
                "Ik kan {}",
                {
                    1: "vertellen wat ik op een plaat zie",
                    2: "dingen die bij elkaar horen in groepjes leggen",
                    3: "een nieuw woord uitleggen met een tekening",
                    4: "een woordweb maken bij een nieuw woord",
                    5: "de betekenis van een woord uit de zin halen",
                    6: "woorden opzoeken in het woordenboek",
                    7: "uitdrukkingen en spreekwoorden uitleggen",
                    8: "vaktaal gebruiken in een spreekbeurt",
                },
            ),
            (
                "Ik kan {}",
                {
                    3: "tegenstellingen noemen (groot en klein)",
                    4: "woorden met dezelfde betekenis vinden",
                    5: "samengestelde woorden in stukken verdelen",
                    6: "voorvoegsels en achtervoegsels herkennen",
                    7: "leenwoorden herkennen",
                    8: "kiezen tussen formele en informele woorden",
                },
            ),
        ],
        "Taalbeschouwing": [
            (
                "Ik kan {}",
                {
                    1: "woorden laten rijmen",
                    2: "de eerste klank van een woord horen",
                    3: "een zin maken met een hoofdletter en een punt",
                    4: "het zelfstandig naamwoord herkennen",
                    5: "het werkwoord en het lidwoord in een zin vinden",
                    6: "het onderwerp en de persoonsvorm in een zin vinden",
                    7: "het lijdend en het meewerkend voorwerp vinden",
                    8: "het bijvoeglijk naamwoord en het bijwoord herkennen",
                },
            ),
            (
                "Ik kan {}",
                {
                    2: "woorden in klanken hakken en weer plakken",
                    3: "een vraagzin en een gewone zin uit elkaar houden",
                    4: "het meervoud van een woord maken",
                    5: "verkleinwoorden maken",
                    6: "leestekens goed gebruiken",
                    7: "de directe en de indirecte rede gebruiken",
                    8: "de tijden van een werkwoord benoemen",
                },
            ),
        ],
        "Mondelinge taalvaardigheid": [
            (
                "Ik kan {}",
                {
                    1: "in de kring vertellen wat ik heb meegemaakt",
                    2: "naar een verhaal luisteren en vertellen wat er gebeurde",
                    3: "een vraag stellen als ik iets niet begrijp",
                    4: "in een groepje om de beurt praten",
                    5: "een boek aan de klas voorstellen",
                    6: "een spreekbeurt houden met een plan",
                    7: "in een discussie mijn mening geven met argumenten",
                    8: "een presentatie houden en vragen beantwoorden",
                },
            ),
            (
                "Ik kan {}",
                {
                    3: "een instructie navertellen",
                    4: "een telefoongesprek voeren",
                    5: "iemand interviewen",
                    6: "tips en tops geven op een presentatie",
                    7: "een debat voorbereiden",
                    8: "een kringgesprek leiden",
                },
            ),
            (
                "Ik kan {}",
                {
                    1: "een versje opzeggen in de kring",
                    2: "in een hele zin zeggen wat ik nodig heb",
                    3: "een verhaal navertellen met plaatjes",
                    4: "een kort verhaal aan de klas vertellen",
                },
            ),
        ],
        "Stellen": [
            (
                "Ik kan {}",
                {
                    3: "een zin schrijven bij een tekening",
                    4: "een kort verhaal schrijven met een begin en een eind",
                    5: "een brief schrijven",
                    6: "een verhaal schrijven met alinea's",
                    7: "een betoog schrijven",
                    8: "mijn eigen tekst nakijken en verbeteren",
                },
            ),
            (
                "Ik kan {}",
                {
                    5: "een uitnodiging schrijven",
                    6: "een verslag schrijven",
                    7: "een e-mail schrijven aan een volwassene",
                    8: "een sollicitatiebrief schrijven voor een rol in de musical",
                },
            ),
            (
                "Ik kan {}",
                {
                    3: "een boodschappenlijstje schrijven",
                    4: "een kaart schrijven aan iemand uit de klas",
                    5: "een instructie voor een spelletje schrijven",
                    6: "een recensie van een boek schrijven",
                    7: "een nieuwsbericht schrijven",
                    8: "een stuk voor de schoolkrant schrijven",
                },
            ),
        ],
    },
    "Lezen": {
        "Technisch lezen": [
            (
                "Ik kan {}",
                {
                    1: "mijn eigen naam herkennen",
                    2: "de letters van mijn naam noemen",
                    3: "korte woorden als 'maan' en 'vis' vlot lezen",
                    4: "woorden met twee klankgroepen lezen",
                    5: "lange woorden in stukjes lezen",
                    6: "een tekst op AVI-niveau M6 vlot lezen",
                    7: "een tekst op AVI-niveau M7 vlot lezen",
                    8: "een tekst op AVI-plus vlot lezen",
                },
            ),
            (
                "Ik kan {}",
                {
                    2: "klanken samenvoegen tot een woord (r-aa-m)",
                    3: "een tekst op AVI-niveau M3 lezen",
                    4: "een tekst op AVI-niveau M4 lezen",
                    5: "een tekst op AVI-niveau M5 lezen",
                    6: "woorden met leenklanken (ou, au, ch, th) lezen",
                },
            ),
            (
                "Ik kan {}",
                {
                    3: "zinnen vlot voorlezen",
                    4: "een tekst voorlezen met de goede intonatie",
                    5: "een toneeltekst voordragen",
                    6: "een gedicht voordragen",
                    7: "een prentenboek voorlezen aan kleuters",
                    8: "een nieuwsbericht voorlezen",
                },
            ),
        ],
        "Begrijpend lezen": [
            (
                "Ik kan {}",
                {
                    1: "voorspellen hoe een prentenboek afloopt",
                    2: "vertellen wie de hoofdpersoon van een verhaal is",
                    3: "vragen beantwoorden over een korte tekst",
                    4: "de hoofdgedachte van een alinea vinden",
                    5: "signaalwoorden in een tekst herkennen",
                    6: "de hoofdgedachte van een tekst vinden",
                    7: "feiten en meningen uit elkaar houden",
                    8: "de bedoeling van de schrijver herkennen",
                },
            ),
            (
                "Ik kan {}",
                {
                    3: "bij het lezen een plaatje in mijn hoofd maken",
                    4: "moeilijke woorden in een tekst oplossen",
                    5: "een tekst samenvatten in een paar zinnen",
                    6: "een schema maken van een tekst",
                    7: "oorzaak en gevolg in een tekst vinden",
                    8: "twee teksten over hetzelfde onderwerp vergelijken",
                },
            ),
            (
                "Ik kan {}",
                {
                    5: "informatie opzoeken in een informatieve tekst",
                    6: "een tabel in een tekst lezen",
                    7: "bronnen op internet beoordelen",
                    8: "een studietekst leren met een samenvatting",
                },
            ),
            (
                "Ik kan {}",
                {
                    2: "de plaatjes van een verhaal in de goede volgorde leggen",
                    3: "met de titel en de plaatjes voorspellen waar een tekst over gaat",
                    4: "vertellen waar een tekst over gaat",
                    5: "vragen stellen bij een tekst",
                    6: "de verwijswoorden in een tekst vinden",
                    7: "de opbouw van een tekst herkennen",
                    8: "een betoog en een uiteenzetting uit elkaar houden",
                },
            ),
        ],
    },
    "Spelling": {
        "Klankzuivere woorden": [
            (
                "Ik kan {}",
                {
                    2: "mijn eigen naam schrijven",
                    3: "woorden van drie letters schrijven (zoals 'vis')",
                    4: "woorden met twee medeklinkers aan het begin en eind schrijven",
                    5: "lange klankzuivere woorden schrijven",
                },
            ),
            (
                "Ik kan {}",
                {
                    3: "woorden met aa, ee, oo en uu goed schrijven",
                    4: "woorden met sch en schr goed schrijven",
                    5: "woorden met cht goed schrijven",
                },
            ),
        ],
        "Regelwoorden": [
            (
                "Ik kan {}",
                {
                    3: "woorden met ng en nk goed schrijven",
                    4: "woorden met een d aan het eind goed schrijven (zoals 'hond')",
                    5: "woorden met ei en ij goed schrijven",
                    6: "woorden met au, ou, auw en ouw goed schrijven",
                    7: "leenwoorden uit het Frans en het Engels goed schrijven",
                    8: "woorden met een trema of een koppelteken goed schrijven",
                },
            ),
            (
                "Ik kan {}",
                {
                    4: "verkleinwoorden goed schrijven",
                    5: "woorden als 'bomen' en 'bommen' goed schrijven",
                    6: "woorden die eindigen op -ig en -lijk goed schrijven",
                    7: "meervouden op -s en -en goed schrijven",
                    8: "hoofdletters goed gebruiken bij namen van landen en plaatsen",
                },
            ),
        ],
        "Werkwoordspelling": [
            (
                "Ik kan {}",
                {
                    5: "de persoonsvorm in de tegenwoordige tijd goed schrijven",
                    6: "de stam + t goed schrijven",
                    7: "de verleden tijd goed schrijven ('t kofschip)",
                    8: "het voltooid deelwoord goed schrijven",
                },
            ),
            (
                "Ik kan {}",
                {
                    6: "'hij wordt' en 'word jij' goed schrijven",
                    7: "sterke werkwoorden in de verleden tijd goed schrijven",
                    8: "de werkwoorden in mijn eigen tekst controleren",
                },
            ),
        ],
    },
    "Wereldoriëntatie": {
        "Aardrijkskunde": [
            (
                "Ik kan {}",
                {
                    1: "vertellen waar ik woon",
                    2: "de weg van huis naar school beschrijven",
                    3: "een plattegrond van de klas tekenen",
                    4: "de vier windrichtingen noemen",
                    5: "de provincies van Nederland aanwijzen",
                    6: "de landen van Europa aanwijzen",
                    7: "de werelddelen en de oceanen aanwijzen",
                    8: "de klimaatzones op de wereldkaart uitleggen",
                },
            ),
            (
                "Ik kan {}",
                {
                    4: "uitleggen wat een dijk is",
                    5: "uitleggen hoe Nederland zich beschermt tegen het water",
                    6: "de grote rivieren van Nederland noemen",
                    7: "uitleggen waarom mensen naar een ander land verhuizen",
                    8: "uitleggen hoe handel landen met elkaar verbindt",
                },
            ),
            (
                "Ik kan {}",
                {
                    5: "de hoofdsteden van de provincies noemen",
                    6: "een kaart met een legenda lezen",
                    7: "uitleggen hoe een vulkaan werkt",
                    8: "uitleggen wat duurzame energie is",
                },
            ),
        ],
        "Geschiedenis": [
            (
                "Ik kan {}",
                {
                    1: "vertellen wat ik deed toen ik klein was",
                    2: "foto's van vroeger en nu vergelijken",
                    3: "een tijdlijn van mijn eigen leven maken",
                    4: "vertellen hoe mijn opa en oma vroeger leefden",
                    5: "jagers en boeren een plek geven op de tijdbalk",
                    6: "vertellen over de Romeinen in Nederland",
                    7: "uitleggen wat de Gouden Eeuw was",
                    8: "vertellen over de Tweede Wereldoorlog in Nederland",
                },
            ),
            (
                "Ik kan {}",
                {
                    5: "vertellen over ridders en kastelen",
                    6: "uitleggen wat de VOC deed",
                    7: "vertellen over de industriële revolutie",
                    8: "uitleggen hoe de democratie in Nederland werkt",
                },
            ),
            (
                "Ik kan {}",
                {
                    4: "vertellen wat hunebedden zijn",
                    6: "vertellen wie Willem van Oranje was",
                    7: "uitleggen wat slavernij in de koloniën betekende",
                    8: "vertellen hoe Nederland na de oorlog werd opgebouwd",
                },
            ),
        ],
        "Natuur en techniek": [
            (
                "Ik kan {}",
                {
                    1: "vertellen wat er in de herfst met de bomen gebeurt",
                    2: "de delen van een plant noemen",
                    3: "dieren indelen in zoogdieren, vogels en vissen",
                    4: "de levenscyclus van een vlinder uitleggen",
                    5: "uitleggen hoe een stroomkring werkt",
                    6: "de organen van het menselijk lichaam noemen",
                    7: "uitleggen hoe een voedselketen werkt",
                    8: "uitleggen wat klimaatverandering is",
                },
            ),
            (
                "Ik kan {}",
                {
                    2: "een proefje doen met drijven en zinken",
                    3: "een knikkerbaan bouwen",
                    4: "uitleggen waarom water bevriest en ijs smelt",
                    5: "de planeten van ons zonnestelsel in de goede volgorde noemen",
                    6: "uitleggen waardoor het dag en nacht wordt",
                    7: "uitleggen waarom de maan er steeds anders uitziet",
                    8: "een onderzoeksvraag bedenken en een proef opzetten",
                },
            ),
            (
                "Ik kan {}",
                {
                    3: "uitleggen wat een plant nodig heeft om te groeien",
                    4: "vertellen hoe je gezond eet",
                    5: "uitleggen hoe geluid zich verplaatst",
                    6: "uitleggen hoe een hefboom werkt",
                    7: "uitleggen hoe je elektriciteit kunt opwekken",
                    8: "uitleggen hoe je lichaam verandert in de puberteit",
                },
            ),
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
STEPS = [
    "Kijk naar het voorbeeld van de juf of meester",
    "Doe de instructie mee aan de instructietafel",
    "Oefen met het materiaal op het leerplein",
    "Maak de oefenkaart",
    "Maak de opdrachten op de Chromebook",
    "Leg aan een maatje uit hoe je het doet",
    "Kijk je werk na met de antwoordkaart",
    "Laat aan je juf of meester zien dat je het kunt",
]
