"""Create Superset's metadata database in the deployment's PostgreSQL if it is missing
(the postgres service creates only Airflow's)."""

import os

import sqlalchemy as sa
from sqlalchemy.engine import make_url

url = make_url(os.environ["SUPERSET_METADATA_URI"])
server = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
with server.connect() as con:
    found = con.execute(
        sa.text("select 1 from pg_database where datname = :name"), {"name": url.database}
    ).first()
    if found is None:
        con.execute(sa.text(f'create database "{url.database}"'))
        print(f"created metadata database {url.database}")
