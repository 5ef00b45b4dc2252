#!/usr/bin/env bash
# Data stream benchmark (docs/benchmarks.md, "Data streams"): one agent, one dense image (random data, no holes, so
# every byte crosses), moved into and out of a volume by
#   imageio    the image data server over its unix socket, with curl (PUT the file, GET it back): the baseline
#   ws-raw     Volume.upload / Volume.download over a WebSocket on the API's unix socket, with bench's RawWsClient
#              (RFC 6455 on a plain socket channel, masking 8 bytes at a time: a client that costs what curl costs)
#   ws-raw-tcp the same on the agent's loopback HTTP port (not in the default ways)
#   ws         the same on the loopback HTTP port with the JDK's own WebSocket client (bench's StreamWsClient)
#   ws-py      the same on the unix socket with Python's websockets, as docs/rest.md's client
#              (bench/stream_ws.py; Debian's websockets masks uploads in pure Python, so it measures the client)
#   amqp       the same verbs over AMQPS through the embedded broker, with the Python (Proton) client written from
#              docs/amqp.md that AmqpStreamsTest runs (tests/src/test/resources/amqp/streams.py), paced as the docs
#              advise (4 data packets unsettled, data at priority 1), Host.ping2 every 10 ms on the same connection
#   amqp-java  the same with Qpid JMS (bench's AmqpStreamClient, 8 packets unconfirmed)
# a warm-up round of every way first (not counted), then each way ROUNDS times in turn, every copy checked with cmp.
# The Java clients make CLIENT_TRANSFERS transfers each way in one JVM: the last counts (a warm client, as a
# long-running manager has), the first is reported as their cold figure. The summary (bench/streams_summary.py)
# gives each way's mean throughput and its ratios to the baseline: of the means, and the median and range of the
# round-by-round ratios, and the agent's CPU time (its embedded broker's included) per GiB carried, up and down
# together, round by round. Then 4 uploads of the image at once on ONE AMQP connection with Host.ping2 every 10 ms on
# it, and the pings' p50/p99/max. Not part of 'make test'. Run 'make bench-streams', or './bench/streams.sh' after
# 'make build'. Knobs: BENCH_STREAMS_SIZE_MIB (1024), BENCH_STREAMS_ROUNDS (5), BENCH_STREAMS_CLIENT_TRANSFERS (2),
# BENCH_STREAMS_WAYS (imageio, the baseline, first), BENCH_STREAMS_PARALLEL (yes: the 4 uploads with pings),
# BENCH_STREAMS_AMQP_PARAMS (the Python client's pacing), BENCH_STREAMS_AMQP_CLAIM (yes: both AMQP clients claim
# their broker user on their messages, docs/amqp.md; no: they claim none, and the broker stamps each message),
# BENCH_STREAMS_PORT (58080; the broker uses the next one), BENCH_LAUNCHER (another distribution's bin/hostbridge),
# JAVA_OPTS.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
SIZE_MIB=${BENCH_STREAMS_SIZE_MIB:-1024}
ROUNDS=${BENCH_STREAMS_ROUNDS:-5}
CLIENT_TRANSFERS=${BENCH_STREAMS_CLIENT_TRANSFERS:-2}
AMQP_CLAIM=${BENCH_STREAMS_AMQP_CLAIM:-yes}
HTTP_PORT=${BENCH_STREAMS_PORT:-58080}
JVM_OPTS=${JAVA_OPTS:-}
PY=/usr/bin/python3
AGENT=${BENCH_LAUNCHER:-$AGENT}

command -v curl >/dev/null || die "curl is required"
$PY -c 'import websockets' 2>/dev/null || die "python3-websockets is required"
BROKER_PORT=$((HTTP_PORT + 1))
require_free_ports "$HTTP_PORT" "$BROKER_PORT"
$PY -c 'import proton' 2>/dev/null || die "python3-qpid-proton is required"
bench_workspace streams
PIDS=""
{
    echo "date: $(date -u +%FT%TZ)"; echo "host: $(uname -srm), $(nproc) cpus"; echo "java: $(java -version 2>&1 | head -n 1)"
    echo "image: $SIZE_MIB MiB dense; rounds: $ROUNDS"
} >"$RESULTS/machine.txt"

# the image lives on the same file system as the domain, as do the downloads
DATA=$ROOT/bench/target/streams-data
rm -rf "$DATA"
mkdir -p "$DATA/domains"
SRC=$DATA/source.raw
log "making a $SIZE_MIB MiB dense source image"
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom >"$SRC"

