#!/usr/bin/env bash
# Image transfer benchmark (docs/benchmarks.md, "Image transfers"): oVirt's imageio client uploads and downloads
# a raw image (half data, half holes) through the agent's data server, over TCP and over the unix socket, with 1
# and 4 connections; dd of the same file on the same file system with the same block size is the physical
# baseline; the agent's RSS is sampled throughout. Not part of 'make test'. Run 'make bench-imageio', or
# './bench/imageio.sh' after 'make build'. Knobs: BENCH_IMAGEIO_SIZE_MIB (2048), BENCH_IMAGEIO_ROUNDS (2),
# BENCH_IMAGEIO_DIR (work directory, on the file system to measure; default bench/target/imageio), JAVA_OPTS.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SIZE_MIB=${BENCH_IMAGEIO_SIZE_MIB:-2048}
ROUNDS=${BENCH_IMAGEIO_ROUNDS:-2}
WORK=${BENCH_IMAGEIO_DIR:-$ROOT/bench/target/imageio}
JVM_OPTS=${JAVA_OPTS:--Xms32m -Xmx256m -XX:+UseSerialGC -Xshare:auto}
BLOCK=4M # imageio's client buffer size, and dd's block size
VERSION=$(sed -n 's|^  <version>\(.*\)</version>$|\1|p' "$ROOT/pom.xml" | head -n 1)
BENCH_JAR=$ROOT/bench/target/hostbridge-bench-$VERSION.jar

log() { echo "bench-imageio: $*" >&2; }
die() { log "error: $*"; exit 1; }

command -v qemu-nbd >/dev/null || die "qemu-nbd is required (qemu-utils)"
[ -f "$BENCH_JAR" ] || die "no $BENCH_JAR: run 'make build' (or mvn -pl bench -am package -DskipTests)"
IMAGEIO=$("$ROOT/scripts/imageio-client.sh") || die "imageio's client is not available"

rm -rf "$WORK"
mkdir -p "$WORK/domains" "$WORK/results"
RESULTS=$WORK/results
SRC=$WORK/source.raw
DST=$WORK/downloaded.raw
DD_TARGET=$WORK/dd-target.raw # beside the domain, on the same file system
SD=$(cat /proc/sys/kernel/random/uuid)
IMG=$(cat /proc/sys/kernel/random/uuid)
VOLUME_ID=$(cat /proc/sys/kernel/random/uuid)
VOL=$WORK/domains/$SD/images/$IMG/$VOLUME_ID # made by the agent: StorageDomain.create, Volume.create

log "making a $SIZE_MIB MiB source image: 8 MiB of random data, 8 MiB of hole, in turn"
truncate -s "${SIZE_MIB}M" "$SRC"
for ((i = 0; i < SIZE_MIB / 16; i++)); do
    dd if=/dev/urandom of="$SRC" bs=8M count=1 seek=$((2 * i)) conv=notrunc status=none
done
sync

