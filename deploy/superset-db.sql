-- Superset's own role and metadata database (run by the superset-db-init service of
-- docker-compose.yml as the PostgreSQL superuser; idempotent). Superset never gets
-- Airflow's role, and no role but its owner may connect to Airflow's database, so a SQL
-- Lab user cannot reach Airflow's tables through Superset's connection.
select format('create role %I login password %L', :'role', :'pw')
where not exists (select from pg_roles where rolname = :'role') \gexec
select format('alter role %I login password %L', :'role', :'pw') \gexec
select format('create database %I owner %I', :'db', :'role')
where not exists (select from pg_database where datname = :'db') \gexec
select format('revoke connect on database %I from public', :'airflow_db') \gexec
select format('revoke connect on database %I from public', 'postgres') \gexec
select format('revoke connect on database %I from public', :'db') \gexec
select format('grant connect on database %I to %I', :'db', :'role') \gexec
