"""Settings for renda, read from environment variables (see README "Configuration")."""

import sys
from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from core.env import env_bool, env_date, env_float, env_int, env_int_list, env_list, env_secret, env_str, env_time
from core.file_storage import file_storage

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
# HTTPS is assumed in production; set HTTPS=false only for local servers and tests.
HTTPS = env_bool("HTTPS", not DEBUG)

# Commands that sign and serve nothing may run without a key (migration checks in CI tooling).
_KEYLESS_COMMANDS = {"makemigrations", "showmigrations", "help"}
_keyless = len(sys.argv) > 1 and Path(sys.argv[0]).name == "manage.py" and sys.argv[1] in _KEYLESS_COMMANDS

SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or _keyless):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on-0123456789"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "core.admin_site.PlatformAdminConfig",  # Django's admin, for platform administrators only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core.admin_site.AxesConfig",  # django-axes, labelled in Chinese
    "renda",  # the project: its migrations hand its old models over to core
    "core",
    "plans",
    "meetings",
    "supervision",
    "deputies",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "core.middleware.LoginRequiredMiddleware",
    "core.middleware.ExternalUsersMiddleware",
    "core.middleware.BodyScopeMiddleware",
]

ROOT_URLCONF = "renda.urls"
WSGI_APPLICATION = "renda.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.current_body",
                "core.context_processors.navigation",
                "core.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_secret("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's default random_page_cost (4) assumes spinning disks; with the data in memory or on
    # SSD, 1.1 lets it use the indexes: the dashboard's committee table took 80 ms, now 11 ms (bench data).
    page_cost = env_float("DATABASE_RANDOM_PAGE_COST", 1.1, minimum=0.1)
    db_options = DATABASES["default"].setdefault("OPTIONS", {})  # keeps ?options=… of DATABASE_URL
    db_options["options"] = f"{db_options.get('options', '')} -c random_page_cost={page_cost}".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_secret("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Accounts the office hands out (core/accounts.py): a one-time link works this many days.
PASSWORD_RESET_TIMEOUT = env_int("ACCOUNT_LINK_DAYS", 14, minimum=1) * 24 * 3600
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed log-ins: slowed after AXES_SLOWDOWN_AFTER failures (see core.views.auth),
# locked after AXES_FAILURE_LIMIT, per account and per address separately.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_SLOWDOWN_AFTER = env_int("AXES_SLOWDOWN_AFTER", 3, minimum=1)
AXES_SLOWDOWN_SECONDS = env_int("AXES_SLOWDOWN_SECONDS", 5, minimum=0)
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0, minimum=0)

LANGUAGE_CODE = "zh-hans"
# Our own catalogs: Chinese for django-axes' labels, which ships none (locale/zh_Hans/LC_MESSAGES/django.po).
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Tom Select, the searchable multi-select of the item form (static/js/multi-select.js), comes built in the PyPI
# package django-tomselect: its static folder is served as static/django_tomselect/, without installing its app.
if find_spec("django_tomselect") is None:
    raise ImproperlyConfigured("django-tomselect is not installed: run make venv (pyproject.toml lists it).")
