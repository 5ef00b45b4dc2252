#!/usr/bin/env bash
# The agent's image data server against imageio's own server (ovirt-imageio 2.5.1, from its source distribution,
# unmodified), side by side in one run: a whole image PUT (flush=y, imageio's default, and flush=n) and GET with curl
# over each server's unix socket, in alternating rounds; then what no server can beat on this machine: curl sending
# into a socket that only reads, and the disk's direct writes and flush of the same image. The agent is the
# distribution's launcher with its JVM options (every default module), its volume a sparse RAW volume of a localfs
# domain; imageio's server writes and reads a file of the same size in the same directory (its file backend). Each
# PUT is checked against the source with cmp (not timed).
# Usage: make bench-imageio-server, or ./bench/imageio-server.sh after 'make build'.
# Knobs (environment): BENCH_VS_SIZE_MIB (1024), BENCH_VS_ROUNDS (3), BENCH_VS_DIR (where the images live; a
# temporary directory by default, removed at the end: it must be on a disk, not in tmpfs), BENCH_LAUNCHER (another
# distribution's bin/hostbridge, e.g. an older build, measured the same way), JAVA_OPTS.
# Raw outputs in bench/target/results/imageio-server-<UTC time>/; a markdown table on stdout.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
SIZE_MIB=${BENCH_VS_SIZE_MIB:-1024}
ROUNDS=${BENCH_VS_ROUNDS:-3}
JVM_OPTS=${JAVA_OPTS:--Xms32m -Xmx256m -XX:+UseSerialGC -Xshare:auto}
IMAGEIO=$("$ROOT/scripts/imageio-client.sh") || die "imageio's source distribution is not available"
BROKER_PORT=54386
require_free_ports "$BROKER_PORT"
bench_workspace imageio-server
DIR=${BENCH_VS_DIR:-$WORK}
mkdir -p "$DIR/domains" "$DIR/imageio/conf.d" "$DIR/run"
PIDS=()
SIZE=$((SIZE_MIB * 1048576))
SRC=$DIR/source.raw
log "a $SIZE_MIB MiB source image of random data"
head -c "$SIZE" /dev/urandom >"$SRC"
sync

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
now() { date +%s.%N; }
uuid() { cat /proc/sys/kernel/random/uuid; }

# --- the agent ----------------------------------------------------------------------------------------------------
API=$DIR/run/api.sock
env HOSTBRIDGE_HOST_STATE_DIR="$DIR/state" HOSTBRIDGE_HOST_RUN_DIR="$DIR/run" HOSTBRIDGE_HTTP_PORT=0 \
    HOSTBRIDGE_BROKER_PORT=$BROKER_PORT HOSTBRIDGE_IMAGEIO_PORT=0 HOSTBRIDGE_CDS_DIR="$DIR/cds" \
    JAVA_OPTS="$JVM_OPTS" "${BENCH_LAUNCHER:-$AGENT}" >"$RESULTS/agent.stdout" 2>"$RESULTS/agent.stderr" &
AGENT_PID=$!
PIDS+=("$AGENT_PID")
deadline=$(($(date +%s) + 60))
until curl -sf -o /dev/null --max-time 1 --unix-socket "$API" http://localhost/api/v1/health; do
    kill -0 "$AGENT_PID" 2>/dev/null || die "the agent exited during start (see $RESULTS/agent.stderr)"
    [ "$(date +%s)" -lt "$deadline" ] || die "the agent did not answer within 60 s"
    sleep 0.2
done
rpc() { curl -sS --fail-with-body --unix-socket "$API" --json "$2" "http://localhost/api/v1/rpc/$1"; }
SD=$(uuid) IMG=$(uuid) VOL=$(uuid)
IDS="\"storagedomainID\":\"$SD\",\"imageID\":\"$IMG\",\"volumeID\":\"$VOL\""
rpc StorageDomain.create "{\"storagedomainID\":\"$SD\",\"domainType\":\"localfs\",\"typeArgs\":\"$DIR/domains\",
    \"name\":\"bench\",\"domainClass\":\"data\"}" >/dev/null
