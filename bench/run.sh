#!/usr/bin/env bash
# Benchmarks of the agent, all in one run (docs/benchmarks.md explains them and records results):
#   1. start-to-ready: the banner's "ready in N ms" and launch -> first 200 from /api/v1/health;
#   2. idle: RSS and CPU of an agent left alone for a minute;
#   3. REST: Host.ping2 under wrk (32 connections, loopback) against the agent and against a bare
#      Grizzly handler returning the same bytes (io.hostbridge.bench.BareGrizzly), alternately.
# Not part of 'make test'. Run with 'make bench', or './bench/run.sh' after 'make build'.
# Raw outputs go to bench/target/results/<UTC time>/; a markdown summary is printed to stdout.
# Knobs (environment; the defaults are what docs/benchmarks.md records): BENCH_AGENT_PORT,
# BENCH_BARE_PORT, BENCH_STARTS, BENCH_IDLE_SECONDS, BENCH_WARMUP_SECONDS, BENCH_DURATION, BENCH_ROUNDS,
# BENCH_CONNECTIONS, BENCH_THREADS, BENCH_LAUNCHER, JAVA_OPTS.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
AGENT_PORT=${BENCH_AGENT_PORT:-54391}
BARE_PORT=${BENCH_BARE_PORT:-54392}
STARTS=${BENCH_STARTS:-5}
IDLE_SECONDS=${BENCH_IDLE_SECONDS:-60}
# Warm-up per server, run as 10 s slices whose throughput is reported: under this load the agent's
# JIT needs some 40-50 s to reach a steady rate (the bare handler some 10-20 s), so a shorter warm-up
# would measure compilation, not the bridge (docs/benchmarks.md shows the curve).
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-60}
DURATION=${BENCH_DURATION:-30s}
ROUNDS=${BENCH_ROUNDS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
WORKERS=32 # the agent's default http.workerThreads; the baseline gets the same pool
# The launcher's default JVM options (packaging: bin/hostbridge). Both servers get the same ones.
JVM_OPTS=${JAVA_OPTS:--Xms32m -Xmx256m -XX:+UseSerialGC -Xshare:auto}
START_DEADLINE_S=30
PING2=/api/v1/rpc/Host.ping2

log() { echo "bench: $*" >&2; }
# Another build or test run on the machine skews every figure: note any seen at each phase.
OTHERS=""
note_others() {
    local n
    n=$(pgrep -f 'maven|surefire' | wc -l)
    [ "$n" -eq 0 ] || OTHERS="$OTHERS $1: $n maven/surefire processes, load $(cut -d' ' -f1 /proc/loadavg);"
}
die() { log "error: $*"; exit 1; }

# --- prerequisites --------------------------------------------------------------------------------
VERSION=$(sed -n 's|^  <version>\(.*\)</version>$|\1|p' "$ROOT/pom.xml" | head -n 1)
DIST=$ROOT/packaging/target/hostbridge-$VERSION/hostbridge-$VERSION
# BENCH_LAUNCHER: another distribution's bin/hostbridge (an older build, measured the same way)
AGENT=${BENCH_LAUNCHER:-$DIST/bin/hostbridge}
BENCH_JAR=$ROOT/bench/target/hostbridge-bench-$VERSION.jar

command -v curl >/dev/null || die "curl is required"
if ! command -v wrk >/dev/null; then
    log "installing wrk"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get install -y wrk >/dev/null || { $sudo apt-get update >/dev/null && $sudo apt-get install -y wrk >/dev/null; }
fi
[ -x "$AGENT" ] || die "no agent distribution at $DIST: run 'make build' first"
if [ ! -f "$BENCH_JAR" ]; then
    log "building the bench module"
    (cd "$ROOT" && mvn -q -B -pl bench -am -DskipTests install)
fi

# A port that answers belongs to someone else: measuring it would be wrong, and quietly so.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$AGENT_PORT" "$BARE_PORT"; do
    if port_busy "$port"; then die "port $port is in use"; fi
done

RESULTS=$ROOT/bench/target/results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$RESULTS/logs"
WORK=$(mktemp -d)
PIDS=""
cleanup() {
    local status=$?
    for p in $PIDS; do kill -TERM "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [ "$status" -ne 0 ]; then # keep what the servers said, for the post-mortem
        for f in "$WORK"/*/stderr; do [ -f "$f" ] && cp "$f" "$RESULTS/logs/agent-$(basename "$(dirname "$f")").log"; done
        [ -f "$WORK/bare.stderr" ] && cp "$WORK/bare.stderr" "$RESULTS/logs/bare.log"
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- process helpers ------------------------------------------------------------------------------
now_ns() { date +%s%N; }
# kill -0 is not enough: an exited child may stay a zombie until reaped (and vanish at any moment).
alive() {
    local state
    state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
    [ -n "$state" ] && [ "$state" != Z ]
}
# utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat)
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
rss_mib() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
hwm_mib() { awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
TICKS=$(getconf CLK_TCK)

forget() { PIDS=$(echo "$PIDS" | tr ' ' '\n' | grep -vx "$1" | tr '\n' ' ' || true); }

# The helpers below set globals instead of printing: a command substitution would run them in a
# subshell, where 'die' would not end the script and 'wait' could not reap the child.

# Sends SIGTERM and waits (up to 10 s, then SIGKILL); sets STOP_MS.
stop() {
    local pid=$1 t0 i
    t0=$(now_ns)
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 500); do alive "$pid" || break; sleep 0.02; done
    if alive "$pid"; then log "warning: pid $pid ignored SIGTERM for 10 s; killing it"; kill -KILL "$pid" || true; fi
    wait "$pid" 2>/dev/null || true
    forget "$pid"
    STOP_MS=$(( ($(now_ns) - t0) / 1000000 ))
}

# Starts the agent with a fresh state dir under $WORK/$1; sets PID and T0 (launch time, ns).
start_agent() {
    local dir=$WORK/$1
    mkdir -p "$dir/state" "$dir/run"
    T0=$(now_ns)
    HOSTBRIDGE_HTTP_PORT=$AGENT_PORT HOSTBRIDGE_HTTP_INSECURE=true HOSTBRIDGE_HOST_STATE_DIR=$dir/state HOSTBRIDGE_HOST_RUN_DIR=$dir/run \
        JAVA_OPTS=$JVM_OPTS "$AGENT" >"$dir/stdout" 2>"$dir/stderr" &
    PID=$!
    PIDS="$PIDS $PID"
}

# Polls /api/v1/health every 20 ms until it answers 200; sets HEALTHY_MS (since T0).
wait_healthy() {
    local name=$1 deadline=$(( T0 + START_DEADLINE_S * 1000000000 ))
    until curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$AGENT_PORT/api/v1/health"; do
        alive "$PID" || { cat "$WORK/$name/stderr" >&2; die "agent $name exited during start"; }
        [ "$(now_ns)" -lt "$deadline" ] || { cat "$WORK/$name/stderr" >&2; die "agent $name not healthy after ${START_DEADLINE_S} s"; }
        sleep 0.02
    done
    HEALTHY_MS=$(( ($(now_ns) - T0) / 1000000 ))
}

# The banner's "ready in N ms" (sets BANNER_MS); it may follow the first healthy answer by a moment.
banner_ms() {
    local name=$1 i ms
    for i in $(seq 1 250); do
        ms=$(sed -n 's/^hostbridge .* ready in \([0-9]*\) ms.*/\1/p' "$WORK/$name/stdout")
        [ -z "$ms" ] || { BANNER_MS=$ms; return; }
        sleep 0.02
    done
    die "agent $name printed no 'ready in N ms' banner"
}

check_ping2() {
    local body
    body=$(curl -sf -X POST -H 'Content-Type: application/json' -d '{}' "http://127.0.0.1:$1$PING2") \
        || die "POST $PING2 on port $1 failed"
    [ "$body" = true ] || die "POST $PING2 on port $1 answered '$body', not 'true'"
}

# sorted list -> median (mean of the middle two for an even count) and max
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
maximum() { sort -n | tail -n 1; }

log "results in $RESULTS"
note_others "at start"
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "nproc: $(nproc)"
    echo "cpu: $(sed -n 's/^model name\t*: //p' /proc/cpuinfo | head -n 1)"
    echo "memory: $(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
    echo "kernel: $(uname -r)"
    echo "java: $(java -version 2>&1 | head -n 1)"
    echo "wrk: $(wrk --version 2>&1 | head -n 1)"
    echo "jvm options: $JVM_OPTS"
    echo "agent: $VERSION"
} >"$RESULTS/machine.txt"

