#!/usr/bin/env bash
# Run once by the postgres image when it creates the database: the read-only user Grafana queries the scorer's tables
# with (SELECT only, on the tables there now and on those the scorer's migrations create later).
set -euo pipefail
: "${GRAFANA_DB_PASSWORD:?set GRAFANA_DB_PASSWORD in .env (copy .env.example)}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v password="$GRAFANA_DB_PASSWORD" <<'SQL'
CREATE ROLE faith_grafana LOGIN PASSWORD :'password';
GRANT CONNECT ON DATABASE faith TO faith_grafana;
GRANT USAGE ON SCHEMA public TO faith_grafana;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO faith_grafana;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO faith_grafana;
SQL
