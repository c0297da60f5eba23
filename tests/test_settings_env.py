"""Settings helpers fail loudly on a bad value; production settings pass check --deploy."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from familieplan.env import env_bool, env_int, env_list, env_str

pytestmark = pytest.mark.one_database  # settings in subprocesses and in memory, no database


@pytest.fixture
def environ(monkeypatch):
    return monkeypatch


@pytest.mark.parametrize("value,expected", [("true", True), ("0", False), ("Yes", True)])
def test_env_bool(environ, value, expected):
    environ.setenv("X_FLAG", value)
    assert env_bool("X_FLAG", False) is expected


def test_env_bool_refuses_nonsense(environ):
    environ.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="not a boolean"):
        env_bool("X_FLAG", False)


def test_env_int_refuses_text_and_small_values(environ):
    environ.setenv("X_NUM", "ten")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("X_NUM", 1)
    environ.setenv("X_NUM", "5")
    with pytest.raises(ImproperlyConfigured, match="below the minimum"):
        env_int("X_NUM", 1, minimum=10)


def test_env_str_required_and_list(environ):
    environ.delenv("X_REQ", raising=False)
    with pytest.raises(ImproperlyConfigured, match="must be set"):
        env_str("X_REQ")
    environ.setenv("X_LIST", "a, b,,c")
    assert env_list("X_LIST", []) == ["a", "b", "c"]


def _manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FAMILIEPLAN_"))}
    base.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], env=base, capture_output=True, text=True, timeout=120
    )


def test_missing_secret_key_fails_loudly_in_production():
    result = _manage("check", DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_with_real_secrets():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="k" * 20 + "-a-real-looking-secret-with-entropy-9f8e7d6c5b4a",
        DJANGO_ALLOWED_HOSTS="familieplan.example.no",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_manage_py_works_for_a_developer_without_any_settings():
    result = _manage("check")
    assert result.returncode == 0, result.stdout + result.stderr


def _check_deploy_behind_proxy(**env):
    return _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="k" * 20 + "-a-real-looking-secret-with-entropy-9f8e7d6c5b4a",
        DJANGO_ALLOWED_HOSTS="familieplan.example.no",
        DJANGO_BEHIND_TLS_PROXY="true",
        **env,
    )


def test_check_deploy_warns_behind_a_proxy_whose_address_header_is_not_trusted():
    """Every client would share the proxy's address: in the access log, and in the lockout
    per address, which would then lock every user out together."""
    result = _check_deploy_behind_proxy()
    assert result.returncode != 0
    assert "familieplan.W001" in result.stdout + result.stderr
    trusted = _check_deploy_behind_proxy(FAMILIEPLAN_TRUST_X_FORWARDED_FOR="true")
    assert trusted.returncode == 0, trusted.stdout + trusted.stderr