TOM_SELECT_DIR = Path(find_spec("django_tomselect").submodule_search_locations[0]) / "static" / "django_tomselect"
STATICFILES_DIRS = [BASE_DIR / "static", ("django_tomselect", TOM_SELECT_DIR)]
STORAGES = {
    "default": file_storage(),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
UPLOAD_MAX_MB = env_int("RENDA_UPLOAD_MAX_MB", 20, minimum=1)  # every uploaded document (core/uploads.py)
# The liaison stations' public channel (码上见代表 / 随手拍, deputies/public_matters/): matters a resident may leave
# per hour, from one address and from one device (cookie); the size of each photo; the days a matter waits for
# its first answer before it is late (reminders and the 按时答复 figure).
PUBLIC_MATTERS_PER_HOUR = env_int("RENDA_PUBLIC_MATTERS_PER_HOUR", 5, minimum=1)
PUBLIC_MATTER_PHOTO_MAX_MB = env_int("RENDA_PUBLIC_MATTER_PHOTO_MAX_MB", 5, minimum=1)
PUBLIC_MATTER_REPLY_DAYS = env_int("RENDA_PUBLIC_MATTER_REPLY_DAYS", 7, minimum=1)

# Security headers. HSTS, secure cookies and the HTTPS redirect follow HTTPS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=300)

# Content Security Policy: no inline script, nothing from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# E-mail (reminders); console output when no server is configured.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on.")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "renda@localhost")
# The address people open the app at, for the links in reminder e-mails.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The demo's "today" (YYYY-MM-DD): `make run` shows the 2023 demo as of a day inside that year, with the
# whole clock moved there (core/demo_clock.py) and 演示日期 on every page. Production never sets it.
DEMO_TODAY = env_date("DEMO_TODAY")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

# Celery: Redis when REDIS_URL is set; otherwise tasks run in process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 600, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 540, minimum=1)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Reminders (core/reminders.py). Days are counted back from each deadline; "7,3,1" means a
# reminder 7, 3 and 1 days before (each once), and one more once the deadline has passed.
REMINDER_KINDS = (
    "materials", "plan_start", "agenda", "suggestion_reply", "suggestion_sign",
    "suggestion_feedback", "opinion_response", "rectification", "digest",
)
REMINDERS = {
    "material_days": env_int_list("REMINDER_MATERIAL_DAYS", [7, 3, 1]),
    "agenda_days": env_int("REMINDER_AGENDA_DAYS", 14, minimum=1),
    "suggestion_days": env_int_list("REMINDER_SUGGESTION_DAYS", [14, 7, 1]),
    "opinion_days": env_int_list("REMINDER_OPINION_DAYS", [14, 7, 1]),
    # Overdue matters are reminded once, if they fell due at most this many days ago (older ones
    # are on the dashboard; a first run on years of history must not flood everyone's inbox).
    "overdue_window_days": env_int("REMINDER_OVERDUE_WINDOW_DAYS", 30, minimum=1),
    "digest_weekday": env_int("REMINDER_DIGEST_WEEKDAY", 1, minimum=1),  # 1 = Monday ... 7 = Sunday
    "digest_ahead_days": env_int("REMINDER_DIGEST_AHEAD_DAYS", 14, minimum=1),
    "off": env_list("REMINDERS_OFF", []),  # kinds switched off, e.g. REMINDERS_OFF=digest,plan_start
    "email_retry_minutes": env_int("REMINDER_EMAIL_RETRY_MINUTES", 5, minimum=1),
    "email_max_attempts": env_int("REMINDER_EMAIL_MAX_ATTEMPTS", 5, minimum=1),
    # A worker killed while sending leaves its claimed e-mail for this long before another sends it.
    "email_lease_seconds": env_int("REMINDER_EMAIL_LEASE_SECONDS", 900, minimum=1),
}
if REMINDERS["digest_weekday"] > 7:
    raise ImproperlyConfigured("REMINDER_DIGEST_WEEKDAY must be 1 (Monday) to 7 (Sunday).")
_unknown_kinds = sorted(set(REMINDERS["off"]) - set(REMINDER_KINDS))
if _unknown_kinds:
    raise ImproperlyConfigured(f"REMINDERS_OFF names unknown kinds {_unknown_kinds}; known: {list(REMINDER_KINDS)}")

# The beat schedule: the daily run at REMINDERS_DAILY_AT (local time), e-mail delivery and retries
# every REMINDER_EMAIL_RETRY_MINUTES. REMINDERS_ENABLED=false leaves beat with nothing to do.
_daily_hour, _daily_minute = env_time("REMINDERS_DAILY_AT", "07:30")
CELERY_BEAT_SCHEDULE = (
    {
        "daily-reminders": {
            "task": "core.tasks.send_reminders",
            "schedule": crontab(hour=_daily_hour, minute=_daily_minute),
        },
        "deliver-reminder-emails": {
            "task": "core.tasks.deliver_emails",
            "schedule": timedelta(minutes=REMINDERS["email_retry_minutes"]),
        },
    }
    if env_bool("REMINDERS_ENABLED", True)
    else {}
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so unauthenticated calls get 401 with a WWW-Authenticate header.
        "core.api.authentication.ConfinedTokenAuthentication",
        "core.api.authentication.ConfinedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.StandardPagination",
    # JSON bodies must be objects (core/api/parsers.py); forms and uploads as DRF's defaults.
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.JSONObjectParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON only, to browsers too: DRF's browsable pages are in English and break the CSP; people read the API
    # on /api/docs/, and a refusal reads {"detail": "<the reason in Chinese>"}.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
FILTERS_EMPTY_CHOICE_LABEL = "全部"

SPECTACULAR_SETTINGS = {
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # core/converters.py: a year in an address (1980 to 2100; others are 404).
    "PATH_CONVERTER_OVERRIDES": {"year": {"type": "integer", "minimum": 1980, "maximum": 2100}},
    "TITLE": "人大常委会工作管理系统接口",
    "DESCRIPTION": (
        "本级人大常委会的年度计划、会议、监督和代表工作数据。\n\n"
        "认证：请求头 `Authorization: Token <密钥>`（令牌由本级系统管理员在“设置 › 接口令牌”发放），"
        "或已登录本系统的浏览器会话。每个令牌只读写本级人大常委会的数据，能做的事与令牌所属用户在页面上相同；"
        "被拒绝时返回 403，`detail` 说明原因。"
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "CommitteeKindEnum": "core.models.organisation.Committee.Kind",
        "ReportingBodyKindEnum": "core.models.organisation.ReportingBody.Kind",
        "MeetingKindEnum": "meetings.models.meetings.MeetingKind",
        "PlanKindEnum": "plans.models.plans.PlanKind",
        "MeetingStatusEnum": "meetings.models.meetings.Meeting.Status",
        "PlanStatusEnum": "plans.models.plans.AnnualPlan.Status",
        "PlanItemStatusEnum": "plans.models.plans.PlanItemStatus",
        "AgendaItemFormEnum": "meetings.models.meetings.AgendaItem.Form",
        "SupervisionFormEnum": "plans.models.plans.SupervisionForm",
        # 满意 / 基本满意 / 不满意: one choice set for evaluation results and opinion assessments.
        "SatisfactionEnum": "supervision.models.evaluations.EvaluationResult",
        # Matters residents leave at the stations (deputies/public_matters/).
        "PublicMatterStatusEnum": "deputies.models.public_matters.PublicMatter.Status",
        "PublicMatterRatingEnum": "deputies.models.public_matters.PublicMatter.Rating",
        "DeclaredActivityKindEnum": "deputies.models.duty.DeclaredActivity.Kind",
    },
    # Document the 400/401/403/404 answers DRF gives on every route (core/api/schema_errors.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema_errors.add_error_responses",
        # Last: Chinese summaries, headings and descriptions for /api/docs/ (core/api/schema_chinese.py).
        "core.api.schema_chinese.chinese_documentation",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
