#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# pbserver against nginx serving the same cabinets as static files, measured with wrk in the same
# run (issue 4): keep-alive, a new connection per request, "no update" (nginx: return 204), and
# the full cabinet of a 65,000-POP phone book. Servers pinned to CPU 0, wrk to CPU 1, 64
# connections. The servers are measured interleaved: ROUNDS rounds, each running every case
# against each server back to back, the order reversed every other round, so that a change in
# the machine's load (other builds) hits all servers alike. Prints each round's requests/s, then
# per case the median requests/s and p99 latency of each server and the median of the
# per-round ratios pbserver/nginx (bench/pbserver_rounds_summary.py), the load averages,
# pbserver's resident memory, then holds 10,000 concurrent connections for HOLD seconds against
# each server (HOLD 0 skips that).
# RESULTS=FILE keeps the rounds' raw numbers (the TSV that bench/pbserver_rounds_summary.py
# reads) in FILE.
# PBSERVER_BEFORE=/path/to/an/older/pbserver adds that binary as a third server (same data, same
# rounds), to show what a change did under the same load.
# Everything runs on 127.0.0.1 and is bounded in time; nothing outside a temp folder is written.
# Needs: wrk, nginx (Debian packages wrk, nginx-light), a build with pbserver and pbadmin.
# Usage: bench/pbserver_vs_nginx.sh BIN_DIR [SECONDS] [HOLD_SECONDS] [ROUNDS]
set -euo pipefail
bin=$(cd "${1:?usage: bench/pbserver_vs_nginx.sh BIN_DIR [SECONDS] [HOLD_SECONDS] [ROUNDS]}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
seconds=${2:-10}
hold=${3:-30}
rounds=${4:-5}
before=${PBSERVER_BEFORE:-}
results_out=${RESULTS:+$(realpath -m "$RESULTS")}  # absolute: the script works in a temp folder
# 10,000 connections need more descriptors than the usual 1,024 (both ends live in this host).
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "open files limit: $(ulimit -n); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for tool in wrk nginx taskset python3; do
  command -v "$tool" >/dev/null || { echo "pbserver_vs_nginx: error: $tool is not installed (Debian: apt-get install wrk nginx)" >&2; exit 1; }
done
work=$(mktemp -d /tmp/pbserver-bench.XXXXXX)
chmod 755 "$work"  # nginx's worker runs as www-data when started by root: it must read www/
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Two phone books: SMALL (v2 with a ~5 KB delta from v1: 400 of 2,000 POPs change) and BIG (65,000 POPs).
gen() {  # gen NAME POPS VERSION CHANGED
  python3 - "$@" <<'PY'
import random, sys
name, pops, version, changed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rnd = random.Random(42)
with open(f"{name}.pbk", "w", newline="") as f:
    for i in range(1, pops + 1):
        city = f"City{i}" + (f"v{version}" if i <= changed and version > 1 else "")
        f.write(f"{i},1,1,{city},206,555{rnd.randrange(10**6):06d},9600,56000,0,32,CorpDialup\r\n")
with open(f"{name}.pbr", "w", newline="") as f:
    f.write("1\r\nWest\r\n")
PY
}
cd "$work"
"$bin/pbadmin" keygen --out key >/dev/null
gen SMALL 2000 1 0 && "$bin/pbadmin" release build SMALL --version 1 --pbk SMALL.pbk --pbr SMALL.pbr --key key --root rel >/dev/null
gen SMALL 2000 2 400 && "$bin/pbadmin" release build SMALL --version 2 --pbk SMALL.pbk --pbr SMALL.pbr --key key --root rel >/dev/null
gen BIG 65000 1 0 && "$bin/pbadmin" release build BIG --version 1 --pbk BIG.pbk --pbr BIG.pbr --key key --root rel >/dev/null
pub=$("$bin/pbadmin" pubkey --key key)
mkdir -p data
for book in SMALL:2 BIG:1; do
  name=${book%%:*}; version=${book##*:}
  mkdir -p "data/$name"
  cp -r "rel/$name/$version" "data/$name/$version"
  echo "$version" > "data/$name/current"
  echo "$pub" > "data/$name/publisher.key"
done
delta=data/SMALL/2/delta-1.cab
full=data/BIG/1/full.cab
echo "delta cabinet: $(stat -c %s "$delta") bytes; 65,000-POP full cabinet: $(stat -c %s "$full") bytes"

pbs_port=$(free_port)
taskset -c 0 "$bin/pbserver" --data data --listen "127.0.0.1:$pbs_port" --workers 1 >pbserver.log 2>&1 &
pbs_pid=$!
pids+=("$pbs_pid")
old_port=
if [ -n "$before" ]; then
  old_port=$(free_port)
  taskset -c 0 "$before" --data data --listen "127.0.0.1:$old_port" --workers 1 >before.log 2>&1 &
  old_pid=$!
  pids+=("$old_pid")
fi

ngx_port=$(free_port)
mkdir -p nginx/www nginx/tmp
cp "$delta" nginx/www/delta.cab
cp "$full" nginx/www/full.cab
cat > nginx/nginx.conf <<CONF
worker_processes 1;
worker_rlimit_nofile $(ulimit -n);
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 20000; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  open_file_cache max=100 inactive=60s;
  client_body_temp_path $work/nginx/tmp; proxy_temp_path $work/nginx/tmp;
  fastcgi_temp_path $work/nginx/tmp; uwsgi_temp_path $work/nginx/tmp; scgi_temp_path $work/nginx/tmp;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$ngx_port;
    root $work/nginx/www;
    location = /none { return 204; }
    location / { default_type application/vnd.ms-cab-compressed; }
  }
}
CONF
taskset -c 0 nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" 2>nginx/stderr &
ngx_pid=$!
pids+=("$ngx_pid")

