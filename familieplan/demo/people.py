"""Names and households for synthetic demo families: fixed lists, drawn with a fixed seed.

The mix reflects the programmes' families (many with an immigrant background, MODEL.md §5).
Nothing here describes a real person.
"""

SURNAMES_NORWEGIAN = [
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Jensen",
    "Karlsen",
    "Berg",
    "Haugen",
    "Hagen",
    "Eriksen",
    "Bakken",
    "Strand",
    "Solberg",
]
FIRST_ADULT_NORWEGIAN = [
    "Marte",
    "Silje",
    "Camilla",
    "Ida",
    "Hanne",
    "Lene",
    "Thomas",
    "Kristian",
    "Anders",
    "Jonas",
    "Stian",
    "Marius",
]
FIRST_CHILD_NORWEGIAN = [
    "Emma",
    "Nora",
    "Sofie",
    "Ella",
    "Maja",
    "Jakob",
    "Emil",
    "Noah",
    "Oliver",
    "Filip",
    "William",
    "Lukas",
    "Ingrid",
    "Olav",
]
# (surnames, adult first names, child first names, languages)
BACKGROUNDS = [
    (
        ["Mohamed", "Hassan", "Abdi", "Jama", "Osman"],
        ["Hodan", "Faadumo", "Abdi", "Farah"],
        ["Ayaan", "Sagal", "Liban", "Nimco"],
        "somali, norsk",
    ),
    (
        ["Ali", "Haddad", "Khalil", "Saleh", "Nasser"],
        ["Fatima", "Layla", "Omar", "Yusuf"],
        ["Sara", "Adam", "Zainab", "Ibrahim"],
        "arabisk, norsk",
    ),
    (
        ["Kowalski", "Nowak", "Wiśniewski", "Zielińska", "Lewandowski"],
        ["Agnieszka", "Katarzyna", "Piotr", "Tomasz"],
        ["Zofia", "Jan", "Lena", "Antoni"],
        "polsk, norsk",
    ),
    (
        ["Tesfay", "Haile", "Gebremedhin", "Berhe", "Kidane"],
        ["Selam", "Helen", "Yonas", "Dawit"],
        ["Eden", "Natan", "Saron", "Robel"],
        "tigrinja, norsk",
    ),
    (
        ["Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Melnyk"],
        ["Olena", "Iryna", "Andrii", "Dmytro"],
        ["Sofiia", "Maksym", "Anna", "Artem"],
        "ukrainsk, norsk",
    ),
    (
        ["Rahimi", "Ahmadi", "Hosseini", "Karimi", "Sultani"],
        ["Zahra", "Maryam", "Reza", "Ahmad"],
        ["Ali", "Nazanin", "Mahdi", "Yasmin"],
        "dari, norsk",
    ),
]


#: Why a service referred the family (short, as written on a referral).
REFERRAL_REASONS = [
    "Familien har hatt sosialhjelp lenge og ønsker hjelp til å få oversikt over økonomien.",
    "Skolen er bekymret for at barna ikke deltar i fritidsaktiviteter.",
    "Familien bor trangt og har flyttet tre ganger på to år.",
    "Mor ønsker arbeid, men trenger hjelp med språk og barnehageplass.",
    "Helsestasjonen ser at familien har mange tjenester og ingen som holder i helheten.",
]