now() { date +%s.%N; }
mibps() { awk -v s="$SIZE_MIB" -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", s / (b - a) }'; }
rss_kib() { awk '/VmRSS/ { print $2 }' "/proc/$1/status"; }

AGENT_PID=""
SAMPLER_PID=""
start_agent() { # $1 = true|false: unix socket
    local dir=$WORK/agent-$1
    mkdir -p "$dir"
    HOSTBRIDGE_HTTP_PORT=0 HOSTBRIDGE_HTTP_INSECURE=true HOSTBRIDGE_IMAGEIO_PORT=0 HOSTBRIDGE_IMAGEIO_TLS=false \
        HOSTBRIDGE_AMQP_ENABLED=false HOSTBRIDGE_XMLRPC_ENABLED=false \
        HOSTBRIDGE_IMAGEIO_UNIX_SOCKET=$1 HOSTBRIDGE_HOST_STATE_DIR=$WORK/agent-state HOSTBRIDGE_HOST_RUN_DIR=$dir/run \
        java $JVM_OPTS -cp "$BENCH_JAR:$ROOT/bench/target/lib/*" io.hostbridge.bench.ImageioBenchAgent \
        >"$dir/out" 2>"$dir/log" &
    AGENT_PID=$!
    for _ in $(seq 300); do
        grep -q '^ready' "$dir/out" 2>/dev/null && break
        sleep 0.1
    done
    grep -q '^ready' "$dir/out" || die "agent did not start: $(cat "$dir/log")"
    REST=$(sed -n 's/^ready rest=\([0-9]*\).*/\1/p' "$dir/out")
    TCP=$(sed -n 's/.* tcp=\([0-9]*\).*/\1/p' "$dir/out")
    # both agents share one state dir: the second finds the domain the first made
    [ -d "$WORK/domains/$SD" ] || rpc StorageDomain.create "{\"storagedomainID\":\"$SD\",\"domainType\":\"localfs\",
        \"typeArgs\":\"$WORK/domains\",\"name\":\"bench\",\"domainClass\":\"data\"}" >/dev/null
    sleep 2
    IDLE_RSS=$(rss_kib "$AGENT_PID")
    (while kill -0 "$AGENT_PID" 2>/dev/null; do rss_kib "$AGENT_PID"; sleep 0.2; done) >"$RESULTS/rss-$1" 2>/dev/null &
    SAMPLER_PID=$!
}
stop_agent() {
    kill "$AGENT_PID" 2>/dev/null || true
    wait "$AGENT_PID" 2>/dev/null || true
    wait "$SAMPLER_PID" 2>/dev/null || true
}
trap 'stop_agent' EXIT

rpc() { # $1 verb, $2 JSON params
    curl -sS --fail-with-body -H 'Content-Type: application/json' -d "$2" "http://127.0.0.1:$REST/api/v1/rpc/$1"
}
ticket() { # $1 = ops JSON array; prints the ticket id
    local id
    id=$(cat /proc/sys/kernel/random/uuid)
    curl -sS --fail-with-body -H 'Content-Type: application/json' \
        -d "{\"ticket\":{\"uuid\":\"$id\",\"size\":$((SIZE_MIB * 1048576)),\"ops\":$1,\"timeout\":600,\"sparse\":true,
             \"storagedomainID\":\"$SD\",\"imageID\":\"$IMG\",\"volumeID\":\"$VOLUME_ID\"}}" \
        "http://127.0.0.1:$REST/api/v1/rpc/Host.add_image_ticket" >/dev/null
    echo "$id"
}
remove_ticket() {
    curl -sS --fail-with-body -H 'Content-Type: application/json' -d "{\"uuid\":\"$1\"}" \
        "http://127.0.0.1:$REST/api/v1/rpc/Host.remove_image_ticket" >/dev/null
}
client() { # python code with sys.argv
    PYTHONPATH=$IMAGEIO /usr/bin/python3 -c "import sys; from ovirt_imageio import client; $1" "${@:2}"
}
VOLUME_IDS="\"storagedomainID\":\"$SD\",\"imageID\":\"$IMG\",\"volumeID\":\"$VOLUME_ID\""
fresh_volume() { # an empty sparse RAW volume, made again through the agent
    [ -f "$VOL" ] && rpc Volume.delete "{$VOLUME_IDS}" >/dev/null
    rpc Volume.create "{$VOLUME_IDS,\"size\":$((SIZE_MIB * 1048576)),\"volFormat\":\"RAW\",\"preallocate\":\"SPARSE\"}" >/dev/null
}

declare -A RATE IDLE PEAK
transfer() { # $1 up|down, $2 transport, $3 connections; prints MiB/s
    local t a b url to
    if [ "$1" = up ]; then fresh_volume; t=$(ticket '["read","write"]'); else rm -f "$DST"; t=$(ticket '["read"]'); fi
    url="http://127.0.0.1:$TCP/images/$t"
    a=$(now)
    if [ "$1" = up ]; then
        client "client.upload(sys.argv[1], sys.argv[2], None, secure=False, max_workers=int(sys.argv[3]))" \
            "$SRC" "$url" "$3"
        to=$VOL
    else
        client "client.download(sys.argv[1], sys.argv[2], None, fmt='raw', secure=False, max_workers=int(sys.argv[3]))" \
            "$url" "$DST" "$3"
        to=$DST
    fi
    b=$(now)
    remove_ticket "$t"
    cmp -s "$SRC" "$to" || die "$1 over $2 with $3 connections: the bytes differ from the source"
    mibps "$a" "$b"
}
best() { # keeps the best of the rounds
    local best=0 r
    for ((k = 0; k < ROUNDS; k++)); do
        r=$("$@")
        [ "$r" -gt "$best" ] && best=$r
    done
    echo "$best"
}

log "dd baselines (bs=$BLOCK, conv=sparse,fsync)"
ddrate() {
    local a b
    a=$(now)
    dd if="$1" of="$2" bs=$BLOCK conv=sparse,fsync status=none
    b=$(now)
    mibps "$a" "$b"
}
dd_up() { rm -f "$DD_TARGET"; ddrate "$SRC" "$DD_TARGET"; }
dd_down() { rm -f "$DST"; ddrate "$DD_TARGET" "$DST"; }
DD_UP=$(best dd_up)
DD_DOWN=$(best dd_down)

for unix in true false; do
    transport=$([ "$unix" = true ] && echo unix || echo tcp)
    log "agent with unix socket $unix"
    start_agent "$unix"
    IDLE[$unix]=$IDLE_RSS
    log "warm-up"
    transfer up "$transport" 4 >/dev/null
    transfer down "$transport" 4 >/dev/null
    for workers in 1 4; do
        log "$transport, $workers connection(s)"
        RATE[up-$transport-$workers]=$(best transfer up "$transport" "$workers")
        RATE[down-$transport-$workers]=$(best transfer down "$transport" "$workers")
    done
    stop_agent
    PEAK[$unix]=$(sort -n "$RESULTS/rss-$unix" | tail -n 1)
done

pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100 * a / b }'; }
echo "| transfer | transport | connections | MiB/s | of dd |"
echo "|---|---|---|---|---|"
for dir in up down; do
    for transport in unix tcp; do
        for workers in 1 4; do
            r=${RATE[$dir-$transport-$workers]}
            base=$([ "$dir" = up ] && echo "$DD_UP" || echo "$DD_DOWN")
            echo "| $([ "$dir" = up ] && echo upload || echo download) | $transport | $workers | $r | $(pct "$r" "$base") |"
        done
    done
done
echo
echo "dd: write $DD_UP MiB/s (upload baseline), read+write $DD_DOWN MiB/s (download baseline); image $SIZE_MIB MiB"
for unix in true false; do
    echo "agent RSS (unix socket $unix): idle $((IDLE[$unix] / 1024)) MiB, peak $((PEAK[$unix] / 1024)) MiB," \
        "+$(((PEAK[$unix] - IDLE[$unix]) / 1024)) MiB"
done