rpc Volume.create "{$IDS,\"size\":$SIZE,\"volFormat\":\"RAW\",\"preallocate\":\"SPARSE\"}" >/dev/null
AGENT_FILE=$DIR/domains/$SD/images/$IMG/$VOL
AGENT_TICKET=$(uuid)
rpc Host.add_image_ticket "{\"ticket\":{\"uuid\":\"$AGENT_TICKET\",\"size\":$SIZE,\"ops\":[\"read\",\"write\"],
    \"timeout\":3600,\"sparse\":true,$IDS}}" >/dev/null
AGENT_SOCKET=$DIR/run/imageio.sock

# --- imageio's server ---------------------------------------------------------------------------------------------
IMAGEIO_SOCKET=$DIR/imageio/data.sock
CONTROL=$DIR/imageio/control.sock
cat >"$DIR/imageio/conf.d/bench.conf" <<EOF
[daemon]
run_dir = $DIR/imageio
drop_privileges = false
systemd_enable = false
[tls]
enable = false
[remote]
host = 127.0.0.1
port = 0
[local]
socket = $IMAGEIO_SOCKET
[control]
transport = unix
socket = $CONTROL
[handlers]
keys = stderr
[logger_root]
level = WARNING
handlers = stderr
EOF
PYTHONPATH=$IMAGEIO /usr/bin/python3 "$IMAGEIO/ovirt-imageio" --conf-dir "$DIR/imageio" \
    >"$RESULTS/imageio.stdout" 2>"$RESULTS/imageio.stderr" &
IMAGEIO_PID=$!
PIDS+=("$IMAGEIO_PID")
deadline=$(($(date +%s) + 30))
until [ -S "$CONTROL" ] && [ -S "$IMAGEIO_SOCKET" ]; do
    kill -0 "$IMAGEIO_PID" 2>/dev/null || die "imageio's server exited during start (see $RESULTS/imageio.stderr)"
    [ "$(date +%s)" -lt "$deadline" ] || die "imageio's server did not start within 30 s"
    sleep 0.2
done
IMAGEIO_FILE=$DIR/imageio/image.raw
truncate -s "$SIZE" "$IMAGEIO_FILE"
IMAGEIO_TICKET=$(uuid)
printf '{"uuid":"%s","size":%d,"url":"file://%s","timeout":3600,"ops":["read","write"],"sparse":true}' \
    "$IMAGEIO_TICKET" "$SIZE" "$IMAGEIO_FILE" |
    curl -sS --fail-with-body --unix-socket "$CONTROL" -X PUT --data-binary @- \
        "http://localhost/tickets/$IMAGEIO_TICKET" >/dev/null || die "imageio's server refused the ticket"

# --- the rounds ---------------------------------------------------------------------------------------------------
declare -A RATES CPUS
# transfer SERVER PUT|PUTN|GET: one whole-image transfer with curl (PUTN: with flush=n, the server does not flush at
# the end); appends MiB/s and the server's CPU seconds
transfer() {
    local server=$1 op=$2 socket ticket file pid a b c0 c1 rate query
    if [ "$server" = agent ]; then socket=$AGENT_SOCKET ticket=$AGENT_TICKET file=$AGENT_FILE pid=$AGENT_PID
    else socket=$IMAGEIO_SOCKET ticket=$IMAGEIO_TICKET file=$IMAGEIO_FILE pid=$IMAGEIO_PID; fi
    sync
    c0=$(cpu_ticks "$pid"); a=$(now)
    if [ "$op" != GET ]; then
        query=; [ "$op" = PUT ] || query="?flush=n"
        curl -sS --fail --unix-socket "$socket" -X PUT --upload-file "$SRC" -o /dev/null \
            "http://localhost/images/$ticket$query" || die "$server: $op failed"
    else
        curl -sS --fail --unix-socket "$socket" -o /dev/null "http://localhost/images/$ticket" \
            || die "$server: GET failed"
    fi
    b=$(now); c1=$(cpu_ticks "$pid")
    if [ "$op" != GET ]; then
        sync
        cmp -s "$SRC" "$file" || die "$server: the image differs from the source after $op"
    fi
    rate=$(awk -v s="$SIZE_MIB" -v a="$a" -v b="$b" 'BEGIN { printf "%.0f", s / (b - a) }')
    RATES[$server-$op]="${RATES[$server-$op]:-} $rate"
    CPUS[$server-$op]="${CPUS[$server-$op]:-} $(awk -v t=$((c1 - c0)) 'BEGIN { printf "%.2f", t / 100 }')"
    echo "$server $op $rate MiB/s" >>"$RESULTS/rounds.txt"
}
log "warm-up: one PUT and one GET each"
for server in agent imageio; do transfer "$server" PUT; transfer "$server" GET; done
RATES=() CPUS=()
for ((r = 1; r <= ROUNDS; r++)); do
    log "round $r of $ROUNDS"
    for op in PUT PUTN GET; do
        if [ $((r % 2)) -eq 1 ]; then order="agent imageio"; else order="imageio agent"; fi
        for server in $order; do transfer "$server" "$op"; done
    done
