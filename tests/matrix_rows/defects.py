"""What pages answer today where their row says otherwise, and why: each is a defect to fix
in the view, not in the row. Keyed by (URL pattern, method); e.g.
`("plans:print", "post"): Defect(family_read(), "answers POST as if it were GET")`.
Empty: every page answers as its row says."""

from tests.matrix import Defect

KNOWN_DEFECTS: dict[tuple[str, str], Defect] = {}
