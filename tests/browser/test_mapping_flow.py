"""Mapping in a real browser: the coordinator opens the family's schedule (the intake mapping is
late), starts the intake mapping (a date before the enrolment is refused first), fills in the
family's domain rating, WHO-5 for the mother (an answer that is not one of the choices is
refused first, the other answers stay checked) and the child's own voice (a draft first),
completes the mapping and reads the progress: one radar series. An extra mapping rated
differently makes it two series, two columns and a change. A team lead reads the programme
figures. Axe on every page type; the fill forms, the progress page and the figures reflow at
360 px."""

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from familieplan.mapping.models import Assessment, Response
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.helpers import assert_no_horizontal_scroll, check_axe, login, screenshot
from tests.factories import TEST_PASSWORD
from tests.mapping.conftest import enrolled, shared, who5_families  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

DOMAINS = ("Bolig", "Økonomi", "Arbeid og aktivitet", "Helse", "Barnas fritid og sosiale liv")
DOMAINS += ("Barnehage og skole",)
INTAKE_RATINGS = dict(zip(DOMAINS, (3, 2, 4, 5, 6, 7), strict=True))
EXTRA_RATINGS = dict(zip(DOMAINS, (6, 5, 4, 7, 8, 9), strict=True))
WHO5_ITEMS = (
    "I have felt cheerful and in good spirits",
    "I have felt calm and relaxed",
    "I have felt active and vigorous",
    "I woke up feeling fresh and rested",
    "My daily life has been filled with things that interest me",
)
DOMAIN_RATING = "Familiens vurdering av livsområdene"
WHO5 = "WHO-5 trivselsindeks"
CHILD_VOICE = "Barnets egen stemme"
MOST_IMPORTANT = "At mamma har tid til å se på at jeg spiller fotball."


def _open_form(page: Page, instrument: str, who: str) -> None:
    """From the mapping page, follow a card's link («Fyll ut …» or «Endre svarene …»)."""
    _card(page, instrument, who).get_by_role("link").click()
    page.get_by_role("heading", name=instrument, level=1).wait_for()
    in_sentence = "hele familien" if who == "Hele familien" else who
    expect(page.locator("main")).to_contain_text(f"Gjelder {in_sentence}.")


def _card(page: Page, instrument: str, who: str):
    return page.locator("li.ds-card").filter(
        has=page.get_by_role("heading", name=f"{instrument} – {who}", exact=True)
    )


def _rate_domains(page: Page, ratings: dict[str, int]) -> None:
    for domain, value in ratings.items():
        page.get_by_role("group", name=domain, exact=True).get_by_label(
            str(value), exact=True
        ).check()


def _save(page: Page, *, final: bool) -> None:
    page.get_by_role("button", name="Lagre som ferdig" if final else "Lagre utkast").click()


def _reflows_at_360(page: Page, name: str) -> None:
    """The page as it is, at 360 px wide: a screenshot, axe, no sideways scroll; then back."""
    page.set_viewport_size(PHONE)
    try:
        screenshot(page, f"{name}-phone")
        _all_hold(lambda: check_axe(page), lambda: assert_no_horizontal_scroll(page))
    finally:
        page.set_viewport_size(DESKTOP)


def _all_hold(*checks) -> None:
    """Run every check and report all that fail, not only the first."""
    __tracebackhide__ = True
    failures = []
    for check in checks:
        try:
            check()
        except AssertionError as error:
            failures.append(str(error))
    if failures:
        raise AssertionError("\n\n".join(failures))


def _radar(page: Page):
    return page.locator("main svg.chart-radar")


def _assert_series_distinct(chart) -> None:
    """Every series of a chart has its own colour, dash or marker, not only a colour of its
    own (WCAG 1.4.1), and no two series look the same."""
    styles = chart.locator(".legend-item").evaluate_all(
        """items => items.map(g => {
            const line = g.querySelector('line'), marker = g.querySelector('.marker');
            return [g.textContent.trim(), line.getAttribute('stroke'),
                    line.getAttribute('stroke-dasharray') || 'solid',
                    marker.getAttribute('class')];
        })"""
    )
    seen: dict[tuple, str] = {}
    same = []
    for label, *style in styles:
        if tuple(style) in seen:
            same.append(f"{seen[tuple(style)]!r} and {label!r} are both {style}")
        seen.setdefault(tuple(style), label)
    if same:
        raise AssertionError("series drawn alike in the chart: " + "; ".join(same))


