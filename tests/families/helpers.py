"""Builders for valid form posts and identity numbers used by the family tests."""

from __future__ import annotations

from datetime import date

W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def fnr(day: int, month: int, yy: int, individual: int) -> str:
    """A valid (pre-2032 rule) identity number for the given date and individual number."""
    for ind in range(individual, individual + 50):
        base = f"{day:02d}{month:02d}{yy:02d}{ind % 1000:03d}"
        k1 = 11 - sum(int(d) * w for d, w in zip(base, W1, strict=True)) % 11
        k1 = 0 if k1 == 11 else k1
        if k1 == 10:
            continue
        k2 = 11 - sum(int(d) * w for d, w in zip(base + str(k1), W2, strict=True)) % 11
        k2 = 0 if k2 == 11 else k2
        if k2 == 10:
            continue
        return f"{base}{k1}{k2}"
    raise ValueError("no valid number found")


def member_rows(rows: list[dict]) -> dict:
    """Formset data for the household part of the referral form (prefix `members`)."""
    data = {
        "members-TOTAL_FORMS": str(max(len(rows), 1)),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "1",
        "members-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"members-{i}-{key}"] = value
    return data


def referral_post(*, unit, members: list[dict], **overrides) -> dict:
    data = {
        "referral-family_name": "Familien Jensen",
        "referral-unit": str(unit.pk),
        "referral-source": "nav",
        "referral-received_on": date.today().isoformat(),
        "referral-reason": "Lang tid på sosialhjelp, ønsker oversikt.",
        "referral-contact_name": "",
        "referral-contact_phone": "",
        **member_rows(members),
    }
    data.update(overrides)
    return data


ADULT = {"role": "parent", "first_name": "Lise", "last_name": "Jensen", "birth_date": "1988-04-02"}
CHILD = {"role": "child", "first_name": "Emil", "last_name": "Jensen", "birth_date": "2016-09-12"}