# --- 1. start-to-ready ----------------------------------------------------------------------------
log "start-to-ready: $STARTS starts"
printf 'run\tbanner_ms\thealthy_ms\tstop_ms\n' >"$RESULTS/starts.tsv"
for i in $(seq 1 "$STARTS"); do
    start_agent "start$i"
    wait_healthy "start$i"
    banner_ms "start$i"
    stop "$PID"
    printf '%s\t%s\t%s\t%s\n' "$i" "$BANNER_MS" "$HEALTHY_MS" "$STOP_MS" >>"$RESULTS/starts.tsv"
    cp "$WORK/start$i/stderr" "$RESULTS/logs/agent-start$i.log"
done
starts_col() { tail -n +2 "$RESULTS/starts.tsv" | cut -f"$1"; }
BANNER_MED=$(starts_col 2 | median); BANNER_MAX=$(starts_col 2 | maximum)
HEALTHY_MED=$(starts_col 3 | median); HEALTHY_MAX=$(starts_col 3 | maximum)
STOP_MED=$(starts_col 4 | median)
note_others "after the starts"

# --- 2. idle --------------------------------------------------------------------------------------
log "idle: ${IDLE_SECONDS} s"
start_agent idle
AGENT_PID=$PID
wait_healthy idle
IDLE_RSS0=$(rss_mib "$AGENT_PID"); IDLE_CPU0=$(cpu_ticks "$AGENT_PID"); IDLE_T0=$(now_ns)
sleep "$IDLE_SECONDS"
alive "$AGENT_PID" || { wait "$AGENT_PID" && rc=0 || rc=$?; die "the idle agent exited (status $rc) during the idle window"; }
IDLE_RSS1=$(rss_mib "$AGENT_PID"); IDLE_CPU1=$(cpu_ticks "$AGENT_PID"); IDLE_T1=$(now_ns)
IDLE_HWM=$(hwm_mib "$AGENT_PID")
IDLE_CPU_PCT=$(awk -v d=$(( IDLE_CPU1 - IDLE_CPU0 )) -v hz="$TICKS" -v ns=$(( IDLE_T1 - IDLE_T0 )) \
    'BEGIN { printf "%.2f", 100 * (d / hz) / (ns / 1e9) }')
{
    echo "rss at start of window: $IDLE_RSS0 MiB"
    echo "rss at end of window: $IDLE_RSS1 MiB (peak $IDLE_HWM MiB)"
    echo "cpu ticks: $IDLE_CPU0 -> $IDLE_CPU1 (CLK_TCK $TICKS) over $(( (IDLE_T1 - IDLE_T0) / 1000000 )) ms"
    echo "cpu: $IDLE_CPU_PCT % of one core"
} >"$RESULTS/idle.txt"
note_others "after the idle minute"