mkdir -p "$WORK/state" "$WORK/run"
export HOSTBRIDGE_HOST_STATE_DIR=$WORK/state HOSTBRIDGE_HOST_RUN_DIR=$WORK/run HOSTBRIDGE_BROKER_PORT=$BROKER_PORT
HOSTBRIDGE_HTTP_PORT=$HTTP_PORT HOSTBRIDGE_HTTP_INSECURE=true HOSTBRIDGE_IMAGEIO_PORT=0 HOSTBRIDGE_IMAGEIO_TLS=false \
    HOSTBRIDGE_BROKER_INSECURE_PORT=$((HTTP_PORT + 2)) JAVA_OPTS=$JVM_OPTS \
    "$AGENT" >"$WORK/stdout" 2>"$RESULTS/agent.log" &
AGENT_PID=$!
PIDS="$AGENT_PID"
API=$WORK/run/api.sock
IMAGEIO_SOCK=$WORK/run/imageio.sock
for _ in $(seq 1 1500); do
    curl -sf -o /dev/null --max-time 1 --unix-socket "$API" http://localhost/api/v1/health && break
    kill -0 "$AGENT_PID" 2>/dev/null || die "the agent exited during start (see $RESULTS/agent.log)"
    sleep 0.02
done
log "agent up (pid $AGENT_PID)"
HOST_ID=$(sed -n 's/.*(host id \([0-9a-f-]*\);.*/\1/p' "$WORK/stdout" | head -n 1)
[ -n "$HOST_ID" ] || die "no host id in the agent's banner"
"$AGENT" cert issue --name manager --access write --out "$WORK/manager" >/dev/null 2>"$RESULTS/cert.log" \
    || die "cert issue failed (see $RESULTS/cert.log)"
[ -f "$WORK/manager/ca.pem" ] || cp "$WORK/state/pki/ca.pem" "$WORK/manager/ca.pem"

rpc() { # VERB JSON
    curl -sS --fail-with-body --unix-socket "$API" -H 'Content-Type: application/json' -d "$2" \
        "http://localhost/api/v1/rpc/$1"
}
uuid() { cat /proc/sys/kernel/random/uuid; }
SD=$(uuid)
rpc StorageDomain.create "{\"storagedomainID\":\"$SD\",\"domainType\":\"localfs\",\"typeArgs\":\"$DATA/domains\",
    \"name\":\"bench\",\"domainClass\":\"data\"}" >/dev/null
new_volume() { # -> "IMG VOL"
    local img vol
    img=$(uuid); vol=$(uuid)
    rpc Volume.create "{\"volumeID\":\"$vol\",\"storagedomainID\":\"$SD\",\"imageID\":\"$img\",
        \"size\":$((SIZE_MIB * 1024 * 1024)),\"volFormat\":\"RAW\",\"preallocate\":\"SPARSE\"}" >/dev/null
    echo "$img $vol"
}
now() { date +%s.%N; }
# before each timed transfer: the last one's dirty pages written back, so no transfer pays for the one before it
quiet() { sync; }
mibps() { awk -v s="$SIZE_MIB" -v t="$1" 'BEGIN { printf "%.0f", s / t }'; }
check() { cmp -s "$SRC" "$1" || die "$2: the copy differs from the source"; rm -f "$1"; }

imageio_round() { # -> "up_seconds down_seconds"
    local ids img vol ticket t0 t1 t2 t3
    ids=$(new_volume); img=${ids% *}; vol=${ids#* }
    ticket=$(uuid)
    rpc Host.add_image_ticket "{\"ticket\":{\"uuid\":\"$ticket\",\"size\":$((SIZE_MIB * 1024 * 1024)),
        \"ops\":[\"read\",\"write\"],\"timeout\":3600,\"storagedomainID\":\"$SD\",\"imageID\":\"$img\",
        \"volumeID\":\"$vol\"}}" >/dev/null
    quiet
    t0=$(now)
    curl -sS --fail --unix-socket "$IMAGEIO_SOCK" -X PUT --upload-file "$SRC" "http://localhost/images/$ticket" \
        -o /dev/null
    t1=$(now)
    quiet
    t2=$(now)
    curl -sS --fail --unix-socket "$IMAGEIO_SOCK" -o "$DATA/imageio.raw" "http://localhost/images/$ticket"
    t3=$(now)
    rpc Host.remove_image_ticket "{\"uuid\":\"$ticket\"}" >/dev/null
    check "$DATA/imageio.raw" imageio
    echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }') $(awk -v a="$t2" -v b="$t3" 'BEGIN { print b - a }')"
}

