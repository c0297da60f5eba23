"""The family's pages in the family's languages (decision 0013): the shipped life-domain names
and our own questionnaires in the reader's language; what stays in another language — what
staff typed in bokmål, a domain the programme named itself, a licensed wording shown in its
original — marked with its language and isolated for direction; people's names isolated;
and the settings page showing only what a family member may change."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from familieplan.families.models import Domain
from tests.languages.conftest import main, text, visit

RTL_AND_OTHERS = ["ar", "so", "pl", "uk", "ti", "nn", "en"]


def words(msgid: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(msgid)


def test_the_arabic_catalogue_translates_a_default_domain_name():
    """What the tests below rely on (the lead keeps the catalogues complete)."""
    assert words("Barnehage og skole", "ar") != "Barnehage og skole"


@pytest.mark.parametrize("language", RTL_AND_OTHERS)
def test_default_domain_names_are_translated_on_the_plan(client, portal, language):
    page = main(visit(client, portal.mother_user, "/family/plan/", language))
    translated = words("Barnehage og skole", language)
    if translated != "Barnehage og skole":
        assert re.search(rf">{re.escape(translated)}: <bdi>Barna trives</bdi></h2>", page)
    assert ">Barnehage og skole:" not in page or translated == "Barnehage og skole"


def test_a_domain_the_programme_named_itself_stays_as_written_and_is_marked(client, portal):
    Domain.objects.filter(municipality=portal.shared.world.muni_a, code="school").update(
        name="Skole og SFO (egen)"
    )
    page = main(visit(client, portal.mother_user, "/family/plan/", "ar"))
    assert '<span lang="nb" dir="auto">Skole og SFO (egen)</span>: <bdi>Barna trives</bdi>' in page
    page = main(visit(client, portal.mother_user, "/family/plan/", "nb"))
    assert ">Skole og SFO (egen): <bdi>Barna trives</bdi></h2>" in page  # same language: plain


def test_a_domain_name_with_an_untranslated_default_is_marked_bokmal(client, portal):
    """A default name the language's catalogue lacks shows in bokmål, marked so."""
    Domain.objects.filter(municipality=portal.shared.world.muni_a, code="school").update(
        name="Barnas fritid og sosiale liv", code="social-custom"
    )
    page = main(visit(client, portal.mother_user, "/family/plan/", "ar"))
    assert '<span lang="nb" dir="auto">Barnas fritid og sosiale liv</span>' in page


def test_what_staff_typed_is_marked_bokmal_on_a_page_in_another_language(client, portal):
    page = main(visit(client, portal.mother_user, "/family/plan/", "ar"))
    assert '<span lang="nb" dir="auto">Skolen: Barna trives</span>' in page
    page = main(visit(client, portal.mother_user, "/family/plan/", "nb"))
    assert "Skolen: Barna trives" in page
    assert '<span lang="nb"' not in page


def test_people_and_services_are_isolated(client, portal):
    world = portal.shared.world
    client.force_login(world.coordinator)
    client.get(f"/families/{portal.shared.family.pk}/")
    home = main(visit(client, portal.mother_user, "/family/", "ar"))
    assert "<bdi>Mona</bdi>" in home
    assert "<bdi>Test Bruker</bdi>" in home  # the coordinator
    assert '<span lang="nb" dir="auto">Familiesenteret</span>' in home  # the unit
    log = main(visit(client, portal.mother_user, "/family/access-log/", "ar"))
    assert "(<bdi>Test Bruker</bdi>)" in log
    consents = main(visit(client, portal.mother_user, "/family/consents/", "ar"))
    assert '<span lang="nb" dir="auto">Lunde skole</span>' in consents


def test_the_record_marks_notes_in_bokmal(client, portal):
    page = main(visit(client, portal.mother_user, "/family/record/", "ar"))
    assert '<span lang="nb" dir="auto">Notat om hele familien: Sommerferie.</span>' in page


