"""The access log cannot be emptied by the application: on PostgreSQL TRUNCATE is refused to
every role but a superuser (the owner too; the test runner's flush runs as a superuser), and
the application runs as a role of its own that may only read and write rows: no TRUNCATE, no
UPDATE or DELETE on the log, no dropping or disabling its triggers, no DDL. `migrate` and the
grants run as DATABASE_MIGRATE_URL's role, the tables' owner."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import uuid
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.backends.signals import connection_created

from familieplan.core.db_roles import runtime_grants
from familieplan.core.models import AccessLog
from familieplan.families.models import Family

postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="roles and TRUNCATE triggers are PostgreSQL's"
)


def entry(**kw) -> AccessLog:
    values = {"username": "x", "object_type": "families.family", "action": "read", **kw}
    created = AccessLog.objects.create(**values)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # checks the deferred foreign keys now: PostgreSQL
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # truncates no table with events
    return created


def new_role(cursor, *options: str) -> str:
    name = f"fp_test_{uuid.uuid4().hex[:10]}"
    cursor.execute(f"CREATE ROLE {name} {' '.join(options)}")
    return name


@contextmanager
def acting_as(cursor, role: str):
    cursor.execute(f"SET ROLE {role}")
    try:
        yield
    finally:
        cursor.execute("RESET ROLE")


def refused(cursor, sql: str) -> str:
    """The database's refusal of `sql` (in a savepoint, so the test goes on)."""
    with pytest.raises(DatabaseError) as error, transaction.atomic():
        cursor.execute(sql)
    return str(error.value)


@postgresql
@pytest.mark.django_db
def test_truncate_is_refused_even_to_a_role_allowed_to_truncate_and_to_the_owner():
    entry()
    with connection.cursor() as cursor:
        allowed = new_role(cursor)
        cursor.execute(f"GRANT TRUNCATE ON core_accesslog TO {allowed}")
        with acting_as(cursor, allowed):
            assert "append-only: TRUNCATE refused" in refused(cursor, "TRUNCATE core_accesslog")
        owner = new_role(cursor)
        cursor.execute(f"ALTER TABLE core_accesslog OWNER TO {owner}")
        with acting_as(cursor, owner):
            assert "append-only" in refused(cursor, "TRUNCATE core_accesslog CASCADE")
    assert AccessLog.objects.count() == 1


@postgresql
@pytest.mark.django_db
def test_a_superuser_may_truncate_as_the_test_runner_does():
    entry()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE core_accesslog")
        assert AccessLog.objects.count() == 0
        transaction.set_rollback(True)
    assert AccessLog.objects.count() == 1


@postgresql
@pytest.mark.django_db
def test_the_runtime_role_reads_and_writes_rows_and_nothing_more(world):
    kept = entry()
    with connection.cursor() as cursor:
        runtime = new_role(cursor)
        for statement in runtime_grants(runtime):
            cursor.execute(statement)
        with acting_as(cursor, runtime):
            entry(username="appended")  # the application logs …
            assert AccessLog.objects.filter(username="appended").exists()  # … and reads
            Family.objects.filter(pk=world.family_a.pk).update(name="Familien Ny")
            for sql in (
                "TRUNCATE core_accesslog",
                f"UPDATE core_accesslog SET username = 'y' WHERE id = {kept.pk}",
                f"DELETE FROM core_accesslog WHERE id = {kept.pk}",
                "ALTER TABLE core_accesslog DISABLE TRIGGER ALL",
                "DROP TRIGGER core_accesslog_append_only ON core_accesslog",
                "TRUNCATE families_family CASCADE",
                "CREATE TABLE smuggled (id int)",
                "DROP TABLE django_session",
            ):
                message = refused(cursor, sql)
                assert "permission denied" in message or "must be owner" in message, sql
    world.family_a.refresh_from_db()
    assert world.family_a.name == "Familien Ny"
    assert AccessLog.objects.get(pk=kept.pk).username == "x"


def test_the_grants_are_printed_for_the_application_role():
    out = io.StringIO()
    call_command("grant_runtime_role", "--role", "familieplan_app", stdout=out)
    printed = out.getvalue()
    assert (
        'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "public" TO "familieplan_app"'
        in printed
    )
    assert 'REVOKE UPDATE, DELETE ON "public"."core_accesslog" FROM "familieplan_app"' in printed
    assert "TRUNCATE" not in printed and "OWNER" not in printed


@contextmanager
def committed_role(*options: str):
    with connection.cursor() as cursor:
        role = new_role(cursor, *options)
    try:
        yield role
    finally:
        connection.close()  # the role may still be logged in on this connection
        with connection.cursor() as cursor:
            cursor.execute(f"DROP OWNED BY {role}")
            cursor.execute(f"DROP ROLE {role}")


@postgresql
@pytest.mark.django_db(transaction=True)
def test_migrate_runs_as_the_migrate_role(settings):
    seen = []

    def who(sender, connection, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            seen.append(cursor.fetchone()[0])

    with committed_role("LOGIN", "SUPERUSER") as owner:
        settings.FAMILIEPLAN_MIGRATE_DATABASE = {"USER": owner, "PASSWORD": ""}
        connection_created.connect(who)
        try:
            call_command("migrate", "--check", verbosity=0)
        finally:
            connection_created.disconnect(who)
        assert seen and set(seen) == {owner}
        with connection.cursor() as cursor:  # the application's own role afterwards
            cursor.execute("SELECT current_user")
            assert cursor.fetchone()[0] != owner


@postgresql
@pytest.mark.django_db(transaction=True)
def test_the_grants_are_applied_as_the_migrate_role(settings):
    with committed_role("NOLOGIN") as runtime:
        settings.FAMILIEPLAN_MIGRATE_DATABASE = {"USER": settings.DATABASES["default"]["USER"]}
        out = io.StringIO()
        call_command("grant_runtime_role", "--apply", "--role", runtime, stdout=out)
        assert f"Granted {runtime}" in out.getvalue()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT has_table_privilege(%s, 'core_accesslog', 'INSERT'),"
                " has_table_privilege(%s, 'core_accesslog', 'UPDATE'),"
                " has_table_privilege(%s, 'core_accesslog', 'TRUNCATE'),"
                " has_table_privilege(%s, 'families_family', 'DELETE')",
                [runtime] * 4,
            )
            assert cursor.fetchone() == (True, False, False, True)


@postgresql
@pytest.mark.django_db
def test_the_grants_are_not_applied_without_a_migrate_role(settings):
    settings.FAMILIEPLAN_MIGRATE_DATABASE = None
    with pytest.raises(Exception, match="DATABASE_MIGRATE_URL"):
        call_command("grant_runtime_role", "--apply", "--role", "someone")


def settings_with(**env) -> subprocess.CompletedProcess:
    code = (
        "import familieplan.settings as s; "
        "print(s.FAMILIEPLAN_MIGRATE_DATABASE and s.FAMILIEPLAN_MIGRATE_DATABASE['USER'])"
    )
    environment = {**os.environ, "FAMILIEPLAN_TESTING": "true", **env}
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("migrate_url", "outcome"),
    [
        ("postgres://owner@db:5432/familieplan", "owner"),
        ("postgres://owner@db:5432/another", "must name DATABASE_URL's database"),
        ("sqlite:///var/x.sqlite3", "is for PostgreSQL"),
    ],
)
def test_the_migrate_url_names_the_same_postgresql_database(migrate_url, outcome):
    result = settings_with(
        DATABASE_URL="postgres://app@db:5432/familieplan", DATABASE_MIGRATE_URL=migrate_url
    )
    assert outcome in result.stdout + result.stderr
