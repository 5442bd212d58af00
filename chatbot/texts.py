"""Every text the bot shows, in one place: short Dutch sentences a child of eight can read.

The bot sends plain text (no HTML or Markdown parse mode), so nothing a pupil or a teacher typed can turn
into markup. Texts with `{...}` are filled with str.format by the handlers.
"""

# --- Linking ------------------------------------------------------------------------------------------

NOT_LINKED = (
    "Hoi! Ik ben de Doelpunt-bot van school.\n\n"
    "Om te beginnen heb je een code nodig. Je vindt hem op je eigen pagina van Doelpunt, "
    "of je juf of meester geeft hem je.\n\n"
    "Stuur dan: /start JOUWCODE\n(of typ alleen de code)"
)
LINKED_PERSONAL = "Gelukt! Je bent gekoppeld. Vanaf nu kun je hier aan je doelen werken."
LINKED_DEVICE = "Gelukt! Deze tablet hoort nu bij {group}. Leerlingen melden zich aan met hun leerlingcode."

# --- Shared devices -----------------------------------------------------------------------------------

DEVICE_WELCOME = "Hoi! Typ je leerlingcode om te beginnen. Die staat op je kaartje."
DEVICE_SIGNED_IN = "Hoi {name}! Je bent aangemeld."
DEVICE_SIGNED_OUT = "Je bent afgemeld. Volgende leerling: typ je leerlingcode."
DEVICE_IDLE_SIGNED_OUT = "Het was even stil, dus de vorige leerling is afgemeld. Typ je leerlingcode om te beginnen."
DEVICE_NOTE_THEN_OUT = (
    "Dank je! Je bericht staat bij je doel. Je bent nu afgemeld. Volgende leerling: typ je leerlingcode."
)
DEVICE_NOT_SIGNED_IN = "Typ eerst je leerlingcode."
DEVICE_CODE_WITHOUT_START = "Ben je een leerling? Typ dan alleen je leerlingcode, zonder /start."

# --- Menu ---------------------------------------------------------------------------------------------

MENU = "Wat wil je doen?"
MENU_HELLO = "Hoi {name}! Wat wil je doen?"
BUTTON_GOALS = "⭐ Mijn doelen"
BUTTON_LESSONS = "📅 Lessen vandaag"
BUTTON_WEEK = "🗓️ Mijn week"
BUTTON_REMINDERS_ON = "🔔 Zet herinneringen aan"
BUTTON_REMINDERS_OFF = "🔕 Zet herinneringen uit"
BUTTON_DONE = "✅ Klaar (afmelden)"
BUTTON_MENU = "🏠 Menu"
BUTTON_BACK_TO_GOALS = "⬅️ Terug naar mijn doelen"
BUTTON_BACK_TO_GOAL = "⬅️ Terug naar dit doel"

# --- Goals --------------------------------------------------------------------------------------------

GOALS = "Je doelen. Begin bij een doel met ⭐ (uitgelicht): daar werk je nu aan."
NO_GOALS = "Je hebt nu geen open doelen. Vraag je juf of meester wat je kunt doen."
GOAL = "{title}\n{subject} · {status}"
STEPS = "Zo pak je het aan:"
NO_STEPS = "Er staan nog geen stappen bij dit doel. Vraag je juf of meester wat je kunt doen."
BUTTON_NOTE = "✏️ Wat heb ik gedaan?"
BUTTON_PHOTO = "📷 Foto toevoegen"
BUTTON_RATE = "👍 Hoe ging het?"
BUTTON_HELP = "🙋 Ik heb een vraag"

ASK_NOTE = "Schrijf in één bericht wat je hebt gedaan bij:\n{title}"
NOTE_SAVED = "Dank je! Je bericht staat bij je doel. Je juf of meester kan het nu lezen."
ASK_PHOTO = "Stuur nu een foto van je werk bij:\n{title}"
ASK_PHOTO_AGAIN = "Ik wacht op een foto van je werk. Stuur een foto, of ga terug."
PHOTO_SAVED = "Je foto staat bij je doel. Mooi werk!"
PHOTO_TOO_BIG = "Die foto is te groot. Maak een nieuwe foto en stuur die."
PHOTO_NOT_AN_IMAGE = "Dat is geen foto. Maak een foto van je werk en stuur die."
PHOTO_FAILED = "Het lukte niet om je foto op te halen. Probeer het nog eens."

ASK_EFFORT = "Hoe hard heb je gewerkt aan:\n{title}"
ASK_QUALITY = "En hoe goed ging het?"
EFFORT = {1: "😐 Een beetje", 2: "🙂 Goed", 3: "💪 Heel hard"}
QUALITY = {1: "🤔 Nog lastig", 2: "🙂 Best goed", 3: "🌟 Heel goed"}
RATED = "Dank je! Dat staat nu bij je doel."

