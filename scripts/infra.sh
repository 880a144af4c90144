#!/usr/bin/env bash
# Starts, stops or reports a real single-node Kafka broker (KRaft, from Maven Central jars) and a real
# Redis server, without Docker.
#   scripts/infra.sh start|stop|status [local|test|bench|fault|scram]     (default: status local)
#   scripts/infra.sh kill-kafka|kill-redis|restart-kafka|restart-redis fault
# status exits non-zero unless both servers listen; a server another checkout started shows as listening.
# Profiles use separate ports (infra/profiles.env) and data so tests never touch a running local system:
#   local: Kafka 127.0.0.1:19092, Redis 127.0.0.1:16379      test: Kafka 127.0.0.1:29092, Redis 127.0.0.1:26379
#   bench: Kafka 127.0.0.1:39092, Redis 127.0.0.1:36379
#   fault: Kafka 127.0.0.1:25092, Redis 127.0.0.1:25379, Redis with AOF (the fault tests, scripts/chaos.sh)
#   scram: Kafka 127.0.0.1:24092, Redis 127.0.0.1:24379 (KafkaAclSystemTest): one SASL_PLAINTEXT listener that
#          requires SCRAM-SHA-512, ACLs enforced (StandardAuthorizer, nothing allowed without an ACL), no topic
#          auto-creation; a user per KafkaUser of deploy/base/kafka/users.yaml with exactly its ACLs (infra/KafkaAccess.java),
#          random passwords in .run/scram/credentials/<user>.jaas (the sasl.jaas.config line), super user admin
#          (admin.properties there), the KRaft controller listener on SASL PLAIN as admin
# Data, logs and pid files live under .run/<profile>/ (every profile but local starts from empty data).
# The fault profile's kill-* commands SIGKILL one server (as a crash would); restart-* start it again on
# the data it left (Kafka's log dirs, Redis' append-only file), without creating topics again.
set -euo pipefail
CMD="${1:-status}"
PROFILE="${2:-local}"
LOG_TAG="infra:$PROFILE"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
profile_ports "$PROFILE" || exit 2
RUN="$ROOT/.run/$PROFILE"
LIB="$ROOT/infra/target/lib"
# the broker's jar, as infra/pom.xml names it (artifactId and version)
KAFKA_JAR="$(sed -n '/<artifactId>kafka_/,/<version>/{s:.*<artifactId>\(.*\)</artifactId>.*:\1:p;s:.*<version>\(.*\)</version>.*:\1:p}' "$ROOT/infra/pom.xml" | paste -sd- -).jar"
# topic:partitions. device.commands is keyed by device id; replies and events by device id too.
TOPICS=(device.commands:6 device.replies:6 device.events:6 auth.qr-events:3 notify.events:6 notify.receipts:3 notify.events.dlq:1 device.commands.dlq:1 device.replies.dlq:1)

alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

fetch_jars() {
  if [[ ! -f "$LIB/$KAFKA_JAR" ]]; then
    log "fetching Kafka broker jars from Maven Central"
    "$ROOT/mvnw" -q -B -f "$ROOT/infra/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory=target/lib -DincludeScope=runtime >&2
  fi
}

redis_binary() {
  if command -v redis-server >/dev/null; then command -v redis-server; return; fi
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    log "installing redis-server with apt-get"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server) >&2 || true
    if command -v redis-server >/dev/null; then command -v redis-server; return; fi
  fi
  local bin="$ROOT/infra/target/redis-server"
  if [[ ! -x "$bin" ]]; then
    log "falling back to the Redis 6.2 binary shipped in com.github.codemonstur:embedded-redis"
    "$ROOT/mvnw" -q -B -f "$ROOT/infra/pom.xml" -Pembedded-redis dependency:copy-dependencies \
      -DoutputDirectory=target/lib -DincludeScope=runtime >&2
    (cd "$ROOT/infra/target" && unzip -o -q lib/embedded-redis-1.4.4.jar redis-server-6.2.6-v5-linux-amd64 \
      && mv redis-server-6.2.6-v5-linux-amd64 redis-server && chmod +x redis-server)
  fi
  echo "$bin"
}

start_redis() { # [keep]: keep the fault profile's data
  if alive "$RUN/redis.pid" && port_open "$REDIS_PORT"; then log "redis already up on $REDIS_PORT"; return; fi
  local bin; bin="$(redis_binary)"
  local persistence=(--save "" --appendonly no)
  if [[ "$PROFILE" == fault ]]; then
    # AOF as in production (deploy/base/redis): a restart after kill -9 reloads every acknowledged write
    persistence=(--save "" --appendonly yes --appendfsync everysec)
    if [[ "${1:-}" != keep ]]; then rm -rf "$RUN/redis"; fi
  fi
  mkdir -p "$RUN/redis"
  # no keyspace notifications: no service subscribes to them
  nohup "$bin" --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$RUN/redis" "${persistence[@]}" \
    --daemonize no --logfile "$RUN/redis.log" --maxclients 10000 >/dev/null 2>&1 &
  echo $! >"$RUN/redis.pid"
  wait_port "$REDIS_PORT" 20 redis || { log "see $RUN/redis.log"; return 1; }
  log "redis up on 127.0.0.1:$REDIS_PORT"
}