java_round() { # CLIENT ARGS... (where the client connects) -> "up down up_cold down_cold" (seconds)
    # CLIENT_TRANSFERS transfers each way in one client JVM: the last is the figure (a warm client, as a manager's),
    # the first is its cold start's
    local client=$1 ids img vol up down
    shift
    ids=$(new_volume); img=${ids% *}; vol=${ids#* }
    quiet
    up=$(java -Dbench.transfers="$CLIENT_TRANSFERS" -Dbench.amqpCertificate="$CLAIM_CERT" -cp "$BENCH_CP" \
        "io.hostbridge.bench.$client" "$@" upload "$SD" "$img" "$vol" "$SRC") || die "$client upload failed"
    quiet
    down=$(java -Dbench.transfers="$CLIENT_TRANSFERS" -Dbench.amqpCertificate="$CLAIM_CERT" -cp "$BENCH_CP" \
        "io.hostbridge.bench.$client" "$@" download "$SD" "$img" "$vol" "$DATA/$client.raw") \
        || die "$client download failed"
    check "$DATA/$client.raw" "$client"
    echo "$(echo "$up" | tail -n 1) $(echo "$down" | tail -n 1) $(echo "$up" | head -n 1) $(echo "$down" | head -n 1)"
}

py_round() { # CLIENT -> "up_seconds down_seconds"
    local client=$1 ids img vol up down
    shift
    ids=$(new_volume); img=${ids% *}; vol=${ids#* }
    quiet
    up=$($PY "$ROOT/bench/$client" "$@" upload "$SD" "$img" "$vol" "$SRC") || die "$client upload failed"
    quiet
    down=$($PY "$ROOT/bench/$client" "$@" download "$SD" "$img" "$vol" "$DATA/$client.raw") \
        || die "$client download failed"
    check "$DATA/$client.raw" "$client"
    echo "$up $down"
}

# amqp_job JOB_JSON -> the client's report lines (one per stream, then the pings')
amqp_job() {
    $PY "$ROOT/tests/src/test/resources/amqp/streams.py" "amqps://localhost:$BROKER_PORT" "$HOST_ID" "$WORK/manager" \
        manager "$1" || die "the AMQP client failed: $1"
}
amqp_params=${BENCH_STREAMS_AMQP_PARAMS:-'"pingInterval": 0.01, "pingsInFlight": 8, "window": 4, "credit": 4, "dataPriority": 1, "timeout": 900'}
[ "$AMQP_CLAIM" = no ] || amqp_params="$amqp_params, \"claim\": true"
volume_json() { echo "{\"storagedomainID\": \"$SD\", \"imageID\": \"$1\", \"volumeID\": \"$2\"}"; }
amqp_round() { # -> "up_seconds down_seconds"
    local ids img vol out up down
    ids=$(new_volume); img=${ids% *}; vol=${ids#* }
    quiet
    out=$(amqp_job "{\"uploads\": [{\"file\": \"$SRC\", \"volume\": $(volume_json "$img" "$vol")}], $amqp_params}")
    echo "$out" | grep -q '"status": *"ok"' || die "AMQP upload: $out"
    up=$(echo "$out" | $PY -c 'import json,sys; print([j for j in map(json.loads, sys.stdin) if j["kind"] != "pings"][0]["seconds"])')
    quiet
    out=$(amqp_job "{\"downloads\": [{\"file\": \"$DATA/amqp.raw\", \"volume\": $(volume_json "$img" "$vol"),
        \"own_reply_address\": true}], $amqp_params}")
    echo "$out" | grep -q '"status": *"ok"' || die "AMQP download: $out"
    down=$(echo "$out" | $PY -c 'import json,sys; print([j for j in map(json.loads, sys.stdin) if j["kind"] != "pings"][0]["seconds"])')
    check "$DATA/amqp.raw" amqp
    echo "$up $down"
}

# the Java AMQP client's key and trust stores, from the same certificate as the Python client's
openssl pkcs12 -export -in "$WORK/manager/manager.pem" -inkey "$WORK/manager/manager-key.pem" \
    -out "$WORK/manager/manager.p12" -passout pass:benchpw 2>>"$RESULTS/cert.log" || die "openssl pkcs12 failed"
keytool -importcert -noprompt -alias ca -file "$WORK/manager/ca.pem" -keystore "$WORK/manager/trust.p12" \
    -storetype PKCS12 -storepass benchpw >>"$RESULTS/cert.log" 2>&1 || die "keytool failed"
JMS_URL="amqps://localhost:$BROKER_PORT?transport.keyStoreLocation=$WORK/manager/manager.p12"
JMS_URL="$JMS_URL&transport.keyStorePassword=benchpw&transport.keyStoreType=PKCS12"
JMS_URL="$JMS_URL&transport.trustStoreLocation=$WORK/manager/trust.p12&transport.trustStorePassword=benchpw"
JMS_URL="$JMS_URL&transport.trustStoreType=PKCS12&amqp.saslMechanisms=EXTERNAL&jms.prefetchPolicy.queuePrefetch=16"
CLAIM_CERT=""
[ "$AMQP_CLAIM" = no ] || CLAIM_CERT=$WORK/manager/manager.pem

WAYS=${BENCH_STREAMS_WAYS:-"imageio ws-raw ws ws-py amqp amqp-java"}
one_way() { # WAY -> "up_seconds down_seconds" (and the Java clients' cold figures)
    case $1 in
        imageio) imageio_round ;;
        ws) java_round StreamWsClient "$HTTP_PORT" ;;
        ws-raw) java_round RawWsClient "$API" ;;
        ws-raw-tcp) java_round RawWsClient "$HTTP_PORT" ;;
        ws-py) py_round stream_ws.py "$API" ;;
        amqp) amqp_round ;;
        amqp-java) java_round AmqpStreamClient "$JMS_URL" "$HOST_ID" ;;
        *) die "unknown way: $1" ;;
    esac
}
# the agent's CPU time (its embedded broker's included) in clock ticks
agent_ticks() { awk '{ print $14 + $15 }' "/proc/$AGENT_PID/stat"; }
TICKS_PER_S=$(getconf CLK_TCK)
transfers_of() { # WAY -> transfers each way per round
    case $1 in
        ws|ws-raw|ws-raw-tcp|amqp-java) echo "$CLIENT_TRANSFERS" ;;
        *) echo 1 ;;
    esac
}
: >"$RESULTS/rounds.txt"
: >"$RESULTS/cpu.txt"
log "warm-up round (each way once, not counted)"
for way in $WAYS; do
    one_way "$way" >/dev/null
