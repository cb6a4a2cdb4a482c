#!/usr/bin/env bash
# Run a command against a real redis-server: install Debian's package if it is
# missing, start it on a free 127.0.0.1 port with no persistence, export
# REDIS_URL for the command, and stop the server afterwards, whatever happens.
set -euo pipefail

if ! command -v redis-server >/dev/null 2>&1; then
  echo "with_redis_server: installing Debian's redis-server" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
fi

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
DIR=$(mktemp -d)
redis-server --bind 127.0.0.1 --port "$PORT" --save "" --appendonly no --dir "$DIR" \
  --daemonize yes --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log"
cleanup() {
  redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || kill "$(cat "$DIR/redis.pid" 2>/dev/null)" 2>/dev/null || true
  rm -rf "$DIR"
}
trap cleanup EXIT

for _ in $(seq 1 50); do
  redis-cli -p "$PORT" ping >/dev/null 2>&1 && break
  sleep 0.1
done
echo "with_redis_server: $(redis-server --version | cut -d' ' -f1-3) on 127.0.0.1:$PORT" >&2
export REDIS_URL="redis://127.0.0.1:$PORT/0"
"$@"