# --- 3. REST throughput: the same agent (now idle a minute) and the bare baseline -----------------
log "throughput: starting the bare Grizzly baseline"
java $JVM_OPTS -cp "$BENCH_JAR:$ROOT/bench/target/lib/*" io.hostbridge.bench.BareGrizzly "$BARE_PORT" "$WORKERS" \
    >"$WORK/bare.stdout" 2>"$WORK/bare.stderr" &
BARE_PID=$!
PIDS="$PIDS $BARE_PID"
for i in $(seq 1 500); do
    grep -qx ready "$WORK/bare.stdout" && break
    alive "$BARE_PID" || { cat "$WORK/bare.stderr" >&2; die "BareGrizzly exited"; }
    sleep 0.02
done
grep -qx ready "$WORK/bare.stdout" || die "BareGrizzly not ready after 10 s"
check_ping2 "$AGENT_PORT"
check_ping2 "$BARE_PORT"

# run_wrk NAME PORT DURATION PID: raw output to $RESULTS/wrk-NAME.txt; sets WRK_LINE to the done()
# line plus the server's CPU time per request (µs), measured from /proc over the run
run_wrk() {
    local name=$1 port=$2 duration=$3 pid=$4 c0 c1 line
    alive "$pid" || die "the server for $name exited before the run"
    c0=$(cpu_ticks "$pid")
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency -s "$ROOT/bench/ping2.lua" \
        "http://127.0.0.1:$port$PING2" >"$RESULTS/wrk-$name.txt" 2>&1 || die "wrk failed: see $RESULTS/wrk-$name.txt"
    alive "$pid" || die "the server for $name exited during the run"
    c1=$(cpu_ticks "$pid")
    line=$(grep '^hostbridge-bench ' "$RESULTS/wrk-$name.txt") || die "no summary in $RESULTS/wrk-$name.txt"
    WRK_LINE="$line cpu_us_per_req=$(echo "$line" | awk -v d=$(( c1 - c0 )) -v hz="$TICKS" \
        '{ split($2, r, "="); printf "%.1f", r[2] ? d / hz * 1e6 / r[2] : 0 }')"
}

