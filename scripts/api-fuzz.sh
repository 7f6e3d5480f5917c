#!/usr/bin/env bash
# Property-based tests of the API (schemathesis) against a served demo site, for a bounded time:
# every operation (Wagtail's and ours) must never answer 5xx; our own routers must conform to the OpenAPI
# document in full (status codes, content types, headers, response schemas, rejecting invalid input).
# Usage: scripts/api-fuzz.sh [SECONDS per pass, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_PASS="${1:-60}"
PORT="${API_FUZZ_PORT:-8765}"
WORK="$(mktemp -d)"
export DJANGO_SETTINGS_MODULE=config.settings.dev DEBUG=0 RATE_LIMITS_ENABLED=0
export DATABASE_URL="sqlite:///$WORK/fuzz.sqlite3" MEDIA_ROOT="$WORK/media"
unset REDIS_URL ELASTICSEARCH_URL
.venv/bin/python manage.py migrate --no-input -v0
.venv/bin/python manage.py load_demo_data --faculties 2 --alumni 120 --admin-password "$(openssl rand -hex 12)" >/dev/null
# No request-line limit: the fuzzer's longest URIs must reach the application, whose answers are under test
# (in production a front server answers 414 to those, outside the API's contract).
.venv/bin/gunicorn config.wsgi --bind "127.0.0.1:$PORT" --workers 2 --log-level warning --limit-request-line 0 \
  --env DJANGO_SETTINGS_MODULE=config.settings.dev &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 30); do curl -fs "http://127.0.0.1:$PORT/api/v3/openapi.json" >/dev/null && break; sleep 1; done
SCHEMA="http://127.0.0.1:$PORT/api/v3/openapi.json"
COMMON=(--max-time "$SECONDS_PER_PASS" --workers 2 --suppress-health-check all --warnings off --max-failures 20)

echo "-- every operation: no server error"
# Wagtail's snippet routes take a {type} whose enum is empty here (no snippet model is exposed through the API),
# so no request can be generated for them: they are left out rather than reported as schema errors.
.venv/bin/schemathesis run "$SCHEMA" "${COMMON[@]}" --checks not_a_server_error \
  --exclude-path-regex '^/api/v3/snippets/\{type\}'


echo "-- our routers (events, alumni, surveys, gala, protocols): full conformance"
# Without the stateful phase: our routers link no operation to another, and that phase's negative cases mutate a
# string query parameter into a one-item array, which a query string carries as the same valid string (q=true),
# then report the 200 as "schema-violating request accepted" (ST201) at random.
.venv/bin/schemathesis run "$SCHEMA" "${COMMON[@]}" --include-path-regex '^/api/v3/(events|alumni|surveys|gala|protocols)/' \
  --phases examples,coverage,fuzzing \
  --checks all --exclude-checks ignored_auth,object_level_authorization,use_after_free,ensure_resource_availability
