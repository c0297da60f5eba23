"""The partner tests' family (mother Mona, child Ella of 9, youth Ola of 16, goals for the
family, Ella and Ola) with logins for Mona and Ola, one ordinary note and one consent about
each person, and a family in another municipality with its own logged-in parent."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from familieplan.core.roles import Role
from familieplan.families.models import Family
from familieplan.journal import services as journal
from tests.factories import make_consent, make_member, make_user
from tests.partners.conftest import shared  # noqa: F401


@dataclass
class Portal:
    shared: object
    mother_user: object
    youth_user: object
    other_user: object
    notes: dict
    consents: dict


@pytest.fixture
def portal(shared):  # noqa: F811
    world = shared.world
    family = shared.family
    family.stage = Family.Stage.ACTIVE
    family.save(update_fields=["stage"])
    mother_user = make_user(username="mona", role=Role.FAMILY_MEMBER, municipality=world.muni_a)
    youth_user = make_user(username="ola", role=Role.FAMILY_MEMBER, municipality=world.muni_a)
    shared.mother.user = mother_user
    shared.mother.save(update_fields=["user"])
    shared.youth.user = youth_user
    shared.youth.save(update_fields=["user"])
    other_parent = make_member(family=world.family_b, first_name="Per")
    other_user = make_user(username="per", role=Role.FAMILY_MEMBER, municipality=world.muni_b)
    other_parent.user = other_user
    other_parent.save(update_fields=["user"])
    notes = {
        key: journal.note_write(
            family=family, by=world.coordinator, level=level, text=text, about=about
        )
        for key, level, text, about in (
            ("family", "ordinary", "Notat om hele familien: Sommerferie.", None),
            ("mother", "ordinary", "Notat om Mona: Norskkurs.", shared.mother),
            ("child", "ordinary", "Notat om Ella: Svømming.", shared.child),
            ("youth", "ordinary", "Notat om Ola: Sommerjobb.", shared.youth),
            ("internal", "internal", "Internt: Bekymring for økonomien.", None),
            ("restricted", "restricted", "Skjermet: Barnevernet er kontaktet.", None),
        )
    }
    consents = {
        key: make_consent(
            family=family,
            partner=shared.school,
            subject=subject,
            given_by=giver,
            recorded_by=world.coordinator,
        )
        for key, subject, giver in (
            ("mother", shared.mother, shared.mother),
            ("child", shared.child, shared.mother),
            ("youth", shared.youth, shared.youth),
        )
    }
    return Portal(shared, mother_user, youth_user, other_user, notes, consents)
