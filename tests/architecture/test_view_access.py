"""scripts/check_view_access.py: no view fetches family data without the access helpers.

The checker runs on small views files written here (one unscoped fetch fails and is named by
file and line; the scoped version passes) and on the real tree, as `make check` runs it.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from familieplan.accounts.models import User
from familieplan.core.models import AccessLog, Unit
from familieplan.families.models import Family, Member, ProgrammeSettings
from familieplan.journal.models import Note
from familieplan.partners.models import Consent, Partner
from tests.factories import make_consent, make_member, make_partner

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "check_view_access.py"


def _load():
    spec = importlib.util.spec_from_file_location("check_view_access", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


checker = _load()

HEADER = """\
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from familieplan.families.access import access_family
from familieplan.families.models import EnrolmentEvent, Family, Member, ProgrammeSettings
from familieplan.journal import models as journal_models
from familieplan.partners.models import Partner
"""

UNSCOPED = """
def member_page(request, family_id, member_id):
    member = Member.objects.get(pk=member_id)
    return render(request, "x.html", {"member": member})
"""

SCOPED = """
def member_page(request, family_id, member_id):
    family = access_family(request, family_id)
    member = get_object_or_404(family.members, pk=member_id)
    return render(request, "x.html", {"member": member})
"""


def _views(tmp_path: Path, body: str, name: str = "views.py") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + textwrap.dedent(body), encoding="utf-8")
    return path


def test_an_unscoped_fetch_fails_and_is_named_by_its_line(tmp_path):
    path = _views(tmp_path, UNSCOPED)
    problems = checker.check([path], allowed={})
    line = HEADER.count("\n") + 3  # the line of Member.objects.get in the file
    assert problems == [
        f"{path}:{line}: Member fetched without an access helper in member_page(): "
        "Member.objects.get(pk=member_id)"
    ]


def test_the_scoped_version_passes(tmp_path):
    assert checker.check([_views(tmp_path, SCOPED)], allowed={}) == []


@pytest.mark.parametrize(
    ("body", "model"),
    [
        ("note = get_object_or_404(journal_models.Note, pk=note_id)", "Note"),
        ("families = Family._base_manager.filter(name=name)", "Family"),
        ("families = Family._default_manager.all()", "Family"),
        ("events = EnrolmentEvent.objects.filter(enrolment_id=pk)", "EnrolmentEvent"),
        ("members = Member.objects", "Member"),
    ],
)
def test_every_way_round_the_helpers_is_found(tmp_path, body, model):
    path = _views(tmp_path, f"\ndef view(request, pk, name, note_id):\n    {body}\n")
    problems = checker.check([path], allowed={})
    assert len(problems) == 1 and f" {model} fetched without an access helper" in problems[0]


def test_scoped_managers_prefetches_and_other_models_pass(tmp_path):
    body = """
    def view(request, family_id):
        family = access_family(request, family_id)
        visible = Family.objects.visible_to(request.user).filter(stage="active")
        nothing = Member.objects.none()
        enrolments = family.enrolments.prefetch_related(
            Prefetch("events", queryset=EnrolmentEvent.objects.select_related("by"))
        )
        partners = Partner.objects.filter(municipality_id=family.municipality_id)
        settings = ProgrammeSettings.objects.filter(municipality_id=family.municipality_id)
        return visible, nothing, enrolments, partners, settings
    """
    assert checker.check([_views(tmp_path, body)], allowed={}) == []


def test_an_allowed_fetch_passes_and_a_stale_entry_fails(tmp_path):
    path = _views(tmp_path, UNSCOPED)
    key = (str(path), "member_page", "Member.objects.get(pk=member_id)")
    assert checker.check([path], allowed={key: "a reason"}) == []
    stale = (str(path), "member_page", "Member.objects.get(pk=1)")
    problems = checker.check([path], allowed={key: "a reason", stale: "gone"})
    assert problems == [f"{path}: allowed fetch in member_page() no longer found: {stale[2]}"]


def test_views_modules_are_found_by_their_names(tmp_path):
    for name in ("app/views.py", "app/views/pages.py", "app/staff_views.py", "app/services.py"):
        _views(tmp_path, UNSCOPED, name)
    problems = checker.check([tmp_path], allowed={})
    named = sorted(Path(p.split(":")[0]).relative_to(tmp_path).as_posix() for p in problems)
    assert named == ["app/staff_views.py", "app/views.py", "app/views/pages.py"]


def test_family_data_is_the_tenant_models_and_what_names_a_family():
    models = checker.family_data_models()
    assert {Family, Member, Note, Consent, AccessLog} <= models
    assert not {Partner, Unit, ProgrammeSettings, User} & models


def _run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "FAMILIEPLAN_TESTING": "true"}
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )


def test_the_real_views_pass_and_a_bad_file_fails_the_script(tmp_path):
    real = _run()
    assert real.returncode == 0, real.stdout + real.stderr
    bad = _run(str(_views(tmp_path, UNSCOPED)))
    assert bad.returncode == 1 and "views.py:" in bad.stdout and "Member.objects.get" in bad.stdout


def test_a_consent_document_is_found_only_in_its_own_family(client, world, settings, tmp_path):
    """consent_document fetches the consent from the family the helper returned."""
    settings.MEDIA_ROOT = tmp_path
    other = world.family_a_colleague  # the coordinator reads it too: same unit
    mother = make_member(family=other, first_name="Sara")
    consent = make_consent(
        family=other,
        partner=make_partner(municipality=world.muni_a, name="Lunde skole", kind="school"),
        subject=mother,
        recorded_by=world.colleague,
    )
    consent.document.save("skjema.pdf", SimpleUploadedFile("skjema.pdf", b"%PDF-1.4"), save=False)
    Consent.objects.filter(pk=consent.pk).update(document=consent.document.name)
    client.force_login(world.coordinator)
    url = "/partners/families/{}/consents/" + f"{consent.pk}/document/"
    own = client.get(url.format(other.pk))
    assert own.status_code == 200 and b"".join(own.streaming_content).startswith(b"%PDF")
    assert client.get(url.format(world.family_a.pk)).status_code == 404
