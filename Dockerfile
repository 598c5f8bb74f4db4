# The project's Airflow image: the official image of the locked Airflow version, plus the
# project's dependencies exactly as uv.lock pins them, plus the project itself.
# Build: docker compose build   (or: docker build -t notices-airflow .)
ARG AIRFLOW_VERSION=3.3.2
ARG PYTHON_VERSION=3.11
FROM apache/airflow:${AIRFLOW_VERSION}-python${PYTHON_VERSION}

# LibreOffice (headless, no GUI) converts .doc/.wps attachments to .docx for the Word
# reader; CJK fonts so that it lays Chinese text out as the author did.
# bsdtar (libarchive-tools) opens RAR and 7z attachments (extract/sources/archives.py).
USER root
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libreoffice-writer-nogui libreoffice-calc-nogui fonts-wqy-zenhei fonts-arphic-uming \
      libarchive-tools \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/*
USER airflow

# uv, pinned, from its official image (the version the repo was locked with).
COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /usr/local/bin/uv

ENV NOTICES_SRC=/opt/notices \
    NOTICES_HOME=/opt/notices-data/warehouse \
    UV_NO_CACHE=1 \
    UV_LINK_MODE=copy
WORKDIR ${NOTICES_SRC}

# Dependencies first (their own layer, rebuilt only when the lock changes): the runtime
# packages of uv.lock plus its `deploy` extra (PostgreSQL drivers, the celery, fab and
# postgres providers docker-compose.yml runs), without the dev group, as a requirements
# file for the image's Python environment (the one Airflow runs in, so tasks can import them).
COPY --chown=airflow:0 pyproject.toml uv.lock README.md ./
RUN uv export --frozen --no-dev --extra deploy --no-emit-project --no-hashes --output-file /tmp/requirements.txt \
 && uv pip install --python "$(command -v python)" --requirement /tmp/requirements.txt \
 && rm /tmp/requirements.txt

# The project itself, editable so that its code finds sources.yml, dbt_project/ and
# samples/ beside it in /opt/notices (the DAGs call its step functions).
COPY --chown=airflow:0 . ./
RUN uv pip install --python "$(command -v python)" --no-deps --editable . \
 && python -c "import pipeline.runs, extract, warehouse, expectations" \
 && python -c "from extract.ocr.engine import check_models; check_models()" \
 && mkdir -p "${NOTICES_HOME}"

ENV AIRFLOW__CORE__DAGS_FOLDER=${NOTICES_SRC}/dags \
    NOTICES_DBT_PROJECT_DIR=${NOTICES_SRC}/dbt_project
