#!/usr/bin/env bash
# Runs the whole system locally, without Docker: a real Kafka broker and Redis (scripts/infra.sh,
# profile "local"), all four services from their packaged jars, three simulated kiosks, and the
# simulated QR third party (qr-simulator, on :8085). Prints what to open and call.
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
start_service command-service "$LOCAL_COMMAND_PORT"
QR_WEBHOOK_SECRETS="$(cat "$WEBHOOK_SECRET_FILE")" nohup java -Xmx96m -jar "$(all_jar qr-simulator)" \
  --port "$LOCAL_QR_SIMULATOR_PORT" --webhook-url "http://127.0.0.1:$LOCAL_AUTH_PORT/api/callbacks/qr-grants" >"$RUN/qr-simulator.log" 2>&1 &
echo $! >"$RUN/qr-simulator.svc.pid"
start_service auth-callback-service "$LOCAL_AUTH_PORT" QR_THIRD_PARTY_URL="http://127.0.0.1:$LOCAL_QR_SIMULATOR_PORT/sim/third-party" \
  QR_WEBHOOK_SECRETS="$(cat "$WEBHOOK_SECRET_FILE")" QR_COOKIE_SECURE=false \
  SMALLRYE_JWT_SIGN_KEY_LOCATION="$KEYS/privateKey.pem"
start_service notify-service "$LOCAL_NOTIFY_PORT" NOTIFY_ALLOWED_ORIGINS="http://localhost:8081,http://localhost:8082,http://localhost:8083,http://localhost:8084,http://127.0.0.1:8084"
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

cat <<INFO

Switchboard is running locally (logs in .run/local/*.log).

  Send a command to a simulated kiosk (answers after 300 ms, fails 10% of the time):
    TOKEN=\$(scripts/token.sh operator alice)
    curl -s -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
         -d '{"method":"dispense","params":{"bag":1}}' http://127.0.0.1:8082/api/devices/kiosk-1/commands
  Connected devices:      curl -s -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:8082/api/devices
  Pages (the #token is kept by the page for this tab and removed from the address bar; valid 12 h):
    Merchant orders, shop s1: http://127.0.0.1:8084/merchant.html#token=$MERCHANT
    Todo board b1:            http://127.0.0.1:8084/board.html#token=$ALICE
                   (as bob:)  http://127.0.0.1:8084/board.html#token=$BOB
    Device console:           http://127.0.0.1:8082/console.html#token=$CONSOLE
    QR login:                 http://127.0.0.1:8083/   (the phone page is the link under the code, on :8085)
  Place an order, then remind the shop as customer c-1:
    curl -s -H "Authorization: Bearer $SERVICE" -H "Content-Type: application/json" http://127.0.0.1:8084/api/events \\
         -d "{\"id\":\"evt-\$RANDOM\$RANDOM\",\"channel\":\"shop:s1\",\"type\":\"order.placed\",\"data\":{\"orderId\":\"o-1\",\"customerId\":\"c-1\",\"total\":12.5,\"currency\":\"EUR\"}}"
    curl -s -X POST -H "Authorization: Bearer \$(scripts/token.sh customer c-1)" http://127.0.0.1:8084/api/orders/o-1/reminders
  Notifications:          ws://127.0.0.1:8084/notifications/ws   (POST events to http://127.0.0.1:8084/api/events)
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
