"""Production settings pass Django's deployment check and turn every protection on."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AXES_", "OTP_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="1",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="kexiebao.example.cn",
    )
    if not os.environ.get("REDIS_URL"):
        # articles.W001: a process-local page cache is flagged with debug off.
        env["DJANGO_CACHE_DIR"] = str(tmp_path / "cache")
    env.update(extra)
    return env


def test_check_deploy_reports_no_issue_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output


def test_production_settings_turn_on_https_otp_and_the_lockout(tmp_path):
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: str(getattr(s, k, None)) for k in ["
        "'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
        "'SECURE_HSTS_SECONDS', 'SECURE_PROXY_SSL_HEADER', 'OTP_REQUIRED', 'AXES_ENABLED', "
        "'AXES_FAILURE_LIMIT', 'SESSION_IDLE_TIMEOUT']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["SECURE_SSL_REDIRECT"] == "True"
    assert found["SESSION_COOKIE_SECURE"] == found["CSRF_COOKIE_SECURE"] == "True"
    assert int(found["SECURE_HSTS_SECONDS"]) >= 31536000
    assert found["SECURE_PROXY_SSL_HEADER"] == "('HTTP_X_FORWARDED_PROTO', 'https')"
    assert found["OTP_REQUIRED"] == "True", "a password alone must never open the desk"
    assert found["AXES_ENABLED"] == "True" and found["AXES_FAILURE_LIMIT"] == "5"
    assert found["SESSION_IDLE_TIMEOUT"] == str(30 * 60)


def test_the_demo_switch_is_debug_only(tmp_path):
    env = production_env(tmp_path, DJANGO_DEBUG="1", DJANGO_HTTPS="0")
    script = "import django; django.setup(); from django.conf import settings as s; print(s.OTP_REQUIRED)"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr
