#!/usr/bin/env bash
# Runs the whole system locally, without Docker: a real Kafka broker and Redis (scripts/infra.sh,
# profile "local"), all four services from their packaged jars, three simulated kiosks, and the
# simulated QR third party (qr-simulator, on :8085). Prints what to call and one start page
# (http://127.0.0.1:8084/start) that links every page, already signed in: the tokens are in the links of that
# page (.run/local/start-page.json, read by notify-service through notify.start-page.links-file), not printed.
#   scripts/run-local.sh            build, start everything, stay in the foreground (Ctrl-C stops all)
#   scripts/run-local.sh --detach   the same, but return once everything is up (stop with --stop)
#   scripts/run-local.sh --stop     stop what a detached run started
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RUN="$ROOT/.run/local"
KEYS="$ROOT/.run/keys"
mkdir -p "$RUN"
cd "$ROOT"

stop_all() {
  for f in "$RUN"/*.svc.pid; do
    [[ -f "$f" ]] || continue
    kill "$(cat "$f")" 2>/dev/null || true
    rm -f "$f"
  done
  "$ROOT/scripts/infra.sh" stop local || true
}
if [[ "${1:-}" == "--stop" ]]; then stop_all; exit 0; fi

for port in "$LOCAL_GATEWAY_PORT" "$LOCAL_COMMAND_PORT" "$LOCAL_AUTH_PORT" "$LOCAL_NOTIFY_PORT" "$LOCAL_QR_SIMULATOR_PORT"; do
  if port_open "$port"; then
    echo "port $port is in use by another process; stop it (or a detached run: scripts/run-local.sh --stop) first" >&2
    exit 1
  fi
done

echo "== building (./mvnw package -DskipTests)"
"$ROOT/mvnw" -B -q -ntp package -DskipTests
[[ -f "$KEYS/publicKey.pem" ]] || java "$ROOT/infra/GenerateKeys.java" "$KEYS"
"$ROOT/scripts/infra.sh" start local >/dev/null

# whsec_ secret shared by the simulated third party and the webhook (local only)
WEBHOOK_SECRET_FILE="$RUN/webhook-secret"
[[ -f "$WEBHOOK_SECRET_FILE" ]] || echo "whsec_$(head -c 24 /dev/urandom | base64)" >"$WEBHOOK_SECRET_FILE"
export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$LOCAL_KAFKA_PORT
export QUARKUS_REDIS_HOSTS=redis://127.0.0.1:$LOCAL_REDIS_PORT
export MP_JWT_VERIFY_PUBLICKEY_LOCATION="$KEYS/publicKey.pem"
export MP_JWT_VERIFY_ISSUER=https://switchboard.local/issuer

start_service() { # module port [ENV=value ...]
  local module=$1 port=$2; shift 2
  local pidf="$RUN/$module.svc.pid"
  if [[ -f "$pidf" ]] && kill -0 "$(cat "$pidf")" 2>/dev/null; then kill "$(cat "$pidf")"; sleep 1; fi
  env QUARKUS_HTTP_PORT="$port" "$@" nohup java -Xmx384m -jar "$(quarkus_jar "$module")" \
    >"$RUN/$module.log" 2>&1 &
  echo $! >"$pidf"
}
wait_ready() { # name port
  for _ in $(seq 1 300); do
    if curl -fs "http://127.0.0.1:$2/q/health/ready" >/dev/null 2>&1; then echo "   $1 ready on :$2"; return; fi
    sleep 0.2
  done
  echo "   $1 not ready after 60 s; see $RUN/$1.log" >&2; exit 1
}

echo "== starting services"
start_service device-gateway "$LOCAL_GATEWAY_PORT"
# the console (console.html) subscribes to ops:devices and ops:jobs on notify-service (GET /console/config)
start_service command-service "$LOCAL_COMMAND_PORT" COMMANDS_CONSOLE_NOTIFY_URL="ws://127.0.0.1:$LOCAL_NOTIFY_PORT/notifications/ws"
QR_WEBHOOK_SECRETS="$(cat "$WEBHOOK_SECRET_FILE")" nohup java -Xmx96m -jar "$(all_jar qr-simulator)" \
  --port "$LOCAL_QR_SIMULATOR_PORT" --webhook-url "http://127.0.0.1:$LOCAL_AUTH_PORT/api/callbacks/qr-grants" >"$RUN/qr-simulator.log" 2>&1 &
echo $! >"$RUN/qr-simulator.svc.pid"
start_service auth-callback-service "$LOCAL_AUTH_PORT" QR_THIRD_PARTY_URL="http://127.0.0.1:$LOCAL_QR_SIMULATOR_PORT/sim/third-party" \
  QR_WEBHOOK_SECRETS="$(cat "$WEBHOOK_SECRET_FILE")" QR_COOKIE_SECURE=false \
  SMALLRYE_JWT_SIGN_KEY_LOCATION="$KEYS/privateKey.pem"
START_LINKS="$RUN/start-page.json"
echo '[]' >"$START_LINKS" # filled once the devices are up; read by notify-service on every GET /start
start_service notify-service "$LOCAL_NOTIFY_PORT" NOTIFY_START_PAGE_LINKS_FILE="$START_LINKS" NOTIFY_ALLOWED_ORIGINS="http://localhost:8081,http://localhost:8082,http://localhost:8083,http://localhost:8084,http://127.0.0.1:8084,http://127.0.0.1:$LOCAL_COMMAND_PORT"
wait_ready device-gateway "$LOCAL_GATEWAY_PORT"
wait_ready command-service "$LOCAL_COMMAND_PORT"
wait_ready auth-callback-service "$LOCAL_AUTH_PORT"
wait_ready notify-service "$LOCAL_NOTIFY_PORT"

echo "== starting 3 simulated kiosks (kiosk-1..3)"
SIM_PID="$RUN/device-simulator.svc.pid"
nohup java -Xmx128m -jar "$(all_jar device-simulator)" \
  --url "ws://127.0.0.1:$LOCAL_GATEWAY_PORT/devices/ws" --devices 3 --prefix kiosk- --delay-ms 300 --failure-rate 0.1 \
  --key "$KEYS/privateKey.pem" >"$RUN/device-simulator.log" 2>&1 &
echo $! >"$SIM_PID"

OPERATOR=$("$ROOT/scripts/token.sh" operator alice)
for _ in $(seq 1 50); do
  [[ "$(curl -fs -H "Authorization: Bearer $OPERATOR" http://127.0.0.1:8082/api/devices | grep -o kiosk- | wc -l)" -ge 3 ]] && break
  sleep 0.2
done

TTL=ttl=43200
MERCHANT=$("$ROOT/scripts/token.sh" merchant m1 shop=s1 $TTL); SERVICE=$("$ROOT/scripts/token.sh" service orders $TTL)
ALICE=$("$ROOT/scripts/token.sh" staff alice boards=b1 $TTL); BOB=$("$ROOT/scripts/token.sh" staff bob boards=b1 $TTL)
CONSOLE=$("$ROOT/scripts/token.sh" operator alice $TTL)
N=$LOCAL_NOTIFY_PORT
cat >"$START_LINKS.tmp" <<LINKS
[
  {"title": "Merchant orders, shop s1", "url": "http://127.0.0.1:$N/merchant.html#token=$MERCHANT", "note": "merchant m1: orders and reminders pop up and are read aloud"},
  {"title": "Todo board b1, as alice", "url": "http://127.0.0.1:$N/board.html#token=$ALICE", "note": "staff alice; open bob's beside it to see changes live"},
  {"title": "Todo board b1, as bob", "url": "http://127.0.0.1:$N/board.html#token=$BOB", "note": "staff bob"},
  {"title": "Device console", "url": "http://127.0.0.1:$LOCAL_COMMAND_PORT/console.html#token=$CONSOLE", "note": "operator alice: kiosk-1..3 live, send a command, start a job"},
  {"title": "QR login", "url": "http://127.0.0.1:$LOCAL_AUTH_PORT/", "note": "anyone; the phone page (qr-simulator, :$LOCAL_QR_SIMULATOR_PORT) is the link under the code"},
  {"title": "API of each service (OpenAPI)", "url": "http://127.0.0.1:$LOCAL_COMMAND_PORT/q/openapi", "note": "also :$LOCAL_GATEWAY_PORT, :$LOCAL_AUTH_PORT, :$N; health on /q/health/ready, metrics on /q/metrics"}
]
LINKS
mv "$START_LINKS.tmp" "$START_LINKS"
printf '%s\n' "$SERVICE" >"$RUN/service-token" # for the order example below (valid 12 h)

cat <<INFO

Switchboard is running locally (logs in .run/local/*.log).

  Start page, every page already signed in (tokens valid 12 h):  http://127.0.0.1:$N/start

  Send a command to a simulated kiosk (answers after 300 ms, fails 10% of the time):
    TOKEN=\$(scripts/token.sh operator alice)
    curl -s -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
         -d '{"method":"dispense","params":{"bag":1}}' http://127.0.0.1:8082/api/devices/kiosk-1/commands
  Connected devices:      curl -s -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:8082/api/devices
  Place an order for shop s1 (it pops up on the merchant page), then remind the shop as customer c-1:
    curl -s -H "Authorization: Bearer \$(cat .run/local/service-token)" -H "Content-Type: application/json" http://127.0.0.1:$N/api/events \\
         -d "{\\"id\\":\\"evt-\$RANDOM\$RANDOM\\",\\"channel\\":\\"shop:s1\\",\\"type\\":\\"order.placed\\",\\"data\\":{\\"orderId\\":\\"o-1\\",\\"customerId\\":\\"c-1\\",\\"total\\":12.5,\\"currency\\":\\"EUR\\"}}"
    curl -s -X POST -H "Authorization: Bearer \$(scripts/token.sh customer c-1)" http://127.0.0.1:$N/api/orders/o-1/reminders
  Health / metrics / API: http://127.0.0.1:808{1..4}/q/health/ready  /q/metrics  /q/openapi
  Kafka 127.0.0.1:$LOCAL_KAFKA_PORT, Redis 127.0.0.1:$LOCAL_REDIS_PORT
INFO

if [[ "${1:-}" == "--detach" ]]; then
  echo "Detached. Stop with: scripts/run-local.sh --stop"
  exit 0
fi
trap 'echo; echo "stopping"; stop_all' INT TERM EXIT
echo "Ctrl-C stops everything."
while true; do sleep 3600; done