HELP_ASKED = (
    "De leerpleinassistent weet dat je een vraag hebt over:\n{title}\nWerk rustig door, er komt iemand naar je toe."
)
HELPED = "De leerpleinassistent heeft je geholpen met je vraag over:\n{title}\nSucces verder!"

# --- Mijn portfolio (chatbot/portfolio.py) --------------------------------------------------------------

BUTTON_PORTFOLIO = "📒 Mijn portfolio"
BUTTON_EVIDENCE = "📷 Bewijs toevoegen"
BUTTON_STARS = "⭐ Sterren geven"
BUTTON_PREPARE = "💬 Mijn leergesprek voorbereiden"
BUTTON_BACK_TO_PORTFOLIO = "⬅️ Terug naar mijn portfolio"
PORTFOLIO = "📒 Mijn portfolio. Wat wil je doen?"
PORTFOLIO_ROUND = "De sterrenronde is open tot en met {until}. Geef jezelf sterren!"
PORTFOLIO_CONVERSATION = "Je hebt een leergesprek op {day}. Bereid je voor!"
CHOOSE_EVIDENCE_GOAL = "Bij welk doel hoort je bewijs?"
ASK_EVIDENCE = "Stuur een foto van je werk, of schrijf in één bericht wat je hebt gemaakt bij:\n{title}"
EVIDENCE_SAVED = "Je bewijs staat in je portfolio. Mooi werk!"
NO_ROUND = "Er is nu geen sterrenronde. Je juf of meester zet die open."
NO_SKILLS = "Je hebt nog geen vaardigheden. Je juf of meester kiest ze."
CHOOSE_SKILL = "Kies een vaardigheid en geef jezelf sterren:"
ASK_STARS = "{skill}\nHoe goed kun je dit?"
STAR_CHOICES = {1: "⭐ Dat vind ik nog lastig", 2: "⭐⭐ Dat gaat best goed", 3: "⭐⭐⭐ Dat kan ik goed"}
STARS_SHOWN = {1: "⭐", 2: "⭐⭐", 3: "⭐⭐⭐"}
STARS_SAVED = "Dank je! {stars} bij {skill}."
NO_CONVERSATION = "Er staat nu geen leergesprek voor je klaar."
PREPARATION = "Je leergesprek is op {day}. Tik op een vraag om je antwoord te schrijven."
NOT_ANSWERED = "(nog niet beantwoord)"
ASK_PREPARATION = "Schrijf je antwoord in één bericht:\n{question}"
PREPARATION_SAVED = "Bewaard! Je juf of meester leest het voor het gesprek."

# --- Lessons and reminders ----------------------------------------------------------------------------

LESSONS = "Je lessen van vandaag:"
LESSON = "{start}–{end} {title}"
LESSON_GOAL = "   • {title}: {symbol} {status}"
LESSON_GOAL_NOT_ON_PLAN = "   • {title}"
NO_LESSONS = "Je hebt vandaag geen lessen in het rooster."

# --- Mijn week (the week planning) ---------------------------------------------------------------------

WEEK = "Mijn week, {week}: {done} van de {total} doelen klaar.\nTik op een doel als je het af hebt."
NO_WEEK_GOALS = "Er staan deze week nog geen doelen in je weekplanning. Vraag je juf of meester wat je kunt doen."
WEEK_TICKED = "Goed zo! Klaar: {title}"
WEEK_UNTICKED = "Oké, dit doel staat weer open: {title}"
REMINDERS_ON = "Herinneringen staan aan. Je krijgt een seintje vlak voor het einde van het leerplein."
REMINDERS_OFF = "Herinneringen staan uit. Je kunt ze hier weer aanzetten."
REMINDER = "Nog 5 minuten leerplein! Wat heb je gedaan? Kies je doel:"
REMINDER_NO_GOALS = "Nog 5 minuten leerplein! Ruim je werkplek netjes op."
REMINDER_DEVICE = "Nog 5 minuten leerplein! Typ je leerlingcode en vertel wat je hebt gedaan."

# --- Guard rails --------------------------------------------------------------------------------------

CHOOSE_GOAL_FIRST = "Kies eerst een doel, dan weet ik waar je bericht bij hoort. Tik op ⭐ Mijn doelen."
UNKNOWN_COMMAND = "Dat commando ken ik niet. Tik op een knop, of stuur /menu."
UNKNOWN_BUTTON = "Die knop werkt niet (meer). Hier is het menu."
SEND_TEXT = "Daar kan ik niets mee. Stuur tekst, of een foto als je die bij een doel wilt zetten."
SLOW_DOWN = "Rustig aan! Ik lees even niet mee. Wacht een halve minuut en probeer het dan opnieuw."
SOMETHING_WRONG = "Oeps, er ging iets mis. Probeer het nog eens, of stuur /menu."
