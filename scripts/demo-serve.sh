#!/usr/bin/env bash
# Serves the demo (called by `make demo`, which sets the demo's environment, HOST, PORT and
# DEMO_EMAIL_LOG): the background worker, whose console email goes to DEMO_EMAIL_LOG instead
# of flooding the terminal, and the development server. Once the server answers, the address
# is printed last, so it stays in view (no autoreload: restart to run changed code). Ctrl+C
# stops both.
set -u
py=${PY:-.venv/bin/python}
host=${HOST:-127.0.0.1}
port=${PORT:-8000}
log=${DEMO_EMAIL_LOG:-var/demo-email.log}
mkdir -p "$(dirname "$log")"

"$py" manage.py db_worker --no-reload --interval 2 >>"$log" 2>&1 &
worker=$!

announce() {
    for _ in $(seq 1 240); do
        if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
            printf '\n  Familieplan runs on http://%s:%s/ (stop with Ctrl+C)\n' "$host" "$port"
            printf '  Demo logins: password "demo" for all (listed above and in README.md).\n'
            printf '  Email the demo sends is written to %s (tail -f %s)\n\n' "$log" "$log"
            return
        fi
        sleep 0.5
    done
}
announce &
announcer=$!

trap 'kill $worker $announcer 2>/dev/null' EXIT INT TERM
"$py" manage.py runserver --noreload "$host:$port"
