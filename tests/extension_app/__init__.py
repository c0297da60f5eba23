"""A small app that exists only in the tests: outings (utflukter) a family goes on. It adds
itself everywhere through the extension contract (core/extensions.py) and no product file
names it; tests/extensions/test_contract.py checks that it shows up."""
