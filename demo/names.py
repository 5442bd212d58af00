"""The demo school's people: first names, surnames, the base groups and their teachers (see people.py).

Plain data only; `demo.people` draws from it with the build's seeded random generator.
"""

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