done
for r in $(seq 1 "$ROUNDS"); do
    for way in $WAYS; do
        c0=$(agent_ticks)
        t=$(one_way "$way")
        c1=$(agent_ticks)
        echo "$way $r $t" >>"$RESULTS/rounds.txt"
        # per GiB carried, up and down together
        awk -v w="$way" -v c="$((c1 - c0))" -v hz="$TICKS_PER_S" -v n="$(transfers_of "$way")" -v s="$SIZE_MIB" \
            'BEGIN { printf "%s %.3f\n", w, c / hz / (2 * n * s / 1024) }' >>"$RESULTS/cpu.txt"
        log "round $r $way: up $(mibps "$(echo "$t" | cut -d' ' -f1)") MiB/s, down $(mibps "$(echo "$t" | cut -d' ' -f2)") MiB/s"
    done
done
if [ "${BENCH_STREAMS_PARALLEL:-yes}" = yes ]; then
log "4 uploads at once over AMQP with Host.ping2 every 10 ms on the same connection"
uploads=""
for i in 1 2 3 4; do
    ids=$(new_volume)
    uploads="$uploads${uploads:+, }{\"file\": \"$SRC\", \"volume\": $(volume_json "${ids% *}" "${ids#* }")}"
done
quiet
t0=$(now)
amqp_job "{\"uploads\": [$uploads], $amqp_params}" >"$RESULTS/parallel.txt"
t1=$(now)
[ "$(grep -c '"status": *"ok"' "$RESULTS/parallel.txt")" = 4 ] || die "parallel uploads: $(cat "$RESULTS/parallel.txt")"
$PY -c 'import json, sys
p = [j for j in map(json.loads, open(sys.argv[1])) if j["kind"] == "pings"][0]
print("pings during 4 parallel uploads (%s MiB in %.1f s): %d calls, p50 %.1f ms, p99 %.1f ms, max %.1f ms, failed %d"
      % (sys.argv[2], float(sys.argv[3]), p["count"], p["p50"], p["p99"], p["max"], p["failed"]))' \
    "$RESULTS/parallel.txt" "$((4 * SIZE_MIB))" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" >"$RESULTS/pings.txt"
else
    : >"$RESULTS/pings.txt"
fi

{
    $PY "$ROOT/bench/streams_summary.py" "$RESULTS/rounds.txt" "$SIZE_MIB" $WAYS
    awk '{ sum[$1] += $2; n[$1]++; if (!($1 in lo) || $2 < lo[$1]) lo[$1] = $2; if ($2 > hi[$1]) hi[$1] = $2 }
         END { for (w in sum) printf "agent CPU (embedded broker included) per GiB carried, %s: %.2f s (%.2f-%.2f)\n",
                   w, sum[w] / n[w], lo[w], hi[w] }' "$RESULTS/cpu.txt" | sort
    cat "$RESULTS/pings.txt"
} | tee "$RESULTS/summary.txt"
rm -rf "$DATA"
log "results in $RESULTS"