# --- mapping -----------------------------------------------------------------------------


def test_progress_in_arabic_names_domains_and_our_own_scores_in_arabic(client, mapped):
    portal, _later = mapped
    page = main(visit(client, portal.mother_user, "/family/progress/", "ar"))
    assert f'<th scope="row">{words("Bolig", "ar")}</th>' in page
    assert ">Bolig<" not in page
    # The household's living conditions: instrument and score in Arabic, nothing in bokmål.
    assert "ظروف المعيشة – الأسرة المعيشية – مستوى السكن" in text(page)
    assert "Levekår" not in page and "Boligens standard" not in page


def test_the_domain_rating_questionnaire_is_in_arabic(client, mapped):
    portal, later = mapped
    page = visit(client, portal.mother_user, f"/family/mapping/{later.pk}/domain-rating/", "ar")
    body = main(page)
    assert "<h1" in body and "تقييم العائلة لمجالات الحياة</h1>" in body
    assert words("Bolig", "ar") in body and "Bolig" not in text(page)
    anchors = words("%(low)s = %(low_label)s, %(high)s = %(high_label)s", "ar") % {
        "low": "1",
        "low_label": "سيئ جدًا",
        "high": "10",
        "high_label": "جيد جدًا",
    }
    assert anchors in text(page)
    # All of it in the reader's language, but for a default name the catalogue lacks.
    for name in re.findall(r'<span lang="nb" dir="auto">(.*?)</span>', body):
        assert words(name, "ar") == name, name


def test_the_childs_voice_is_in_somali(client, mapped):
    portal, later = mapped
    child_user = _login_for(portal.shared.child, "ella")
    page = visit(client, child_user, f"/family/mapping/{later.pk}/child-voice/", "so")
    body = text(page)
    assert "Codka ilmaha laftiisa" in body
    assert "Sidee ayaad ku tahay dugsiga?" in body and "Aad u wanaagsan" in body
    assert "Hvordan har du det" not in body


def test_a_licensed_wording_is_shown_in_its_original_and_marked(client, mapped):
    """WHO-5's official Norwegian wording is not loaded: its questions are the official
    English ones, marked lang="en" on a bokmål page and on an Arabic one; its title is ours
    and translated."""
    portal, later = mapped
    for language in ("nb", "ar"):
        page = main(
            visit(client, portal.mother_user, f"/family/mapping/{later.pk}/who5/", language)
        )
        assert (
            '<span lang="en" dir="auto">I have felt cheerful and in good spirits</span>' in page
        ), language
        assert '<span lang="en" dir="auto">All of the time</span>' in page, language
    page = main(visit(client, portal.mother_user, f"/family/mapping/{later.pk}/who5/", "ar"))
    assert "مؤشر الرفاه WHO-5</h1>" in page


def _login_for(member, username):
    from familieplan.core.roles import Role
    from tests.factories import make_user

    user = make_user(username=username, role=Role.FAMILY_MEMBER, municipality=member.municipality)
    member.user = user
    member.save(update_fields=["user"])
    return user


# --- settings ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nb", "ar", "so"])
def test_a_family_member_sees_only_the_settings_they_may_change(client, portal, language):
    page = visit(client, portal.mother_user, "/accounts/settings/", language)
    assert 'name="email"' in page
    assert "receives_reminder_digest" not in page
    assert "påminnelser" not in text(page).lower()


def test_a_family_member_cannot_post_the_staff_setting(client, portal):
    user = portal.mother_user
    client.force_login(user)
    client.post("/accounts/settings/", {"email": user.email, "receives_reminder_digest": ""})
    user.refresh_from_db()
    assert user.receives_reminder_digest is True  # unchanged: not theirs to set


def test_a_coordinator_still_has_the_reminder_digest_setting(client, portal):
    page = visit(client, portal.shared.world.coordinator, "/accounts/settings/", "nb")
    assert 'name="receives_reminder_digest"' in page
