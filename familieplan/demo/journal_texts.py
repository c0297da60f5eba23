"""Norwegian text fragments for the demo's follow-up record (contacts and notes). Nothing
describes a real person; `{adult}` and `{child}` are filled in with the demo family's names."""

from familieplan.partners.models import Partner

P = Partner.Kind

#: What a conversation was about, per life domain (Domain.code). {adult} and {child} are
#: first names in the family ({child}: a child of school age).
FRAGMENTS = {
    "housing": [
        "Gikk gjennom søknaden om kommunal bolig sammen.",
        "Familien venter fortsatt på svar fra boligkontoret.",
        "Snakket om fukt på badet; {adult} har varslet huseieren.",
        "Bostøtten er innvilget for et nytt halvår.",
        "Familien ønsker å bli boende i nærheten av skolen.",
        "Leiekontrakten går ut til sommeren; vi la en plan for hva som må gjøres før det.",
    ],
    "economy": [
        "Satte opp et enkelt budsjett for neste måned.",
        "Gikk gjennom ubetalte regninger og ble enige om hvilke som betales først.",
        "{adult} har fått time hos gjeldsrådgiveren i NAV.",
        "Familien har nå oversikt over de faste utgiftene.",
        "Snakket om søknad om støtte til vinterklær og utstyr.",
        "Strømregningen er betalt, og nedbetalingsavtalen følges.",
    ],
    "work": [
        "{adult} har begynt på norskkurs tre dager i uka.",
        "Forberedte samtalen med veilederen i NAV.",
        "{adult} har vært på jobbintervju og venter på svar.",
        "Snakket om praksisplass og hva som passer med barnas skoletider.",
        "Oppdaterte CV-en til {adult}.",
        "{adult} vil vite mer om voksenopplæringen og muligheten for fagbrev.",
    ],
    "health": [
        "{adult} har fått time hos fastlegen.",
        "Snakket om søvn og faste rutiner om kvelden.",
        "{adult} forteller om en travel periode, men sier at hverdagen går bedre nå.",
        "Helsestasjonen har vært på besøk, og alt så fint ut.",
        "Snakket om hvordan familien kan få mer tid ute i hverdagen.",
    ],
    "social": [
        "{child} har vært på prøvetrening i fotball og vil gjerne fortsette.",
        "Søknaden om støtte til kontingent er sendt.",
        "Snakket om hva barna kan gjøre i skoleferien.",
        "{child} har begynt i kor og gleder seg til konserten.",
        "Familien har vært på familiekveld i regi av frivilligsentralen.",
        "Gikk gjennom fritidskortet og hvilke aktiviteter det kan brukes til.",
    ],
    "school": [
        "Foreldresamtalen med kontaktlæreren er avtalt.",
        "{child} får leksehjelp to dager i uka.",
        "Skolen melder at {child} kommer presis og har godt oppmøte.",
        "Snakket om hvordan familien kan følge opp leksene hjemme.",
        "{child} gruer seg litt til overgangen til ny skole; vi snakket om hva som kan hjelpe.",
    ],
    "general": [
        "Gikk gjennom planen og hva som er gjort siden sist.",
        "Familien forteller at det går bedre hjemme.",
        "Snakket om hva familien vil prioritere de neste ukene.",
        "{adult} ønsket hjelp til å forstå et brev fra kommunen.",
    ],
}
CLOSINGS = [
    "Neste møte er avtalt om to uker.",
    "Vi snakkes på telefon neste uke.",
    "Koordinatoren følger opp og gir beskjed.",
    "{adult} gir beskjed når svaret kommer.",
]
MESSAGES_FROM = [
    "bekrefter tiden for neste møte.",
    "ber om å flytte avtalen til neste uke.",
    "har fått svar fra NAV og sender bilde av brevet.",
    "forteller at {child} er syk, og avlyser dagens avtale.",
    "spør om hjelp til å fylle ut et skjema.",
]
MESSAGES_TO = [
    "påminnelse om møtet i morgen.",
    "lenke til søknadsskjemaet vi snakket om.",
    "bekreftelse på ny tid for hjemmebesøket.",
    "informasjon om åpen hall for barn på fredager.",
]
SERVICE_FRAGMENTS = {
    P.SCHOOL: [
        "Drøftet hvordan skolen og familien kan følge opp leksene sammen.",
        "Avklarte hvem som tar kontakt med foreldrene om oppmøtet.",
        "Skolen orienterte om leksehjelpstilbudet og hvordan barna kan få plass.",
    ],
    P.NAV_STATE: [
        "Avklarte hvem som følger opp søknaden om kvalifiseringsprogrammet.",
        "Gikk gjennom hvilke ytelser familien har søkt om, og hva som gjenstår.",
        "Drøftet aktuelle praksisplasser for de voksne.",
    ],
    P.HEALTH_CLINIC: [
        "Avklarte oppfølgingen av de minste barna.",
        "Helsestasjonen orienterte om tilbudet om foreldreveiledning.",
    ],
    P.CULTURE_LEISURE: ["Avklarte hvordan barna kan prøve aktiviteter uten kostnad."],
    P.VOLUNTEER: ["Avklarte tilbudet om leksehjelp og familieaktiviteter."],
}
SERVICE_DEFAULT = "Avklarte ansvarsfordelingen mellom tjenestene."

#: What happens next, per life domain (ends an ordinary note after a contact).
NEXT_STEPS = {
    "housing": [
        "Koordinatoren purrer på svar fra boligkontoret.",
        "Familien tar med leiekontrakten til neste møte.",
    ],
    "economy": [
        "Vi går gjennom budsjettet igjen om en måned.",
        "Familien tar med regningene til neste møte.",
    ],
    "work": [
        "Koordinatoren tar kontakt med veilederen i NAV.",
        "{adult} gir beskjed når svaret kommer.",
    ],
    "health": ["{adult} gir beskjed etter legetimen.", "Vi snakker om det igjen ved neste besøk."],
    "social": [
        "Koordinatoren sjekker om det er ledige plasser.",
        "Familien gir beskjed om hvilken aktivitet barna velger.",
    ],
    "school": [
        "Koordinatoren tar kontakt med kontaktlæreren.",
        "Foreldrene tar det opp på neste foreldremøte.",
    ],
    "general": [
        "Vi avtalte å snakke sammen igjen om to uker.",
        "Koordinatoren sender et kort referat på melding.",
    ],
}
#: Ordinary notes about one person, by age group (the person reads it; parents read the notes
#: about children below the youth consent age).
ABOUT = {
    "adult": [
        "{name} har fått plass på norskkurs fra neste måned og gleder seg til å begynne.",
        "{name} har fått time hos fastlegen og vil ta opp søvnen.",
        "{name} har laget en oversikt over faste utgifter og vil prøve den ut i en måned.",
        "{name} har vært på besøk på en arbeidsplass og vil gjerne søke praksisplass der.",
    ],
    "small": [
        "{name} har fått plass i barnehagen fra august.",
        "{name} har vært på kontroll på helsestasjonen; alt så fint ut.",
    ],
    "child": [
        "{name} trives i klassen og har fått en ny venn.",
        "{name} har begynt på svømming og gleder seg til hver trening.",
        "{name} har fått leksehjelp to dager i uka; foreldrene ser at leksene går lettere.",
    ],
    "youth": [
        "{name} har søkt sommerjobb og fått svar på én av søknadene.",
        "{name} har begynt på fotballtrening to ganger i uka.",
        "{name} vil gjerne ha hjelp til å velge utdanningsprogram på videregående.",
    ],
}
INTERNAL_NOTES = [
    "Drøftet familien i teammøtet; vi fortsetter som planlagt.",
    "Må følge opp at søknaden om bostøtte er mottatt.",
    "Sjekket med kollega: saken i NAV er overført til en ny veileder.",
    "Husk å spørre om samtykket til skolen skal fornyes før neste samarbeidsmøte.",
    "Vurderer å foreslå et kurs i foreldreveiledning; tar det opp ved neste besøk.",
]
INTERPRETER_NOTE = "Tolk må bestilles i god tid før neste møte; telefontolk fungerer dårlig."
#: Concerns the coordinator keeps to their own role and the team lead.
RESTRICTED_NOTES = [
    "Bekymring: {name} virker sliten og forteller om lite søvn over lang tid. Tar det opp "
    "igjen ved neste besøk og foreslår time hos fastlegen.",
    "{name} fortalte om uenighet i familien om pengene. Ingen bekymring for barna nå; "
    "følger med og spør igjen ved neste samtale.",
    "Bekymring: husleien er ikke betalt på to måneder. {name} vil ikke at NAV kontaktes ennå; "
    "vi tar det opp igjen om en uke.",
]
#: Notes that are later corrected: (text, corrected text, why).
CORRECTED = [
    (
        "Neste møte er avtalt tirsdag klokka 10 på kontoret.",
        "Neste møte er avtalt torsdag klokka 10 på kontoret.",
        "Feil ukedag for neste møte.",
    ),
    (
        "Søknaden om bostøtte ble sendt for to uker siden.",
        "Søknaden om bostøtte ble sendt for én uke siden.",
        "Feil tidspunkt for når søknaden ble sendt.",
    ),
    (
        "{adult} har begynt på norskkurs, nivå A1.",
        "{adult} har begynt på norskkurs, nivå A2.",
        "Feil nivå på norskkurset.",
    ),
    (
        "Husleien er 9 800 kroner i måneden.",
        "Husleien er 11 800 kroner i måneden, strøm kommer i tillegg.",
        "Feil beløp for husleien.",
    ),
]
#: The life domains as the family would name them.
WISHES = {
    "housing": "bolig",
    "economy": "økonomi",
    "work": "arbeid",
    "health": "helse",
    "social": "fritid for barna",
    "school": "skole",
}
SPECIAL_NOTES = {
    "start": "Vi lager planen sammen de neste ukene, og familien får en fast dag for samtaler.",
    "paused": "Oppfølgingen har pause mens familien er bortreist. Koordinatoren tar kontakt "
    "når de er tilbake.",
    "ended": "Oppfølgingen er avsluttet etter avtale med familien. De vet at de kan ta kontakt "
    "igjen om det trengs.",
}
QUIET_NOTE = "Har prøvd å ringe {adult} to ganger uten svar. Sender brev med forslag til ny tid."
