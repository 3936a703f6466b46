#!/bin/sh
# Creates Cairn's Kafka topics and their dead-letter companions. Idempotent:
# an existing topic is left as it is (partitions are never changed here,
# because adding partitions moves keys and breaks per-user ordering).
#
# Used by docker-compose (service `kafka-topics`) and by the Kubernetes Job
# `cairn-kafka-topics`. Runs inside the apache/kafka image.
#
#   BOOTSTRAP_SERVERS   host:port[,host:port]   (required)
#   REPLICATION_FACTOR  default 1; use 3 on a production cluster
#   KAFKA_BIN           default /opt/kafka/bin
#   COMMAND_CONFIG      a client properties file for a secured cluster
#                       (security.protocol, sasl.mechanism, sasl.jaas.config,
#                       ssl.truststore.*); used when the file exists
#
# The topic table below is checked against libs/contracts/src/topics.ts by
# deploy/tests/drift.spec.ts: change both together.
set -eu

: "${BOOTSTRAP_SERVERS:?BOOTSTRAP_SERVERS must be set (host:port list)}"
RF="${REPLICATION_FACTOR:-1}"
BIN="${KAFKA_BIN:-/opt/kafka/bin}"
if [ "$RF" -ge 3 ]; then MIN_ISR=2; else MIN_ISR=1; fi
# Dead-letter topics keep messages for 14 days so they can be inspected and replayed.
DLQ_RETENTION_MS=1209600000

topics() {
  if [ -n "${COMMAND_CONFIG:-}" ] && [ -f "$COMMAND_CONFIG" ]; then
    "$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP_SERVERS" --command-config "$COMMAND_CONFIG" "$@"
  else
    "$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP_SERVERS" "$@"
  fi
}

attempt=0
until topics --list >/dev/null 2>&1; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 30 ]; then
    echo "kafka-topics: broker at $BOOTSTRAP_SERVERS not reachable after $attempt attempts" >&2
    exit 1
  fi
  sleep 2
done

# create TOPIC PARTITIONS [extra kafka-topics.sh arguments]
create() {
  name="$1"; partitions="$2"; shift 2
  topics --create --if-not-exists --topic "$name" --partitions "$partitions" \
    --replication-factor "$RF" --config "min.insync.replicas=$MIN_ISR" "$@"
  actual="$(topics --describe --topic "$name" | sed -n 's/.*PartitionCount: *\([0-9][0-9]*\).*/\1/p' | head -n 1)"
  if [ "$actual" != "$partitions" ]; then
    echo "kafka-topics: WARNING $name has $actual partitions, expected $partitions (left unchanged)" >&2
  else
    echo "kafka-topics: $name ready ($partitions partitions, replication $RF)"
  fi
}

create cairn.events.v1 12
create cairn.catalog-events.v1 3
create cairn.segment-membership.v1 12
create cairn.message-requests.v1 12
create cairn.message-outcomes.v1 6
create cairn.identity-links.v1 6
create cairn.user-erasures.v1 12

create cairn.events.v1.dlq 1 --config "retention.ms=$DLQ_RETENTION_MS"
create cairn.catalog-events.v1.dlq 1 --config "retention.ms=$DLQ_RETENTION_MS"
create cairn.segment-membership.v1.dlq 1 --config "retention.ms=$DLQ_RETENTION_MS"
create cairn.message-requests.v1.dlq 1 --config "retention.ms=$DLQ_RETENTION_MS"
create cairn.message-outcomes.v1.dlq 1 --config "retention.ms=$DLQ_RETENTION_MS"
create cairn.identity-links.v1.dlq 1 --config "retention.ms=$DLQ_RETENTION_MS"
create cairn.user-erasures.v1.dlq 1 --config "retention.ms=$DLQ_RETENTION_MS"

echo "kafka-topics: done"
