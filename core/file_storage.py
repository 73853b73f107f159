"""Where uploaded documents live: a local folder (MEDIA_ROOT) or an S3-compatible object store.

Every upload and download goes through Django's storage API (FileField.open / save), and the
documents are served by permission-checked views, never from MEDIA_URL, so several web servers and
workers can share one store: FILE_STORAGE=s3 with an S3-compatible store (MinIO, Ceph, a cloud's
object storage), or FILE_STORAGE=local with MEDIA_ROOT on a shared volume.
"""

from django.core.exceptions import ImproperlyConfigured

from core.env import env_secret, env_str

LOCAL = "local"
S3 = "s3"


def file_storage() -> dict:
    """The STORAGES["default"] entry the FILE_STORAGE variable asks for."""
    kind = env_str("FILE_STORAGE", LOCAL).strip().lower()
    if kind == LOCAL:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != S3:
        raise ImproperlyConfigured(f"FILE_STORAGE must be {LOCAL!r} or {S3!r}, got {kind!r}")
    missing = [name for name in ("S3_BUCKET", "S3_ACCESS_KEY_ID") if not env_str(name)]
    if not env_secret("S3_SECRET_ACCESS_KEY"):
        missing.append("S3_SECRET_ACCESS_KEY (or S3_SECRET_ACCESS_KEY_FILE)")
    if missing:
        raise ImproperlyConfigured(f"FILE_STORAGE=s3 needs {', '.join(missing)}")
    try:
        import storages.backends.s3  # noqa: F401
    except ImportError:
        raise ImproperlyConfigured("FILE_STORAGE=s3 needs the s3 extra: pip install -e '.[s3]'") from None
    options = {
        "bucket_name": env_str("S3_BUCKET"),
        "access_key": env_str("S3_ACCESS_KEY_ID"),
        "secret_key": env_secret("S3_SECRET_ACCESS_KEY"),
        "location": env_str("S3_PREFIX").strip("/"),
        # Documents are private: no public ACL, no query-string links handed to browsers.
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }
    for option, name in (("endpoint_url", "S3_ENDPOINT_URL"), ("region_name", "S3_REGION")):
        if env_str(name):
            options[option] = env_str(name)
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
