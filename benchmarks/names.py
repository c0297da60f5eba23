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

# --- the follow-up record (journal) ----------------------------------------------------------
# Contact summaries and notes are composed from these fixed fragments, so full-text search meets
# a realistic Norwegian vocabulary. They describe situations, never a real person.

#: Opening sentence of a contact summary, by contact kind (service meetings: by partner kind).
CONTACT_OPENERS = {
    "phone": (
        "Telefonsamtale med mor.",
        "Telefonsamtale med far.",
        "Ringte foreldrene for å følge opp avtalen.",
    ),
    "home_visit": (
        "Hjemmebesøk hos familien.",
        "Hjemmebesøk, begge foreldrene var hjemme.",
        "Hjemmebesøk med mor og barna.",
    ),
    "office_meeting": (
        "Samtale på kontoret med mor.",
        "Samtale på kontoret med begge foreldrene.",
        "Far kom innom kontoret.",
    ),
    "video": ("Videosamtale med foreldrene.", "Videomøte med familien og tolk."),
    "message": ("Melding fra mor.", "Sendte melding til familien.", "Melding fra far om avtalen."),
}
SERVICE_MEETING_OPENERS = {
    "social_services": "Samarbeidsmøte med NAV uten familien.",
    "health_clinic": "Møte med helsestasjonen uten familien.",
    "school": "Møte med skolen uten familien.",
    "housing": "Møte med boligkontoret uten familien.",
}
#: The municipality's own partner services the generated service meetings are held with.
PARTNERS = (
    ("social_services", "NAV sosialtjeneste"),
    ("health_clinic", "Helsestasjonen"),
    ("school", "Skolen"),
    ("housing", "Boligkontoret"),
)

#: What a contact or a note is about, by theme.
TOPIC_SENTENCES = {
    "housing": (
        "Familien bor trangt i en leilighet med to soverom.",
        "Husleien er økt, og familien er bekymret for om de klarer den.",
        "Vi snakket om søknad om kommunal bolig.",
        "Familien har fått tilbud om en større leilighet nær skolen.",
        "Utleier har sagt opp leiekontrakten, og familien må finne ny bolig.",
        "Søknaden om bostøtte er sendt.",
        "Det er fukt i leiligheten, og koordinator tar kontakt med boligkontoret.",
        "Familien har flyttet inn i ny bolig og trives.",
    ),
    "economy": (
        "Vi gikk gjennom budsjettet for neste måned.",
        "Familien har ubetalte regninger og ønsker hjelp med gjelden.",
        "Det er satt opp en time hos gjeldsrådgiver i NAV.",
        "Søknad om økonomisk sosialhjelp er sendt.",
        "Familien har fått innvilget bostøtte.",
        "Mor ønsker å lære å sette opp et enkelt budsjett.",
        "Strømregningen er høy denne vinteren.",
        "Barnetrygden kommer nå inn på riktig konto.",
    ),
    "school": (
        "Eldste barn trives bedre på skolen nå.",
        "Det er foreldremøte på skolen neste uke, og koordinator blir med.",
        "Skolen melder om mye fravær den siste måneden.",
        "Barna har fått leksehjelp to dager i uken.",
        "Yngste barn har fått plass i barnehage fra høsten.",
        "Samtale med kontaktlærer om trivsel og venner.",
        "Familien trenger hjelp til å søke om plass i SFO.",
        "Skolestarten gikk fint, og barna har fått nye venner.",
    ),
    "work": (
        "Far har fått praksisplass i en butikk.",
        "Mor har begynt på norskkurs fire dager i uken.",
        "Vi skrev en jobbsøknad sammen.",
        "Far skal på jobbintervju neste uke.",
        "Mor har fått fast jobb i en barnehage.",
        "Avtale med veileder i NAV om arbeidsrettet aktivitet.",
        "Mor ønsker å ta fagbrev og undersøker mulighetene.",
        "Far har fått midlertidig jobb på et lager.",
    ),
    "health": (
        "Yngste barn har vært sykt og var hos fastlegen.",
        "Mor sover dårlig og har bestilt time hos fastlegen.",
        "Helsestasjonen har kalt inn til kontroll.",
        "Barna har fått time hos tannlegen.",
        "Far har vondt i ryggen og er sykmeldt.",
        "Vi snakket om søvn, mat og faste rutiner for barna.",
        "Familien ønsker kontakt med psykisk helsetjeneste.",
        "Eldste barn har fått time hos skolehelsetjenesten.",
    ),
    "leisure": (
        "Eldste barn har begynt på fotball.",
        "Barna har fått plass i kulturskolen.",
        "Familien har fått fritidskort til barna.",
        "Vi snakket om gratis aktiviteter i nærmiljøet.",
        "Barna var på svømmekurs i helgen.",
        "Familien deltar på aktiviteter på frivilligsentralen.",
        "Ungdommen vil gjerne begynne i korps.",
        "Familien har lånt utstyr til vinteraktiviteter på utlånssentralen.",
    ),
}
#: Rare sentences (each in about one note or contact in a thousand), for searching a rare word
#: («førerkort», «gartneri», «konfirmasjon»).
RARE_SENTENCES = (
    "Familien har fått støtte til førerkort gjennom en legatsøknad.",
    "Ungdommen har fått sommerjobb på et gartneri.",
    "Familien har søkt om støtte til konfirmasjon.",
)
#: The coordinator's assessment, in notes.
ASSESSMENTS = (
    "Familien virker motivert for å jobbe videre med målene.",
    "Mor sier at hverdagen er krevende for tiden.",
    "Koordinator vurderer at familien trenger tettere oppfølging en periode.",
    "Det er god fremgang siden forrige samtale.",
    "Barna virket trygge og glade under besøket.",
    "Familien ønsker mindre kontakt en periode.",
    "Situasjonen er stabil.",
    "Det bør opprettes en ansvarsgruppe.",
)
#: How a contact or a note ends.
CLOSERS = (
    "Ny avtale om to uker.",
    "Koordinator følger opp.",
    "Vi avtalte hjemmebesøk neste måned.",
    "Neste samtale blir på telefon.",
    "Familien gir beskjed hvis noe endrer seg.",
    "Koordinator sender referat.",
    "Tiltaket i planen er oppdatert.",
    "Vi tar det opp igjen på neste møte.",
)
CORRECTION_REASONS = (
    "Feil dato for avtalen.",
    "Skrivefeil.",
    "Manglet opplysninger fra samtalen.",
    "Feil tjeneste var nevnt.",
    "Notatet bør skjermes mer.",
)
TIME_ENTRY_NOTES = {
    "travel": ("Reise til hjemmebesøk.", "Reise tur-retur.", ""),
    "preparation": ("Forberedelse til samtalen.", "Forberedelse til ansvarsgruppemøte.", ""),
    "coordination": ("Koordinering med NAV.", "Koordinering med skolen.", ""),
    "other": ("",),
}
