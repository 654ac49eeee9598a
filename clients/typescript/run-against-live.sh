#!/usr/bin/env bash
# Generate the typed client from the committed openapi/openapi.json, compile it, and run the
# partner script and the owner/creative story against a live server started here on 127.0.0.1.
# Without DATABASE_URL the server gets its own database on the embedded PostgreSQL (dropped
# again at the end).
# Needs node >= 18 and npm (the npm registry) plus the project's .venv.
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd ../.. && pwd)
py="$root/.venv/bin/python"
port=${TS_CLIENT_PORT:-$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}

npm ci --no-audit --no-fund --loglevel=error
spec="$root/openapi/openapi.json"
if [ ! -f "$spec" ]; then  # not committed yet: take it from the app itself
  spec=$(mktemp --suffix=.json)
  (cd "$root" && "$py" -m app openapi --output "$spec")
fi
npx openapi-typescript "$spec" --output src/schema.d.ts
npm run --silent build

own_db=""
if [ -z "${DATABASE_URL:-}" ]; then
  own_db=pasar_ts_client
  DATABASE_URL=$(cd "$root" && "$py" -c "
from pathlib import Path
from app.devdb import drop_database, ensure_database, start_embedded_postgres
h = start_embedded_postgres(Path('.data'), stop_on_exit=False)
drop_database(h, '$own_db')
print(ensure_database(h, '$own_db'))")
  export DATABASE_URL
fi

(cd "$root" && SEED_DEMO=true exec "$py" -m app serve --port "$port") &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  if [ -n "$own_db" ]; then
    (cd "$root" && "$py" -c "
from pathlib import Path
from app.devdb import drop_database, start_embedded_postgres
drop_database(start_embedded_postgres(Path('.data'), stop_on_exit=False), '$own_db')")
  fi
}
trap cleanup EXIT

for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.3
done

credentials=$(cd "$root" && "$py" -m app partner create --name "Contoh Partner TS" \
  --redirect-uri https://partner.contoh.id/callback --scopes "gigs:read webhooks:manage")
PASAR_CLIENT_ID=$(echo "$credentials" | "$py" -c 'import json,sys; print(json.load(sys.stdin)["client_id"])')
PASAR_CLIENT_SECRET=$(echo "$credentials" | "$py" -c 'import json,sys; print(json.load(sys.stdin)["client_secret"])')
export PASAR_CLIENT_ID PASAR_CLIENT_SECRET
PASAR_URL="http://127.0.0.1:$port" npm run --silent partner-script
# The owner/creative story on the demo accounts (SEED_DEMO above).
PASAR_URL="http://127.0.0.1:$port" npm run --silent story-script