start_kafka() { # [keep]: start on the data a killed broker left, topics included
  if alive "$RUN/kafka.pid" && port_open "$KAFKA_PORT"; then log "kafka already up on $KAFKA_PORT"; return; fi
  fetch_jars
  mkdir -p "$RUN"
  if [[ "$PROFILE" != local && "${1:-}" != keep ]]; then rm -rf "$RUN/kafka-data"; fi
  local heap=(-Xms256m -Xmx768m)
  if [[ "$PROFILE" == fault || "$PROFILE" == scram ]]; then heap=(-Xms128m -Xmx384m -XX:TieredStopAtLevel=1); fi
  local scram=()
  if [[ "$PROFILE" == scram && ! -f "$RUN/kafka-data/meta.properties" ]]; then
    # fresh passwords for admin and every KafkaUser; their SCRAM credentials go into the metadata log at format time
    rm -rf "$RUN/credentials"
    mapfile -t scram < <(java -cp "$LIB/*" "$ROOT/infra/KafkaAccess.java" credentials \
      "$ROOT/deploy/base/kafka/users.yaml" "$RUN/credentials")
  fi
  if [[ "$PROFILE" == scram ]]; then
    local pw; pw="$(cat "$RUN/credentials/admin.password")"
    cat >"$RUN/server.properties" <<PROPS
listeners=SASL_PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=SASL_PLAINTEXT://127.0.0.1:$KAFKA_PORT
listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT
inter.broker.listener.name=SASL_PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$pw";
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$pw" user_admin="$pw";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:admin
auto.create.topics.enable=false
PROPS
  else
    cat >"$RUN/server.properties" <<PROPS
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
auto.create.topics.enable=true
PROPS
  fi
  cat >>"$RUN/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$CONTROLLER_PORT
controller.listener.names=CONTROLLER
log.dirs=$RUN/kafka-data
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=24
PROPS
  if [[ "$PROFILE" == fault ]]; then
    # a broker killed with -9 may register again only once its old session expired (default 9 s):
    # a shorter session brings a restarted broker back in about 5 s instead of 15
    printf 'broker.session.timeout.ms=4000\nbroker.heartbeat.interval.ms=500\n' >>"$RUN/server.properties"
  fi
  if [[ ! -f "$RUN/kafka-data/meta.properties" ]]; then
    local cid; cid="$(java -cp "$LIB/*" kafka.tools.StorageTool random-uuid)"
    local add_scram=()
    for c in "${scram[@]}"; do add_scram+=(--add-scram "$c"); done
    java -cp "$LIB/*" kafka.tools.StorageTool format -t "$cid" -c "$RUN/server.properties" --standalone \
      "${add_scram[@]}" >/dev/null
  fi
  nohup java "${heap[@]}" -XX:+UseParallelGC -Dkafka.logs.dir="$RUN" \
    -Dlog4j2.configurationFile="$ROOT/infra/log4j2.properties" \
    -cp "$LIB/*" kafka.Kafka "$RUN/server.properties" >"$RUN/kafka.out" 2>&1 &
  echo $! >"$RUN/kafka.pid"
  wait_port "$KAFKA_PORT" 60 kafka || { log "see $RUN/kafka.out and $RUN/broker.log"; return 1; }
  if [[ "${1:-}" != keep ]]; then
    local client=()
    if [[ "$PROFILE" == scram ]]; then client=(--config "$RUN/credentials/admin.properties"); fi
    java -cp "$LIB/*" "$ROOT/infra/CreateTopics.java" "127.0.0.1:$KAFKA_PORT" "${client[@]}" "${TOPICS[@]}" >&2
    if [[ "$PROFILE" == scram ]]; then
      java -cp "$LIB/*" "$ROOT/infra/KafkaAccess.java" acls "127.0.0.1:$KAFKA_PORT" "$RUN/credentials/admin.properties" \
        "$ROOT/deploy/base/kafka/users.yaml" >&2
    fi
  fi
  log "kafka up on 127.0.0.1:$KAFKA_PORT"
}

kill_one() { # name: SIGKILL, as a crash would; returns once the process is gone
  local pidf="$RUN/$1.pid"
  if alive "$pidf"; then
    local pid; pid="$(cat "$pidf")"; kill -9 "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    log "$1 killed (SIGKILL)"
  fi
  rm -f "$pidf"
}

fault_only() {
  if [[ "$PROFILE" != fault ]]; then echo "$CMD: only for the fault profile" >&2; exit 2; fi
}

stop_one() { # name
  local pidf="$RUN/$1.pid"
  if alive "$pidf"; then
    local pid; pid="$(cat "$pidf")"; kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    log "$1 stopped"
  fi
  rm -f "$pidf"
}

case "$CMD" in
  start) mkdir -p "$RUN"
         # the fault and scram profiles always start from empty data (scram: with the KafkaUsers as they are now):
         # stop what an earlier run left running
         if [[ "$PROFILE" == fault || "$PROFILE" == scram ]]; then kill_one kafka; kill_one redis; fi
         start_redis; start_kafka
         echo "KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT QUARKUS_REDIS_HOSTS=redis://127.0.0.1:$REDIS_PORT" ;;
  stop) stop_one kafka; stop_one redis ;;
  kill-kafka) fault_only; kill_one kafka ;;
  kill-redis) fault_only; kill_one redis ;;
  restart-kafka) fault_only; kill_one kafka; start_kafka keep ;;
  restart-redis) fault_only; kill_one redis; start_redis keep ;;
  status) up=0
          for s in kafka:"$KAFKA_PORT" redis:"$REDIS_PORT"; do
            name="${s%%:*}" port="${s#*:}"
            if alive "$RUN/$name.pid"; then echo "$name: up on $port (pid $(cat "$RUN/$name.pid"))"
            elif port_open "$port"; then echo "$name: listening on $port (not started from this checkout)"
            else echo "$name: down ($port)"; up=1; fi
          done
          exit "$up" ;;
  -h|--help) sed -n '2,18p' "$0" ;;
  *) sed -n '4,5p' "$0" >&2; exit 2 ;;
esac