# warm_up NAME PORT PID: sets CURVE to the requests/s of each 10 s slice
warm_up() {
    local s
    CURVE=""
    for s in $(seq 1 $(( (WARMUP_SECONDS + 9) / 10 ))); do
        run_wrk "warmup-$1-$s" "$2" 10s "$3"
        CURVE="$CURVE $(echo "$WRK_LINE" | sed -n 's/.* rps=\([0-9]*\).*/\1/p')"
    done
}
log "throughput: warm-up ${WARMUP_SECONDS} s each, in 10 s slices"
warm_up agent "$AGENT_PORT" "$AGENT_PID"; WARMUP_AGENT=$CURVE
warm_up bare "$BARE_PORT" "$BARE_PID"; WARMUP_BARE=$CURVE
note_others "after the warm-up"
: >"$WORK/rounds"
for r in $(seq 1 "$ROUNDS"); do
    for server in agent bare; do
        if [ "$server" = agent ]; then port=$AGENT_PORT pid=$AGENT_PID; else port=$BARE_PORT pid=$BARE_PID; fi
        log "throughput: $server round $r (${DURATION})"
        run_wrk "$server-$r" "$port" "$DURATION" "$pid"
        echo "$server $r $WRK_LINE" >>"$WORK/rounds"
        note_others "after $server round $r"
    done
done
cp "$WORK/rounds" "$RESULTS/rounds.txt"
LOAD_RSS_AGENT=$(rss_mib "$AGENT_PID"); LOAD_RSS_BARE=$(rss_mib "$BARE_PID")
stop "$BARE_PID"
stop "$AGENT_PID"
cp "$WORK/idle/stderr" "$RESULTS/logs/agent-idle-and-throughput.log"
cp "$WORK/bare.stderr" "$RESULTS/logs/bare.log"

