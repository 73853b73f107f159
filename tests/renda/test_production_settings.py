"""Production settings: `check --deploy` is clean, secrets come from the environment or files, and
uploaded documents go through Django's storage API (so several web servers can share one store)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.storage import InMemoryStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import client_for

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "HTTPS": "true",
    "SECRET_KEY": "k" * 20 + "production-like-secret-key-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "renda.example",
}
SETTINGS_OF_INTEREST = "SECRET_KEY DATABASES STORAGES EMAIL_HOST_PASSWORD".split()


def _clean_env(**extra) -> dict:
    # DJANGO_ALLOW_ASYNC_UNSAFE: set for the browser tests in this process, never in production.
    names = {"SECRET_KEY", "DEBUG", "HTTPS", "DATABASE_URL", "REDIS_URL", "FILE_STORAGE", "EMAIL_HOST_PASSWORD",
             "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in names and not k.endswith("_FILE") and not k.startswith("S3_")}
    return {**env, "DJANGO_SETTINGS_MODULE": "renda.settings", **extra}


def _settings_in_a_new_process(expression: str, **env) -> subprocess.CompletedProcess:
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    return subprocess.run([sys.executable, "-c", code], env=_clean_env(**env), cwd=ROOT, capture_output=True, text=True)


def test_check_deploy_with_production_values_reports_nothing():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        env=_clean_env(**PRODUCTION), cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_names_what_is_wrong_with_a_debug_configuration():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=_clean_env(**{**PRODUCTION, "DEBUG": "true", "HTTPS": "false"}), cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode != 0
    assert "security.W018" in result.stderr  # DEBUG on in deployment


def test_secrets_are_read_from_files(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text("from-a-file-" + "s" * 50 + "\n")
    password_file = tmp_path / "mail_password"
    password_file.write_text("p@ss word\n")
    database_file = tmp_path / "database_url"
    database_file.write_text("postgres://renda:geheim@db.internal:5432/renda\n")
    env = {**PRODUCTION, "SECRET_KEY": "", "SECRET_KEY_FILE": str(key_file),
           "EMAIL_HOST_PASSWORD_FILE": str(password_file), "DATABASE_URL_FILE": str(database_file)}
    result = _settings_in_a_new_process(
        "settings.SECRET_KEY, settings.EMAIL_HOST_PASSWORD, settings.DATABASES['default']['HOST'],"
        " settings.DATABASES['default']['PASSWORD'], sep='|'", **env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"from-a-file-{'s' * 50}|p@ss word|db.internal|geheim"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"SECRET_KEY_FILE": "/nonexistent/renda-secret"}, "SECRET_KEY_FILE points at '/nonexistent/renda-secret'"),
        ({"SECRET_KEY_FILE": "{empty}"}, "which is empty"),
        ({"SECRET_KEY_FILE": "{file}", "SECRET_KEY": "also-set"}, "Set SECRET_KEY or SECRET_KEY_FILE, not both"),
        ({"FILE_STORAGE": "ftp"}, "FILE_STORAGE must be 'local' or 's3'"),
        ({"FILE_STORAGE": "s3", "S3_BUCKET": "renda"}, "FILE_STORAGE=s3 needs S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY"),
    ],
)
def test_a_broken_secret_or_storage_setting_stops_start_up_with_its_name(tmp_path, extra, message):
    (tmp_path / "empty").write_text("\n")
    (tmp_path / "file").write_text("a-secret-from-a-file\n")
    extra = {k: v.format(empty=tmp_path / "empty", file=tmp_path / "file") for k, v in extra.items()}
    env = {**PRODUCTION, **extra}
    if "SECRET_KEY" in extra or "SECRET_KEY_FILE" in extra:
        env["SECRET_KEY"] = extra.get("SECRET_KEY", "")
    result = _settings_in_a_new_process("settings.STORAGES", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_an_s3_compatible_store_is_one_setting_away(tmp_path):
    (tmp_path / "s3_secret").write_text("s3-secret-key\n")
    env = {**PRODUCTION, "FILE_STORAGE": "s3", "S3_BUCKET": "renda-docs", "S3_ACCESS_KEY_ID": "renda",
           "S3_SECRET_ACCESS_KEY_FILE": str(tmp_path / "s3_secret"), "S3_ENDPOINT_URL": "http://minio.internal:9000",
           "S3_PREFIX": "/baiyun/"}
    # The storage is built as Django builds it; naming a key and signing a link need no network.
    expression = (
        "settings.STORAGES['default']['BACKEND'], settings.STORAGES['default']['OPTIONS']['secret_key'],"
        " __import__('django.core.files.storage', fromlist=['default_storage']).default_storage"
        ".url('plans/报告.docx').split('?')[0], sep='|'"
    )
    result = _settings_in_a_new_process(expression, **env)
    assert result.returncode == 0, result.stderr
    backend, secret, url = result.stdout.strip().split("|")
    assert backend == "storages.backends.s3.S3Storage" and secret == "s3-secret-key"
    assert url.startswith("http://minio.internal:9000/renda-docs/baiyun/plans/")


def test_documents_go_through_the_storage_api_not_the_local_folder(baiyun, settings, tmp_path):
    """With another store configured, an upload lands there and downloads from there: nothing touches MEDIA_ROOT."""
    from plans.models import PlanItem

    settings.MEDIA_ROOT = str(tmp_path / "media-must-stay-empty")
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    item = PlanItem.objects.get(body=baiyun, title__contains="2022 年度国有资产管理情况的综合报告")  # 财经工委 leads it
    response = client_for("lead-caijing").post(
        reverse("item-document-upload", kwargs={"pk": item.pk}),
        {"kind": "report", "title": "共享存储中的报告", "received_on": "2023-09-01",
         "file": SimpleUploadedFile("report.pdf", "%PDF-1.4 共享存储".encode())},
    )
    assert response.status_code == 302
    document = item.documents.get(title="共享存储中的报告")
    from django.core.files.storage import default_storage

    assert isinstance(default_storage._wrapped, InMemoryStorage) and default_storage.exists(document.file.name)
    download = client_for("director").get(reverse("document-download", kwargs={"pk": document.pk}))
    assert b"".join(download.streaming_content) == "%PDF-1.4 共享存储".encode()
    assert not (tmp_path / "media-must-stay-empty").exists()