for _ in $(seq 100); do
  if curl -s -o /dev/null "http://127.0.0.1:$pbs_port/healthz" && curl -s -o /dev/null "http://127.0.0.1:$ngx_port/none" &&
     { [ -z "$old_port" ] || curl -s -o /dev/null "http://127.0.0.1:$old_port/healthz"; }; then break; fi
  sleep 0.1
done

# CPU time (clock ticks, user + system) used so far by process PID and its children's threads
# (nginx: the master and its worker).
cpu_ticks() {
  local total=0 p
  for p in "$1" $(pgrep -P "$1" || true); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo "$total"
}
# run_wrk PID URL [extra wrk args] → "requests_per_second p99_ms cpu_us_per_request"
# The last is the server's CPU time over the requests wrk completed: unlike requests/s it does
# not depend on how much of CPU 0 the other processes of a loaded machine leave to the server.
run_wrk() {
  local pid=$1 url=$2; shift 2
  local before_ticks after_ticks
  before_ticks=$(cpu_ticks "$pid")
  timeout $((seconds + 60)) taskset -c 1 wrk -t1 -c64 -d"${seconds}s" --latency "$@" "$url" > wrk.out
  after_ticks=$(cpu_ticks "$pid")
  local rps p99 requests
  requests=$(awk '/requests in/ {print $1}' wrk.out)
  rps=$(awk '/^Requests\/sec:/ {print $2}' wrk.out)
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' wrk.out)
  if grep -q "Non-2xx" wrk.out || grep -q "Socket errors" wrk.out; then grep -E "Non-2xx|Socket errors" wrk.out >&2; fi
  requests=${requests:-0}
  echo "$rps $p99 $(( (after_ticks - before_ticks) * 1000000 / $(getconf CLK_TCK) / (requests > 0 ? requests : 1) ))"
}