# --- summary --------------------------------------------------------------------------------------
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }          # key=value from a rounds line
ms() { awk '{ printf "%.2f", $1 / 1000 }'; }              # µs -> ms
socket_errors() { awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^(connect|read|write|timeout)=/) { split($i, kv, "="); s += kv[2] } } END { print s + 0 }'; }
mean_rps() { grep "^$1 " "$WORK/rounds" | field rps | awk '{ s += $1 } END { printf "%.0f", s / NR }'; }
verdict() { awk -v ok="$1" 'BEGIN { print (ok ? "yes" : "**no**") }'; }
machine() { sed -n "s/^$1: //p" "$RESULTS/machine.txt"; }
AGENT_RPS=$(mean_rps agent); BARE_RPS=$(mean_rps bare)
RATIO=$(awk -v a="$AGENT_RPS" -v b="$BARE_RPS" 'BEGIN { printf "%.2f", a / b }')
NON2XX=$(field non2xx <"$WORK/rounds" | awk '{ s += $1 } END { print s + 0 }')
SOCKERR=$(socket_errors <"$WORK/rounds")
# wrk prints these lines (in warm-ups as in rounds) only when something went wrong
WRK_ERR_LINES=$(cat "$RESULTS"/wrk-*.txt | grep -cE 'Non-2xx|Socket errors' || true)

{
    echo "## hostbridge $VERSION benchmark, $(machine date)"
    echo
    echo "$(machine nproc) cores ($(machine cpu)), $(machine memory), $(machine java); JVM options \`$JVM_OPTS\`."
    echo "Load average before the run: $(machine 'load average at start'). Other builds or tests seen during the run: ${OTHERS:-none}."
    echo
    echo "| measure | result | target | met |"
    echo "|---|---|---|---|"
    echo "| start-to-ready, banner \"ready in\" (median / max of $STARTS) | $BANNER_MED / $BANNER_MAX ms | < 3000 ms | $(verdict "$(( BANNER_MAX < 3000 ))") |"
    echo "| start-to-ready, launch to first 200 from /api/v1/health (median / max of $STARTS) | $HEALTHY_MED / $HEALTHY_MAX ms | < 3000 ms | $(verdict "$(( HEALTHY_MAX < 3000 ))") |"
    echo "| idle RSS after ${IDLE_SECONDS} s (at start of the window; peak) | $IDLE_RSS1 MiB ($IDLE_RSS0; $IDLE_HWM) | < 200 MiB | $(verdict "$(awk -v r="$IDLE_RSS1" 'BEGIN { print (r < 200) }')") |"
    echo "| idle CPU over ${IDLE_SECONDS} s | $IDLE_CPU_PCT % of one core | — | |"
    echo "| REST Host.ping2 requests/s, agent / bare Grizzly (mean of $ROUNDS rounds each) | $AGENT_RPS / $BARE_RPS = $RATIO | ≥ 0.50 | $(verdict "$(awk -v r="$RATIO" 'BEGIN { print (r >= 0.5) }')") |"
    echo
    echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, POST {} to $PING2 on loopback, after ${WARMUP_SECONDS} s of warm-up each; rounds alternate:"
    echo
    echo "| server | round | requests/s | p50 | p99 | max | server CPU per request | non-2xx | socket errors |"
    echo "|---|---|---|---|---|---|---|---|---|"
    while read -r server round rest; do
        line=" $rest"
        echo "| $server | $round | $(echo "$line" | field rps | awk '{ printf "%.0f", $1 }') | $(echo "$line" | field p50_us | ms) ms | $(echo "$line" | field p99_us | ms) ms | $(echo "$line" | field max_us | ms) ms | $(echo "$line" | field cpu_us_per_req) µs | $(echo "$line" | field non2xx) | $(echo "$line" | socket_errors) |"
    done <"$WORK/rounds"
    echo
    echo "Warm-up, requests/s per 10 s slice: agent$WARMUP_AGENT; bare$WARMUP_BARE."
    echo "RSS after the load: agent $LOAD_RSS_AGENT MiB, bare Grizzly $LOAD_RSS_BARE MiB. Agent stop (SIGTERM to exit), median of $STARTS: $STOP_MED ms."
    echo "Non-2xx responses: $NON2XX; socket errors: $SOCKERR; 'Non-2xx'/'Socket errors' lines in any wrk output (warm-ups included): $WRK_ERR_LINES."
} | tee "$RESULTS/summary.md"

[ "$NON2XX" -eq 0 ] && [ "$SOCKERR" -eq 0 ] && [ "$WRK_ERR_LINES" -eq 0 ] || die "wrk saw errors: see $RESULTS/wrk-*.txt"
