"""The family's languages (decision 0013): eight for family members and visitors, bokmål and
English for staff; Arabic right to left and remembered on the person; every family page in
every language with its own words; and the catalogue check that CI runs."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language_info

from tests.factories import TEST_PASSWORD
from tests.partners.conftest import shared  # noqa: F401
from tests.portal.conftest import portal  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
FAMILY = ["nb", "nn", "en", "ar", "so", "pl", "uk", "ti"]
NOT_NORWEGIAN = ["en", "ar", "so", "pl", "uk", "ti"]
#: Each family page and the (bokmål) words of its <title>.
PAGES = {
    "": "Vår side",
    "plan/": "Planen vår",
    "meetings/": "Møter",
    "record/": "Kontakter og notater",
    "progress/": "Kartlegging",
    "consents/": "Samtykker",
    "access-log/": "Hvem har sett opplysningene",
    "copy/": "Kopi av alt",
}


def _check_script():
    spec = importlib.util.spec_from_file_location(
        "check_translations", ROOT / "scripts" / "check_translations.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def offered(html: str) -> list[str]:
    select = re.search(r'<select id="language-select".*?</select>', html, re.S)
    assert select, "no language switcher on the page"
    return re.findall(r'<option value="([a-z]+)"', select.group(0))


def h1(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert match, "no h1"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def login(client, username: str):
    response = client.post("/accounts/login/", {"username": username, "password": TEST_PASSWORD})
    assert response.status_code == 302, "login failed"


def test_languages_are_named_in_themselves_and_known_to_django():
    assert [code for code, _name in settings.LANGUAGES] == FAMILY
    assert settings.FAMILY_LANGUAGES == FAMILY
    assert settings.STAFF_LANGUAGES == ["nb", "en"]
    names = dict(settings.LANGUAGES)
    assert names["ar"] == "العربية" and names["ti"] == "ትግርኛ" and names["so"] == "Soomaali"
    assert get_language_info("so")["name_local"] == "Soomaali"
    assert get_language_info("ti")["bidi"] is False
    assert get_language_info("ar")["bidi"] is True
    assert "ar" in settings.LANGUAGES_BIDI


def test_family_member_and_visitor_get_eight_languages_staff_two(client, portal):  # noqa: F811
    for url in ("/accounts/login/", "/accounts/family/login/"):
        assert offered(client.get(url).content.decode()) == FAMILY
    client.force_login(portal.mother_user)
    assert offered(client.get("/family/").content.decode()) == FAMILY
    client.force_login(portal.shared.world.coordinator)
    assert offered(client.get("/").content.decode()) == ["nb", "en"]


def test_arabic_is_right_to_left_and_remembered_on_the_person(client, portal):  # noqa: F811
    login(client, "mona")
    response = client.post("/language/", {"language": "ar", "next": "/family/"})
    assert response.status_code == 302 and response["Location"] == "/family/"
    html = client.get("/family/").content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert "مرحباً، <bdi>Mona</bdi>" in html
    portal.mother_user.refresh_from_db()
    assert portal.mother_user.language == "ar"
    # Log out (the cookie goes with the browser) and in again: still Arabic.
    client.post("/accounts/logout/")
    client.cookies.clear()
    login(client, "mona")
    html = client.get("/family/").content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert offered(html) == FAMILY and 'value="ar" lang="ar" dir="rtl" selected' in html


@pytest.mark.parametrize("language", FAMILY)
def test_every_family_page_in_every_language(client, portal, language):  # noqa: F811
    portal.mother_user.language = language
    portal.mother_user.save(update_fields=["language"])
    client.force_login(portal.mother_user)
    direction = "rtl" if language == "ar" else "ltr"
    for page, title in PAGES.items():
        response = client.get(f"/family/{page}")
        assert response.status_code == 200, page
        html = response.content.decode()
        assert f'<html lang="{language}" dir="{direction}"' in html, page
        with translation.override(language):
            words = translation.gettext(title)
        assert f"<title>{words} – Familieplan</title>" in html, (page, words)
        if language in NOT_NORWEGIAN:
            assert words != title, (page, language)
    home = h1(client.get("/family/").content.decode())
    assert home.endswith("Mona")
    if language in NOT_NORWEGIAN:
        assert home != "Hei, Mona", language


def test_the_login_pages_speak_the_chosen_language(client, db):
    for language in FAMILY:
        client.post("/language/", {"language": language, "next": "/accounts/family/login/"})
        html = client.get("/accounts/family/login/").content.decode()
        with translation.override(language):
            heading = translation.gettext("Logg inn for familier")
        assert f'lang="{language}"' in html and heading in html
        if language in NOT_NORWEGIAN:
            assert heading != "Logg inn for familier"


def test_staff_with_a_family_only_language_still_gets_pages(client, portal):  # noqa: F811
    """The switcher does not offer it, but a post of it is accepted (it is configured): staff
    pages then show the few shared words in Arabic and the rest in bokmål, and the switcher
    lists the current language so the way back is plain."""
    coordinator = portal.shared.world.coordinator
    client.force_login(coordinator)
    assert client.post("/language/", {"language": "ar", "next": "/"}).status_code == 302
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert offered(html) == ["nb", "en", "ar"]
    client.post("/language/", {"language": "nb", "next": "/"})
    coordinator.refresh_from_db()
    assert coordinator.language == "nb"
    assert offered(client.get("/").content.decode()) == ["nb", "en"]


def test_unknown_languages_are_refused(client, portal):  # noqa: F811
    client.force_login(portal.mother_user)
    client.post("/language/", {"language": "de", "next": "/family/"})
    portal.mother_user.refresh_from_db()
    assert portal.mother_user.language == ""


def test_translation_check_passes():
    assert _check_script().main() == 0


def test_translation_check_catches_a_missing_family_string(tmp_path, monkeypatch, capsys):
    check = _check_script()
    for language in ("nb", "ti"):
        catalogue = polib.POFile()
        catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
        for msgid, where in (("Planen vår", "templates/portal/plan.html"), ("Tall", "x.py")):
            entry = polib.POEntry(msgid=msgid, msgstr=msgid if language == "nb" else "")
            entry.occurrences = [(where, "")]
            catalogue.append(entry)
        (tmp_path / language / "LC_MESSAGES").mkdir(parents=True)
        catalogue.save(str(tmp_path / language / "LC_MESSAGES" / "django.po"))
    monkeypatch.setattr(check, "LOCALE", tmp_path)
    monkeypatch.setattr(check, "ROOT", tmp_path)
    monkeypatch.setattr(check, "LANGUAGES", ["nb"])
    monkeypatch.setattr(check, "FAMILY_LANGUAGES", ["ti"])
    assert check.main() == 1
    out = capsys.readouterr().out
    assert "ti: missing: 'Planen vår' (templates/portal/plan.html)" in out
    assert "Tall" not in out  # staff-only: falls back to bokmål


@pytest.mark.parametrize(
    ("language", "forms"), [("nn", 2), ("ar", 6), ("so", 2), ("pl", 3), ("uk", 3), ("ti", 2)]
)
def test_catalogues_have_the_right_plural_forms_and_keep_placeholders(language, forms):
    catalogue = polib.pofile(str(ROOT / f"familieplan/locale/{language}/LC_MESSAGES/django.po"))
    assert catalogue.metadata["Plural-Forms"].startswith(f"nplurals={forms};")
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]")
    for entry in catalogue.translated_entries():
        texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for text in texts:
            assert sorted(placeholder.findall(text)) == sorted(placeholder.findall(entry.msgid)), (
                entry.msgid
            )
            assert "<" not in text or "<" in entry.msgid, entry.msgid
