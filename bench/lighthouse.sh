#!/usr/bin/env bash
# Lighthouse 12.2.3 (installed under bench/node_modules, never globally) with Debian's chromium,
# against the demo article and condition pages served the production way: debug off, hashed
# static files from WhiteNoise, gunicorn. Prints the four category scores of each page, mobile and desktop.
#
#   bash bench/lighthouse.sh            # results in bench/results/lighthouse-*.json
#   LIGHTHOUSE_PORT=8004 LIGHTHOUSE_DATABASE_URL=postgres://... bash bench/lighthouse.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY="$ROOT/.venv/bin/python"
PORT="${LIGHTHOUSE_PORT:-8004}"
RESULTS="$ROOT/bench/results"
PAGES=(/articles/what-is-naltrexone-used-for/ /conditions/fibromyalgia/)

export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
export DJANGO_DEBUG=0
# The benchmark settings, plus /media/ served by the site so the demo pictures load (bench/lighthouse_settings.py).
export DJANGO_SETTINGS_MODULE=bench.lighthouse_settings
export DJANGO_SECRET_KEY="lighthouse-only-secret-key-3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f"
export DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost"
export DJANGO_SECURE_SSL_REDIRECT=0
export DATABASE_URL="${LIGHTHOUSE_DATABASE_URL:-sqlite:///$ROOT/var/lighthouse.sqlite3}"
export DJANGO_LOG_LEVEL=WARNING
# No SMTP server here: the workflow mail load_demo triggers is built, then dropped.
export DJANGO_EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend

command -v "$CHROME_PATH" >/dev/null || { echo "chromium not found at $CHROME_PATH (apt-get install chromium)" >&2; exit 1; }
if [ ! -x bench/node_modules/.bin/lighthouse ]; then
  npm ci --prefix bench --no-audit --no-fund --silent
fi

mkdir -p "$RESULTS" var
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py load_demo --force >/dev/null
"$PY" manage.py collectstatic --noinput -v0

if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
  echo "Something already answers on port $PORT; stop it or set LIGHTHOUSE_PORT." >&2
  exit 1
fi
"$ROOT/.venv/bin/gunicorn" recovery_site.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 \
  --log-level warning &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  curl -fs "http://127.0.0.1:$PORT/healthz/" >/dev/null && break
  sleep 0.2
done
kill -0 "$SERVER" 2>/dev/null || { echo "gunicorn did not start on port $PORT" >&2; exit 1; }

printf '%-45s %-8s %12s %14s %15s %6s\n' page device performance accessibility best-practices seo
for path in "${PAGES[@]}"; do
  for device in mobile desktop; do
    name=$(echo "$path" | tr -c 'a-z0-9\n' '-' | sed 's/^-*//; s/-*$//')
    out="$RESULTS/lighthouse-$name-$device.json"
    preset=()
    [ "$device" = desktop ] && preset=(--preset=desktop)
    bench/node_modules/.bin/lighthouse "http://127.0.0.1:$PORT$path" --quiet "${preset[@]}" \
      --only-categories=performance,accessibility,best-practices,seo \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage" \
      --output=json --output-path="$out"
    "$PY" - "$out" "$path" "$device" <<'EOF'
import json
import sys

report = json.load(open(sys.argv[1]))
scores = [round(report["categories"][key]["score"] * 100) for key in ("performance", "accessibility", "best-practices", "seo")]
print(f"{sys.argv[2]:<45} {sys.argv[3]:<8} {scores[0]:>12} {scores[1]:>14} {scores[2]:>15} {scores[3]:>6}")
EOF
  done
done
