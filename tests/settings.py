"""Test settings: the production settings with plain http and a fast password hasher.

The database still comes from DATABASE_URL (SQLite by default, PostgreSQL in CI's second run).
"""
import os
import tempfile

# Each pytest-xdist worker gets its own data directory (uploads, static files): workers inherit
# the controller's environment, and tests that count stored files must not see each other's.
if os.environ.get("PYTEST_XDIST_WORKER") or "TRIENKHAI_DATA_DIR" not in os.environ:
    os.environ["TRIENKHAI_DATA_DIR"] = tempfile.mkdtemp(prefix="trienkhai-test-")
os.environ["TRIENKHAI_HTTPS"] = "0"

from trienkhai.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LANGUAGE_CODE = "vi"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
WHITENOISE_AUTOREFRESH = True