done

# what no server can beat here: curl sending the image to a socket that only reads (the sender's pace), and the disk
# storing it (written past the page cache in 1 MiB blocks, then flushed, as imageio writes: its durable pace)
log "ceilings: curl into a discarding socket, the disk's direct writes and flush"
SINK=$DIR/run/sink.sock
python3 - "$SINK" <<'PY' &
import os, socket, sys
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1])
s.listen(1)
c, _ = s.accept()
head = b""
while b"\r\n\r\n" not in head:
    more = c.recv(65536)
    if not more:
        sys.exit("the client closed before its request head ended")
    head += more
head, body = head.split(b"\r\n\r\n", 1)
length = int([l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")][0].split(b":")[1])
if b"100-continue" in head.lower():
    c.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
buf, got = memoryview(bytearray(8 << 20)), len(body)
while got < length:
    n = c.recv_into(buf)
    if not n:
        break
    got += n
c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
PY
SINK_PID=$!
until [ -S "$SINK" ]; do sleep 0.1; done
a=$(now)
curl -sS --fail --unix-socket "$SINK" -X PUT --upload-file "$SRC" -o /dev/null http://localhost/sink \
    || die "the sink failed"
b=$(now)
wait "$SINK_PID"
CURL_PACE=$(awk -v s="$SIZE_MIB" -v a="$a" -v b="$b" 'BEGIN { printf "%.0f", s / (b - a) }')
sync
DISK_PACE=$(python3 - "$SRC" "$DIR/disk.raw" <<'PY'
import mmap, os, sys, time
block = 1 << 20
size = os.path.getsize(sys.argv[1])
src, buf = open(sys.argv[1], "rb"), mmap.mmap(-1, block)
fd = os.open(sys.argv[2], os.O_WRONLY | os.O_CREAT | os.O_DIRECT, 0o600)
start = time.time()
for offset in range(0, size, block):
    src.readinto(buf)
    os.pwrite(fd, buf, offset)
os.fdatasync(fd)
print("%.0f" % (size / (1 << 20) / (time.time() - start)))
os.unlink(sys.argv[2])
PY
)

median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
{
    echo "$SIZE_MIB MiB of random data, curl over each server's unix socket, $ROUNDS alternating rounds after a warm-up;"
    echo "$(nproc) vCPUs, load average before the rounds: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +'%Y-%m-%d %H:%M UTC')"
    echo
    echo "| transfer | agent MiB/s (median; rounds) | imageio MiB/s (median; rounds) | agent / imageio | server CPU s per transfer, agent / imageio (median) |"
    echo "|---|---|---|---|---|"
    for op in PUT PUTN GET; do
        am=$(echo "${RATES[agent-$op]}" | median); im=$(echo "${RATES[imageio-$op]}" | median)
        ac=$(echo "${CPUS[agent-$op]}" | median); ic=$(echo "${CPUS[imageio-$op]}" | median)
        label=$op; [ "$op" = PUTN ] && label="PUT, flush=n"
        echo "| $label | $am;${RATES[agent-$op]} | $im;${RATES[imageio-$op]} | $(awk -v a="$am" -v b="$im" 'BEGIN { printf "%.2f", a / b }') | $ac / $ic |"
    done
    echo
    echo "Ceilings on this machine in this run: curl into a socket that only reads, $CURL_PACE MiB/s; the disk, written"
    echo "directly in 1 MiB blocks from the page cache and flushed, $DISK_PACE MiB/s."
} | tee "$RESULTS/summary.md"
