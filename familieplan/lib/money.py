"""Amounts in Norwegian kroner: whole kroner, grouped with a narrow no-break space."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

THIN_SPACE = "\u202f"


def format_nok(amount: Decimal | int | str, *, suffix: bool = True) -> str:
    """`Decimal("267360")` → "267 360 kr" (narrow no-break space between groups)."""
    whole = Decimal(str(amount)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    sign = "−" if whole < 0 else ""
    grouped = f"{abs(int(whole)):,}".replace(",", THIN_SPACE)
    return f"{sign}{grouped}{THIN_SPACE}kr" if suffix else f"{sign}{grouped}"


def format_decimal_nb(value: Decimal | str, places: int = 1) -> str:
    """`Decimal("2.1")` → "2,1" (Norwegian decimal comma)."""
    quantum = Decimal(1).scaleb(-places)
    return str(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)).replace(".", ",")
