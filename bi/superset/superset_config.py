"""Superset configuration of the docker-compose `superset` service (profile `bi`).

Secrets and the metadata database come from the environment the compose file passes
(only these variables, from .env): nothing is baked into the image.
"""

import os

SECRET_KEY = os.environ["SUPERSET_SECRET_KEY"]
# metadata (users, dashboards) in the deployment's PostgreSQL, its own database
SQLALCHEMY_DATABASE_URI = os.environ["SUPERSET_METADATA_URI"]
# the analytics database is reporting.duckdb, opened read-only (see the export's
# databases/reporting.yaml); nobody adds a writable one from the UI
PREVENT_UNSAFE_DB_CONNECTIONS = True
FEATURE_FLAGS = {"DASHBOARD_RBAC": True}
BABEL_DEFAULT_LOCALE = "zh"
LANGUAGES = {"zh": {"flag": "cn", "name": "简体中文"}, "en": {"flag": "us", "name": "English"}}
