# renda: gunicorn serving the Django app; the same image runs migrations, the Celery worker and beat.
# See docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media \
    GUNICORN_CMD_ARGS="--workers 3 --timeout 60 --access-logfile - --error-logfile -"

RUN groupadd --system --gid 10001 renda \
    && useradd --system --uid 10001 --gid renda --home-dir /app --no-create-home --shell /usr/sbin/nologin renda

WORKDIR /app

# Dependencies first, so code changes don't reinstall them. The project itself lists no
# packages (tool.setuptools.packages = []): `pip install .` installs its dependencies, and the
# code runs from /app.
# Versions come from the lock (constraints.txt); INSTALL_EXTRAS=s3 adds the S3 storage backend.
ARG INSTALL_EXTRAS=""
COPY pyproject.toml constraints.txt ./
RUN pip install -c constraints.txt ".${INSTALL_EXTRAS:+[$INSTALL_EXTRAS]}"

COPY . .

# Static files are collected at build time (WhiteNoise serves them with hashed names).
# The SECRET_KEY here is a throwaway used only for this step; the real one comes from .env.
RUN DEBUG=false HTTPS=true SECRET_KEY=build-only-dummy-key-not-used-at-runtime-0123456789abcdef \
        ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.sqlite3 \
        python manage.py collectstatic --noinput -v 0 \
    && rm -f /tmp/build.sqlite3 \
    && mkdir -p /app/media \
    && chown renda:renda /app/media

USER renda

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 CMD ["python", "scripts/healthcheck.py"]
CMD ["gunicorn", "renda.wsgi:application", "--bind", "0.0.0.0:8000"]
