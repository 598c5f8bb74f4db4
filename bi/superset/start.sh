#!/bin/sh
# Start of the superset service (its metadata database and role are made by the
# superset-db-init service of docker-compose.yml): schema, the admin from .env,
# roles, the dashboard imported (again: the export in the image is the truth), then the
# official image's server.
set -eu
superset db upgrade
superset fab create-admin \
    --username "$SUPERSET_ADMIN_USERNAME" --password "$SUPERSET_ADMIN_PASSWORD" \
    --firstname Superset --lastname Admin --email "${SUPERSET_ADMIN_EMAIL:-admin@localhost}"
superset init
python /app/notices/bundle.py /tmp/disclosure_obligations.zip
superset import-dashboards --path /tmp/disclosure_obligations.zip \
    --username "$SUPERSET_ADMIN_USERNAME"
exec /app/docker/entrypoints/run-server.sh
