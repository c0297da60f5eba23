"""The role matrix's rows for the test-only app's pages (tests/matrix_rows reads them)."""

from tests.matrix import family_read, shows

ROWS = [shows("extension_app:list", family_read())]