# A wrk Lua script that asks for "Connection: close": wrk reconnects whenever an answer ends its
# connection, so every request arrives on a new TCP connection.
echo 'wrk.headers["Connection"] = "close"' > close.lua
# NAME|update query|nginx path|extra wrk arguments
cases=(
  "delta keep-alive|pbver=1&pb=SMALL|/delta.cab|"
  "delta new connection|pbver=1&pb=SMALL|/delta.cab|-s close.lua"
  "no update (204)|pbver=2&pb=SMALL|/none|"
  "65,000-POP full|pbver=0&pb=BIG|/full.cab|"
)
servers=(pbserver nginx)
[ -n "$old_port" ] && servers+=(before)
pid_for() {
  case $1 in pbserver) echo "$pbs_pid" ;; before) echo "$old_pid" ;; nginx) echo "$ngx_pid" ;; esac
}
url_for() {  # url_for SERVER QUERY NGINX_PATH
  local q="pbserver/pbserver.dll?osarch=0&ostype=0&osver=1&cmver=1&lcid=1033&$2"
  case $1 in
    pbserver) echo "http://127.0.0.1:$pbs_port/$q" ;;
    before) echo "http://127.0.0.1:$old_port/$q" ;;
    nginx) echo "http://127.0.0.1:$ngx_port$3" ;;
  esac
}
q="http://127.0.0.1:$pbs_port/pbserver/pbserver.dll?osarch=0&ostype=0&osver=1&cmver=1&lcid=1033"
echo "$rounds rounds of ${seconds}s per case and server; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
: > results.tsv
for round in $(seq "$rounds"); do
  order=("${servers[@]}")
  if [ $((round % 2)) = 0 ]; then
    order=(); for ((i = ${#servers[@]} - 1; i >= 0; i--)); do order+=("${servers[i]}"); done
  fi
  for c in "${cases[@]}"; do
    IFS='|' read -r name query path args <<< "$c"
    for server in "${order[@]}"; do
      # shellcheck disable=SC2086
      read -r rps p99 cpu < <(run_wrk "$(pid_for "$server")" "$(url_for "$server" "$query" "$path")" $args)
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$name" "$server" "$rps" "$p99" "$cpu" >> results.tsv
    done
  done
  echo "round $round done; load average $(cut -d' ' -f1-3 /proc/loadavg)"
done
python3 "$here/pbserver_rounds_summary.py" results.tsv
if [ -n "$results_out" ]; then cp results.tsv "$results_out"; fi
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pbs_pid/status")
cab_bytes=$(du -cb data/*/*/*.cab | tail -1 | cut -f1)
echo "pbserver RSS: $((rss_kb / 1024)) MiB; cabinets served: $((cab_bytes / 1024)) KiB; limit 1.5x + 30 MiB = $(( (cab_bytes * 3 / 2) / 1048576 + 30 )) MiB"

# 10,000 concurrent connections held for HOLD seconds while serving (keep-alive delta requests).
hold_test() {  # hold_test NAME URL
  local name=$1 url=$2
  timeout $((hold + 120)) taskset -c 1 wrk -t1 -c10000 -d"${hold}s" --timeout 10s --latency "$url" > "hold-$name.out" || true
  local rps errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' "hold-$name.out")
  errors=$(grep -E "Socket errors|Non-2xx" "hold-$name.out" | tr -s ' ' | tr '\n' ';' || true)
  echo "$name: 10,000 connections for ${hold}s: ${rps:-?} requests/s, errors: ${errors:-none}"
}
[ "$hold" = 0 ] && exit 0
hold_test pbserver "$q&pbver=1&pb=SMALL" &
holder=$!
sleep $((hold / 2))
echo "pbserver open descriptors mid-hold: $(ls "/proc/$pbs_pid/fd" | wc -l)"
wait "$holder"
hwm_kb=$(awk '/VmHWM/ {print $2}' "/proc/$pbs_pid/status")
echo "pbserver peak RSS (including the 10,000-connection hold): $((hwm_kb / 1024)) MiB"
hold_test nginx "http://127.0.0.1:$ngx_port/delta.cab"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
