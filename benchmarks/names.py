"""Fixed name lists for synthetic families. Nothing here describes a real person.

Norwegian surnames carry rough relative frequencies (thousands of bearers), so a search for
a common one behaves like a search for "Hansen" in a real register.
"""

from __future__ import annotations

from dataclasses import dataclass

from familieplan.demo import people

NORWEGIAN_SURNAMES = [
    ("Hansen", 50), ("Johansen", 48), ("Olsen", 47), ("Larsen", 35), ("Andersen", 34),
    ("Pedersen", 32), ("Nilsen", 31), ("Kristiansen", 21), ("Jensen", 20), ("Karlsen", 19),
    ("Johnsen", 18), ("Pettersen", 18), ("Eriksen", 17), ("Berg", 16), ("Haugen", 14),
    ("Hagen", 14), ("Johannessen", 13), ("Andreassen", 12), ("Jacobsen", 12), ("Dahl", 12),
    ("Jørgensen", 11), ("Halvorsen", 11), ("Henriksen", 10), ("Lund", 10), ("Sørensen", 10),
    ("Moen", 10), ("Gundersen", 9), ("Iversen", 9), ("Strand", 9), ("Solberg", 9),
    ("Svendsen", 8), ("Eide", 8), ("Knutsen", 8), ("Martinsen", 8), ("Paulsen", 8),
    ("Bakken", 8), ("Mathisen", 8), ("Lie", 7), ("Aune", 5), ("Tveit", 5),
]  # fmt: skip

NORWEGIAN_ADULTS = [
    "Marte", "Silje", "Camilla", "Ida", "Hanne", "Lene", "Ingrid", "Kari", "Ragnhild", "Tone",
    "Thomas", "Kristian", "Anders", "Jonas", "Stian", "Marius", "Ole", "Lars", "Espen", "Geir",
]  # fmt: skip
NORWEGIAN_CHILDREN = [
    "Emma", "Nora", "Sofie", "Ella", "Maja", "Olivia", "Leah", "Frida", "Ingrid", "Sara",
    "Jakob", "Emil", "Noah", "Oliver", "Filip", "William", "Lukas", "Olav", "Isak", "Henrik",
]  # fmt: skip


@dataclass(frozen=True)
class Background:
    weight: int
    surnames: tuple[str, ...]
    adults: tuple[str, ...]
    children: tuple[str, ...]
    languages: str  # the adults' languages; children add "norsk"
    surname_weights: tuple[int, ...] = ()  # empty: all surnames equally common


BACKGROUNDS = [
    Background(
        60,
        tuple(name for name, _ in NORWEGIAN_SURNAMES),
        tuple(NORWEGIAN_ADULTS),
        tuple(NORWEGIAN_CHILDREN),
        "norsk",
        tuple(weight for _, weight in NORWEGIAN_SURNAMES),
    ),
    Background(
        8,
        ("Mohamed", "Ahmed", "Abdi", "Hussein", "Warsame"),
        ("Amina", "Hodan", "Fadumo", "Abdi", "Farah", "Mahad"),
        ("Hamza", "Ayaan", "Sagal", "Liban", "Hibo", "Yasin"),
        "somali",
    ),
    Background(
        6,
        ("Ali", "Hassan", "Ibrahim", "Khalil"),
        ("Fatima", "Layla", "Omar", "Yusuf"),
        ("Sara", "Adam", "Zainab", "Ibrahim", "Malak"),
        "arabisk",
    ),
    Background(
        6,
        ("Kowalski", "Nowak", "Wiśniewski", "Wójcik"),
        ("Agnieszka", "Katarzyna", "Piotr", "Tomasz"),
        ("Zofia", "Jan", "Lena", "Antoni"),
        "polsk",
    ),
    Background(
        5,
        ("Tesfay", "Haile", "Gebremedhin", "Kidane"),
        ("Selam", "Helen", "Yonas", "Dawit"),
        ("Eden", "Natan", "Saron", "Robel"),
        "tigrinja",
    ),
    Background(
        6,
        ("Kovalenko", "Shevchenko", "Bondarenko", "Melnyk"),
        ("Olena", "Iryna", "Andrii", "Dmytro"),
        ("Sofiia", "Maksym", "Anna", "Artem"),
        "ukrainsk",
    ),
    Background(
        5,
        ("Rahimi", "Ahmadi", "Hosseini", "Karimi"),
        ("Zahra", "Maryam", "Reza", "Ahmad"),
        ("Ali", "Nazanin", "Mahdi", "Yasmin"),
        "dari",
    ),
    Background(
        4,
        ("Yilmaz", "Kaya", "Demir"),
        ("Ayse", "Elif", "Mehmet", "Mustafa"),
        ("Zeynep", "Emir", "Defne", "Yusuf"),
        "tyrkisk",
    ),
]

STREETS = [
    "Storgata", "Skolegata", "Kirkeveien", "Parkveien", "Elvegata", "Løkkeveien",
    "Bjørkeveien", "Fjellveien", "Torggata", "Sjøgata", "Stasjonsveien", "Industriveien",
]  # fmt: skip

REFERRAL_REASONS = people.REFERRAL_REASONS

STAFF_FIRST = ["Ingrid", "Siri", "Tone", "Yasin", "Per", "Nina", "Kari", "Amir", "Eva", "Jon"]
STAFF_LAST = ["Haugen", "Berg", "Lie", "Nilsen", "Aune", "Moe", "Sunde", "Vik", "Dahl", "Rød"]