def _rating_table(page: Page):
    return page.get_by_role("table", name="Familiens egen vurdering per livsområde (1–10)")


def _score_table(page: Page):
    return page.get_by_role("table", name="Skårer over tid")


def test_fill_in_a_mapping_complete_it_and_see_the_progress_change(page, live_server, enrolled):  # noqa: F811
    family, mother, child = enrolled.family, enrolled.mother, enrolled.child
    started_on = family.enrolments.get().started_on
    today = timezone.localdate()
    mother_name, child_name = mother.full_name, child.full_name

    # 1. The family page → the schedule: the intake mapping, due on the start date, is late.
    login(page, live_server, "koordinator", TEST_PASSWORD)
    page.goto(f"/families/{family.pk}/")
    section = page.locator("section[aria-labelledby=mapping-heading]")
    expect(section).to_contain_text(f"Neste kartlegging: {started_on:%d.%m.%Y} Forsinket")
    expect(section).to_contain_text("Ingen fullførte kartlegginger ennå.")
    page.get_by_role("link", name="Kartlegging og framgang", exact=True).click()
    page.get_by_role("heading", name="Kartlegging og framgang", level=1).wait_for()
    schedule = page.get_by_role("table", name="Plan for kartlegging")
    intake_row = schedule.get_by_role("row").filter(has_text="Kartlegging ved oppstart")
    expect(intake_row.get_by_role("cell")).to_have_text(
        ["Kartlegging ved oppstart", f"{started_on:%d.%m.%Y}", "Forsinket", "–"]
    )
    expect(schedule.get_by_role("row").filter(has_text="Årskartlegging 1")).to_contain_text(
        "Senere"
    )
    expect(page.get_by_text("Ingen fullførte kartlegginger ennå.")).to_be_visible()
    check_axe(page)
    screenshot(page, "mapping-schedule")

    # A date before the enrolment started is refused next to the field and in the summary.
    occasion = page.get_by_label("Hvilken kartlegging")
    expect(occasion).to_have_value("intake:0")
    held_on = page.get_by_label(re.compile("^Dato for kartleggingen"))
    held_on.fill((started_on - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Start kartleggingen").click()
    message = f"Datoen er før familien startet i programmet ({started_on:%d.%m.%Y})."
    expect(page.locator("#id_held_on_error")).to_have_text(message)
    expect(held_on).to_have_attribute("aria-invalid", "true")
    expect(held_on).to_have_attribute("aria-describedby", re.compile(r"\bid_held_on_error\b"))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Noe må rettes før du kan gå videre")
    expect(summary.get_by_role("link")).to_have_text(f"Dato for kartleggingen: {message}")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_held_on")
    expect(held_on).to_have_value((started_on - timedelta(days=1)).isoformat())
    assert not Assessment.objects.exists()
    check_axe(page)
    screenshot(page, "mapping-start-error")

    # Two days after the start date: within the grace days, so on time.
    intake_on = started_on + timedelta(days=2)
    held_on.fill(intake_on.isoformat())
    page.get_by_role("button", name="Start kartleggingen").click()
    page.get_by_role("heading", name="Kartlegging ved oppstart", level=1).wait_for()
    intake = Assessment.objects.get()
    assert (intake.occasion, intake.held_on, intake.due_on) == ("intake", intake_on, started_on)
    expect(page.locator("dl.facts")).to_contain_text(f"{intake_on:%d.%m.%Y}")
    for instrument, who in (
        (DOMAIN_RATING, "Hele familien"),
        (WHO5, mother_name),
        (CHILD_VOICE, child_name),
    ):
        expect(_card(page, instrument, who)).to_contain_text("Ikke fylt ut")
    # The mother gets no child's voice, the child no WHO-5.
    expect(_card(page, CHILD_VOICE, mother_name)).to_have_count(0)
    expect(_card(page, WHO5, child_name)).to_have_count(0)
    check_axe(page)
    screenshot(page, "mapping-assessment-empty")

    # 2a. The family's own rating of each domain, 1–10.
    _open_form(page, DOMAIN_RATING, "Hele familien")
    expect(page.get_by_role("group", name="Hvem fylte ut")).to_be_visible()
    expect(page.get_by_label("Personen selv")).to_be_checked()
    check_axe(page)
    _rate_domains(page, INTAKE_RATINGS)
    screenshot(page, "mapping-fill-domain-rating")
    _reflows_at_360(page, "mapping-fill-domain-rating")
    _save(page, final=True)
    page.get_by_text("Svarene er lagret som ferdige.").wait_for()
    expect(_card(page, DOMAIN_RATING, "Hele familien")).to_contain_text("Ferdig")

    # 2b. WHO-5 for the mother. Two answers and a third that is not one of the choices (as
    # from a form of another version of the instrument): refused, nothing saved, the two
    # answers still checked, the message on the item and in the summary.
    _open_form(page, WHO5, mother_name)
    _answer_who5(page, ["All of the time", "Most of the time"])
    third = page.get_by_role("group", name=WHO5_ITEMS[2])
    third.get_by_label("All of the time", exact=True).evaluate(
        "radio => { radio.value = '7'; radio.checked = true; }"
    )
    _save(page, final=True)
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Noe må rettes før du kan gå videre")
    expect(summary.get_by_role("link")).to_have_text([f"{WHO5_ITEMS[2]}: Velg et av svarene."])
    expect(third).to_contain_text("Velg et av svarene.")
    expect(third.get_by_role("radio").first).to_have_attribute("aria-invalid", "true")
    expect(third.get_by_role("radio", checked=True)).to_have_count(0)
    group = page.get_by_role("group", name=WHO5_ITEMS[0])
    expect(group.get_by_label("All of the time", exact=True)).to_be_checked()
    group = page.get_by_role("group", name=WHO5_ITEMS[1])
    expect(group.get_by_label("Most of the time", exact=True)).to_be_checked()
    assert not Response.objects.filter(instrument_key="who5").exists()
    check_axe(page)
    screenshot(page, "mapping-fill-errors")
    _reflows_at_360(page, "mapping-fill-errors")
    # The summary's link takes a keyboard user to the item: its target is the item's group of
    # radio buttons (a <div>, which takes no focus itself), so Tab goes on to the first one.
    summary.get_by_role("link").click()
    first_radio = third.get_by_role("radio").first
    if not first_radio.evaluate("radio => radio === document.activeElement"):
        page.keyboard.press("Tab")
    expect(first_radio).to_be_focused()

    # 3 + 3 + 3 + 3 + 3 = 15, × 4 = 60.
    _answer_who5(page, ["More than half of the time"] * 5)
    _save(page, final=True)
    page.get_by_text("Svarene er lagret som ferdige.").wait_for()
    who5_card = _card(page, WHO5, mother_name)
    expect(who5_card).to_contain_text("Ferdig")
    expect(who5_card.get_by_role("listitem")).to_contain_text(
        ["Råskår (0–25): 15", "Prosentskår (0–100): 60"]
    )

    # 2c. The child's own voice: a draft first …
    _open_form(page, CHILD_VOICE, child_name)
    _answer(page, "Hvordan har du det på skolen?", "Bra")
    _answer(page, "Hvordan har du det med vennene dine?", "Veldig bra")
    page.get_by_role("textbox", name="Hva er viktigst for deg nå?").fill(MOST_IMPORTANT)
    _save(page, final=False)
    page.get_by_text("Svarene er lagret som utkast.").wait_for()
    voice_card = _card(page, CHILD_VOICE, child_name)
    expect(voice_card).to_contain_text("Utkast")
    draft = Response.objects.get(instrument_key="child-voice")
    assert (draft.status, draft.member_id) == ("draft", child.pk)
    assert draft.answers["most_important"] == MOST_IMPORTANT

    # … which keeps the mapping from being completed.
    page.get_by_role("button", name="Fullfør kartleggingen").click()
    expect(page.locator("main")).to_contain_text(
        f"Noen skjemaer er bare lagret som utkast: {CHILD_VOICE}. Gjør dem ferdige først."
    )
    intake.refresh_from_db()
    assert not intake.is_completed
    check_axe(page)

    # … then final: the draft's answers are there to go on from.
    voice_card.get_by_role("link", name=re.compile("^Endre svarene")).click()
    page.get_by_role("heading", name=CHILD_VOICE, level=1).wait_for()
    expect(
        page.get_by_role("group", name="Hvordan har du det på skolen?").get_by_label(
            "Bra", exact=True
        )
    ).to_be_checked()
    expect(page.get_by_role("textbox", name="Hva er viktigst for deg nå?")).to_have_value(
        MOST_IMPORTANT
    )
    _answer(page, "Hvordan har du det på fritiden?", "Sånn passe")
    _answer(page, "Hvordan har du det hjemme?", "Bra")
    _save(page, final=True)
    page.get_by_text("Svarene er lagret som ferdige.").wait_for()
    # (4 + 5 + 3 + 4) / 4 = 4
    expect(voice_card).to_contain_text("Ferdig")
    expect(voice_card.get_by_role("listitem")).to_have_text(["Gjennomsnitt (1–5): 4"])
    expect(who5_card).to_contain_text("Råskår (0–25): 15")
    check_axe(page)
    screenshot(page, "mapping-assessment-filled")

    # 3. Complete: the progress has one radar series, the line chart and the table.
    page.get_by_role("button", name="Fullfør kartleggingen").click()
    page.get_by_text("Kartleggingen er fullført.").wait_for()
    page.get_by_role("heading", name="Kartlegging og framgang", level=1).wait_for()
    intake.refresh_from_db()
    assert intake.is_completed and intake.on_time is True
    expect(intake_row.get_by_role("cell")).to_have_text(
        ["Kartlegging ved oppstart", f"{started_on:%d.%m.%Y}", "Gjort", f"{intake_on:%d.%m.%Y}"]
    )
    intake_label = f"Kartlegging ved oppstart {intake_on:%m.%Y}"
    expect(_radar(page)).to_have_count(1)
    expect(page.locator("main svg.chart-line")).to_have_count(1)
    expect(_radar(page).locator("polygon.series-shape")).to_have_count(1)
    expect(_radar(page).locator(".legend-item")).to_have_text([intake_label])
    _expect_ratings(page, [intake_label], [INTAKE_RATINGS])
    who5_row = _score_table(page).get_by_role("row").filter(has_text="Prosentskår (0–100) (Mona)")
    expect(who5_row.get_by_role("cell")).to_have_text(["60", "–"])
    check_axe(page)
    screenshot(page, "mapping-progress-one")

    # 4. An extra mapping today, rated differently, with WHO-5 again.
    occasion.select_option(value="extra:0")
    expect(held_on).to_have_value(today.isoformat())
    page.get_by_role("button", name="Start kartleggingen").click()
    page.get_by_role("heading", name="Ekstra kartlegging", level=1).wait_for()
    _open_form(page, DOMAIN_RATING, "Hele familien")
    # A new mapping starts empty: nothing carried over from the intake.
    housing = page.get_by_role("group", name="Bolig", exact=True)
    expect(housing.get_by_role("radio", checked=True)).to_have_count(0)
    _rate_domains(page, EXTRA_RATINGS)
    _save(page, final=True)
    page.get_by_text("Svarene er lagret som ferdige.").wait_for()
    _open_form(page, WHO5, mother_name)
    _answer_who5(page, ["Most of the time"] * 5)  # 4 × 5 = 20, × 4 = 80
    _save(page, final=True)
    page.get_by_text("Svarene er lagret som ferdige.").wait_for()
    expect(_card(page, WHO5, mother_name)).to_contain_text("Prosentskår (0–100): 80")
    page.get_by_role("button", name="Fullfør kartleggingen").click()
    page.get_by_text("Kartleggingen er fullført.").wait_for()

    extra_label = f"Ekstra kartlegging {today:%m.%Y}"
    expect(_radar(page).locator("polygon.series-shape")).to_have_count(2)
    expect(_radar(page).locator(".legend-item")).to_have_text([intake_label, extra_label])
    # The line chart: one line per domain through both mappings.
    line_chart = page.locator("main svg.chart-line")
    expect(line_chart.locator("polyline.series-line")).to_have_count(len(DOMAINS))
    expect(line_chart.locator(".legend-item")).to_have_text(list(DOMAINS))
    _expect_ratings(page, [intake_label, extra_label], [INTAKE_RATINGS, EXTRA_RATINGS])
    expect(_score_table(page).locator("thead th")).to_have_text(
        ["Skår", intake_label, extra_label, "Endring"]
    )
    expect(who5_row.get_by_role("cell")).to_have_text(["60", "80", "+20 tydelig bedre"])
    raw_row = _score_table(page).get_by_role("row").filter(has_text="Råskår (0–25) (Mona)")
    expect(raw_row.get_by_role("cell")).to_have_text(["15", "20", "+5"])
    # The child's voice was not asked again: its change is unknown.
    voice_row = _score_table(page).get_by_role("row").filter(has_text=CHILD_VOICE)
    expect(voice_row.get_by_role("cell")).to_have_text(["4", "–", "–"])
    assert Assessment.objects.filter(status="completed").count() == 2
    check_axe(page)
    screenshot(page, "mapping-progress-two")

    # The family page's own section shows the same charts and the next due date (year 1).
    page.get_by_role("link", name=f"← {family.name}").click()
    year_1 = started_on + relativedelta(months=12)  # the default interval
    expect(section).to_contain_text(f"Neste kartlegging: {year_1:%d.%m.%Y}")
    expect(section).not_to_contain_text("Forsinket")
    expect(section.locator("svg.chart-radar polygon.series-shape")).to_have_count(2)
    expect(section.get_by_role("link", name="Til kartleggingen")).to_be_visible()
    check_axe(page)

    # Last, as they fail on what the page looks like rather than on what it does (and all
    # three are reported together): the series can be told apart, and the progress page
    # reflows at 360 px.
    page.go_back()
    page.get_by_role("heading", name="Kartlegging og framgang", level=1).wait_for()
    _all_hold(
        lambda: _assert_series_distinct(_radar(page)),
        lambda: _assert_series_distinct(line_chart),
        lambda: _reflows_at_360(page, "mapping-progress-two"),
    )


def _answer(page: Page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question, exact=True).get_by_label(answer, exact=True).check()


def _answer_who5(page: Page, answers: list[str]) -> None:
    for item, answer in zip(WHO5_ITEMS, answers, strict=False):
        _answer(page, item, answer)


def _expect_ratings(page: Page, labels: list[str], ratings: list[dict[str, int]]) -> None:
    table = _rating_table(page)
    expect(table.locator("thead th")).to_have_text(["Livsområde", *labels])
    for domain in DOMAINS:
        row = table.get_by_role("row").filter(
            has=page.get_by_role("rowheader", name=domain, exact=True)
        )
        expect(row.get_by_role("cell")).to_have_text([str(r[domain]) for r in ratings])


def test_a_team_lead_reads_the_programme_figures(page, live_server, world):
    who5_families(world, 5)
    login(page, live_server, "leder", TEST_PASSWORD)
    page.goto("/mapping/figures/?instrument=who5")
    page.get_by_role("heading", name="Tall fra kartleggingene", level=1).wait_for()
    change = page.get_by_role("table", name="Endring fra oppstart")
    percent = change.get_by_role("row").filter(has_text="Prosentskår")
    expect(percent.first.get_by_role("cell").last).to_have_text("+40")
    check_axe(page)
    screenshot(page, "mapping-figures")
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned alle tabellene som Excel").click()
    assert download.value.suggested_filename == "kartlegging-tall.xlsx"
    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert workbook.sheetnames == ["Familier", "I tide", "Endring", "Fordeling"]
    with page.expect_download() as download:
        page.get_by_role("link", name="endring fra oppstart").click()
    assert download.value.suggested_filename == "kartlegging-endring.csv"
    assert "Prosentskår" in Path(download.value.path()).read_text(encoding="utf-8-sig")
    _reflows_at_360(page, "mapping-figures")
