"""Partners in a real browser: the coordinator adds a partner service, records the family's
consent, makes the service responsible for a measure; the partner user updates and comments on
it; the coordinator withdraws the consent and the partner loses the family at once. Axe on
every page, and the partner's pages at 360 px."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from familieplan.core.roles import Role
from familieplan.partners.models import Consent, Partner, PartnerStaff
from familieplan.plans.models import Measure, MeasureComment
from tests.browser.helpers import (
    assert_no_horizontal_scroll,
    check_axe,
    login,
    make_family_with_goal,
    screenshot,
)
from tests.factories import (
    TEST_PASSWORD,
    make_consent,
    make_partner,
    make_user,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def family(transactional_db):
    """An active, enrolled family with an adult member, a current plan and one goal."""
    return make_family_with_goal()


@pytest.fixture
def partner_user(family):
    return make_user(username="partner", role=Role.PARTNER, municipality=family.municipality)


def test_partner_added_consented_works_on_a_measure_and_loses_access_on_withdrawal(
    new_page, live_server, family, partner_user
):
    today = timezone.localdate()
    coord = new_page()
    login(coord, live_server, "koordinator", TEST_PASSWORD)

    # The directory, and a new partner with an invalid organisation number first.
    coord.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Samarbeidspartnere"
    ).click()
    coord.get_by_role("heading", name="Samarbeidspartnere", level=1).wait_for()
    check_axe(coord)
    coord.get_by_role("link", name="Ny samarbeidspartner").click()
    coord.get_by_label("Navn").fill("Lunde skole")
    coord.get_by_label("Type tjeneste").select_option(label="Skole")
    org = coord.get_by_label("Organisasjonsnummer")
    org.fill("974760672")
    coord.get_by_role("button", name="Lagre").click()
    error = coord.locator("#id_org_number_error")
    expect(error).to_have_text(
        "Organisasjonsnummeret er ikke gyldig. Sjekk sifrene i Enhetsregisteret."
    )
    expect(org).to_have_attribute("aria-invalid", "true")
    expect(org).to_have_attribute("aria-describedby", re.compile(r"\bid_org_number_error\b"))
    expect(coord.get_by_role("alert")).to_contain_text("Noe må rettes før du kan gå videre")
    assert not Partner.objects.exists()
    check_axe(coord)
    org.fill("974760673")
    coord.get_by_role("button", name="Lagre").click()
    coord.get_by_text("Samarbeidspartneren er lagret.").wait_for()
    coord.get_by_role("heading", name="Lunde skole", level=1).wait_for()
    expect(coord.locator("dl.facts")).to_contain_text("974 760 673")
    check_axe(coord)
    partner = Partner.objects.get(name="Lunde skole")
    assert (partner.kind, partner.org_number, partner.municipality_id) == (
        "school",
        "974760673",
        family.municipality_id,
    )
    # Administrators link partner users in the Django admin; the test does it directly.
    PartnerStaff.objects.create(user=partner_user, partner=partner)

    # Consent from the adult to the school, for the plan and meetings.
    coord.goto(f"/families/{family.pk}/")
    coord.get_by_role("link", name="Samtykke og deling").click()
    coord.get_by_role("heading", name="Samtykke og deling", level=1).wait_for()
    coord.get_by_text("Ingen samtykker er registrert.").wait_for()
    check_axe(coord)
    coord.get_by_role("link", name="Registrer samtykke").click()
    coord.get_by_role("heading", name="Registrer samtykke", level=1).wait_for()
    check_axe(coord)
    coord.get_by_label(re.compile("^Tjeneste")).select_option(label="Lunde skole")
    coord.get_by_label("Hvem opplysningene gjelder").select_option(label="Kari Lund")
    coord.get_by_label("Hvem som svarte").select_option(label="Kari Lund")
    coord.get_by_label("Samtykke gitt").check()
    coord.get_by_label("Planen og tiltakene").check()
    coord.get_by_label("Møter og referater").check()
    coord.get_by_label(re.compile("^Formål")).fill("Skolen følger opp leksehjelp for barna.")
    coord.get_by_label("Hvordan svaret ble gitt").select_option(label="Skriftlig")
    coord.get_by_role("button", name="Registrer svaret").click()
    coord.get_by_text("Svaret er registrert.").wait_for()
    overview = coord.get_by_role("region", name="Hvem kan se hva i dag")
    row = overview.get_by_role("row").filter(has_text="Lunde skole")
    until = (today + timedelta(days=365)).strftime("%d.%m.%Y")
    expect(row).to_contain_text(f"Kari: Planen og tiltakene, Møter og referater (til {until})")
    consent = Consent.objects.get()
    assert consent.state == "valid" and consent.topics == ["plan", "meetings"]
    check_axe(coord)

    # The school becomes responsible for a measure in the plan.
    coord.goto(f"/families/{family.pk}/")
    coord.get_by_role("link", name="Familiens plan").click()
    coord.get_by_role("link", name="Nytt tiltak").click()
    coord.get_by_label("Hva skal gjøres").fill("Avtale leksehjelp to dager i uka")
    coord.get_by_label("En samarbeidspartner").check()
    coord.get_by_label("Ansvarlig samarbeidspartner").select_option(label="Lunde skole")
    coord.get_by_label("Frist").fill((today + timedelta(days=21)).isoformat())
    coord.get_by_role("button", name="Legg til tiltak").click()
    coord.get_by_text("Tiltaket er lagt til.").wait_for()

    # The partner user sees the family, the measure, marks it done and comments.
    part = new_page()
    login(part, live_server, "partner", TEST_PASSWORD)
    part.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Familier som deler med oss"
    ).click()
    part.get_by_role("heading", name="Familier som deler med oss", level=1).wait_for()
    part.get_by_text("Du logger inn for Lunde skole.").wait_for()
    check_axe(part)
    part.get_by_role("link", name="Familien Lund").click()
    part.get_by_role("heading", name="Familien Lund", level=1).wait_for()
    family_url = part.url
    measure_card = part.get_by_role("article", name="Avtale leksehjelp to dager i uka")
    expect(measure_card).to_contain_text("Planlagt")
    expect(part.locator("main")).to_contain_text("Kari (forelder): Planen og tiltakene, Møter og")
    check_axe(part)
    measure_card.get_by_label("Ny status").select_option(label="Utført")
    measure_card.get_by_label("Kort om hva som ble gjort").fill("Avtalt med kontaktlæreren.")
    measure_card.get_by_role("button", name="Lagre status").click()
    part.get_by_text("Tiltaket er oppdatert. Koordinatoren ser endringen.").wait_for()
    expect(measure_card).to_contain_text("Utført – Avtalt med kontaktlæreren.")
    measure_card.get_by_label("Kommentar til koordinatoren").fill("Første økt er på tirsdag.")
    measure_card.get_by_role("button", name="Send kommentar").click()
    part.get_by_text("Kommentaren er sendt til koordinatoren.").wait_for()
    expect(measure_card).to_contain_text("Lunde skole: Første økt er på tirsdag.")
    check_axe(part)
    screenshot(part, "partner-family")
    measure = Measure.objects.get()
    assert measure.status == "done" and measure.closing_reason == "Avtalt med kontaktlæreren."
    assert MeasureComment.objects.get().author == partner_user

    # The coordinator sees the change and the comment.
    coord.reload()
    plan_measure = coord.locator(f"#measure-{measure.pk}")
    expect(plan_measure).to_contain_text("Utført")
    expect(plan_measure).to_contain_text("(Avtalt med kontaktlæreren.)")
    expect(plan_measure.get_by_role("list", name="Kommentarer")).to_contain_text(
        "Lunde skole: Første økt er på tirsdag."
    )

    # The consent is withdrawn: the partner loses the family on the next page.
    coord.goto(f"/partners/families/{family.pk}/consents/")
    coord.get_by_role("link", name="Trekk tilbake").click()
    coord.get_by_role("heading", name="Trekk tilbake samtykke", level=1).wait_for()
    check_axe(coord)
    coord.get_by_label("Hvordan samtykket ble trukket tilbake").select_option(
        label="Muntlig, dokumentert"
    )
    coord.get_by_role("button", name="Trekk tilbake").click()
    coord.get_by_text(
        "Samtykket er trukket tilbake. Lunde skole ser ikke lenger opplysningene."
    ).wait_for()
    expect(coord.get_by_role("row").filter(has_text="Lunde skole")).to_contain_text(
        "trukket tilbake"
    )
    assert Consent.objects.get().state == "withdrawn"

    response = part.goto(family_url)
    assert response is not None and response.status == 404
    part.get_by_role("heading", name="Fant ikke siden").wait_for()
    expect(part.locator("body")).not_to_contain_text("Avtale leksehjelp")
    part.goto("/partner/")
    part.get_by_text("Ingen familier har gyldig samtykke til tjenesten din akkurat nå.").wait_for()
    assert part.get_by_role("link", name="Familien Lund").count() == 0


def test_partner_pages_fit_a_phone(phone_page, live_server, family, partner_user):
    """The partner's list, family page and meeting page at 360 px: no sideways scroll, axe."""
    from familieplan.meetings import services as meeting_services
    from familieplan.plans import services as plan_services

    today = timezone.localdate()
    coordinator = family.coordinator
    partner = make_partner(
        municipality=family.municipality,
        name="Helsestasjon og skolehelsetjenesten i Lunde",
        kind=Partner.Kind.HEALTH_CLINIC,
        staff=partner_user,
        email="helsestasjon@example.no",
    )
    adult = family.members.get()
    make_consent(family=family, partner=partner, subject=adult, recorded_by=coordinator)
    goal = family.plans.get().goals.get()
    plan_services.measure_add(
        goal=goal,
        by=coordinator,
        what="Samtale med helsesykepleier om søvn og skolehverdag for de to eldste barna",
        responsible_kind="service",
        responsible_partner=partner,
        due_on=today + timedelta(days=10),
        family_part="Kari bestiller time og tar med barna.",
    )
    start = timezone.make_aware(datetime.combine(today + timedelta(days=3), time(9, 0)))
    meeting = meeting_services.meeting_schedule(
        family=family,
        by=coordinator,
        kind="cooperation",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        invitees=[meeting_services.Invitee(partner=partner, email=partner.email)],
        place="Familiesenteret, møterom 2",
        video_link="https://video.example.no/m/0123456789abcdefghijklmnopqrstuvwxyz",
        agenda="Status for tiltakene\nVeien videre",
    )

    page = phone_page
    login(page, live_server, "partner", TEST_PASSWORD)
    page.goto("/partner/")
    page.get_by_role("heading", name="Familier som deler med oss", level=1).wait_for()
    assert_no_horizontal_scroll(page)
    check_axe(page)
    page.get_by_role("link", name="Familien Lund").click()
    page.get_by_role("heading", name="Familien Lund", level=1).wait_for()
    page.get_by_role("heading", name=re.compile("^Samtale med helsesykepleier")).wait_for()
    assert_no_horizontal_scroll(page)
    check_axe(page)
    page.get_by_role("link", name="Samarbeidsmøte / ansvarsgruppe").click()
    page.get_by_role("heading", name="Samarbeidsmøte / ansvarsgruppe", level=1).wait_for()
    expect(page.locator("main")).to_contain_text("Referatet er ikke sendt ut ennå.")
    assert page.url.endswith(f"/partner/{family.pk}/meetings/{meeting.pk}/")
    assert_no_horizontal_scroll(page)
    check_axe(page)
