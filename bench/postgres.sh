# Sourced by the bench scripts: a throwaway PostgreSQL cluster on loopback, and stopping it and the app.
#   start_postgres NAME PORT [SETTING ...]  creates $work (/tmp/cms-NAME-XXXX) and starts a server there;
#                                          each SETTING is a server setting such as shared_buffers=1GB
#   stop_app; stop_postgres                 for the EXIT trap: stop the app ($app) and the server, remove $work
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
app=""
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_postgres() {
  local name=$1 port=$2 settings setting
  shift 2
  work=$(mktemp -d "/tmp/cms-$name-XXXX")
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$work"; fi
  settings="-p $port -k $work -c listen_addresses=127.0.0.1"
  for setting in "$@"; do settings="$settings -c $setting"; done
  as_pg "$pg_bin/initdb" -D "$work/data" -U postgres -A trust -E UTF8 --no-locale >/dev/null
  as_pg "$pg_bin/pg_ctl" -D "$work/data" -l "$work/pg.log" -o "$settings" -w start >/dev/null
}

stop_app() { if [ -n "$app" ]; then kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; app=""; fi; }

stop_postgres() {
  if [ -n "${work:-}" ]; then
    as_pg "$pg_bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$work"
  fi
}
