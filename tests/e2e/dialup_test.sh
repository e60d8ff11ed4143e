#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 7's dial-up and double-dial through `cmdial connect`, with the built cmak, cmdial and
# cm-modem-emulator on a real pseudo-terminal. This kernel has no PPP, so a test double stands
# in for pppd (programs/cmdial/engines/testdata/pppd-double, chosen with CMSUITE_PPPD); the
# ctest names say so. Checks: the POP chosen from the phone book and dialed by the user's
# dialing location; a busy line redialed (%AutoRedial% 1); the actions in the seed's order with
# %ConnectionType% 0 and 2; the addresses pppd negotiated as %ClientIPAddress%/%ServerIPAddress%;
# disconnect hangs the modem up; a modem that never gets a dial tone ends in on-error with 680.
# Usage: dialup_test.sh BIN_DIR
set -euo pipefail
bin=$(cd "${1:?usage: dialup_test.sh BIN_DIR}" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
testdata=$root/programs/cmdial/connect/testdata
t=$(mktemp -d /tmp/cmdial-dialup.XXXXXX)
emulator_pid=
cleanup() {
  "$bin/cmdial" disconnect DIAL > /dev/null 2>&1 || true
  "$bin/cmdial" disconnect DOUBLE > /dev/null 2>&1 || true
  # A trap under `set -e` stops at its first failing command: a process that has already
  # exited must not turn a passed test into a failed one.
  if [ -n "$emulator_pid" ]; then kill "$emulator_pid" 2> /dev/null || true; fi
  if [ -e "$t/actions.log.watched" ]; then kill "$(cat "$t/actions.log.watched")" 2> /dev/null || true; fi
  rm -rf "$t"
}
trap cleanup EXIT
export HOME=$t/home XDG_DATA_HOME=$t/home/data XDG_STATE_HOME=$t/home/state
export XDG_CONFIG_HOME=$t/home/config XDG_RUNTIME_DIR=$t/run
export CMSUITE_PPPD=$root/programs/cmdial/engines/testdata/pppd-double
export PPPD_DOUBLE_RECORD=$t/pppd.json
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
log=$t/actions.log
: > "$log"

fail() {
  echo "FAIL: $*" >&2
  echo "--- actions.log" >&2; cat "$log" >&2
  echo "--- modem" >&2; cat "$t/modem.log" >&2 2> /dev/null || true
  echo "--- cmdial log" >&2; "$bin/cmdial" log DIAL >&2 2> /dev/null || true
  exit 1
}
wait_for() {  # a guard of 60 s, not a measure
  local i
  for ((i = 0; i < 600; i++)); do
    if eval "$1"; then return 0; fi
    sleep 0.1
  done
  fail "timed out waiting for: $1"
}
points() { cut -d' ' -f1 "$log" | tr '\n' ' '; }
start_modem() {  # start_modem OUTCOME...
  [ -n "$emulator_pid" ] && { kill "$emulator_pid" 2> /dev/null; wait "$emulator_pid" 2> /dev/null || true; }
  : > "$t/modem.log"
  local args=()
  for outcome in "$@"; do args+=(--outcome "$outcome"); done
  "$bin/cm-modem-emulator" --link "$t/ttyModem" --log "$t/modem.log" "${args[@]}" > "$t/modem.out" &
  emulator_pid=$!
  wait_for "grep -q READY '$t/modem.out'"
}

# --- a phone book with POPs in Seattle (area 206) and London; the user is in Seattle.
printf '%s\r\n' "1,1,1,Seattle North,206,555-0101,9600,56000,0,0," \
  "2,1,1,Tacoma,253,555-0102,9600,56000,0,0," \
  "3,44,2,London,20,7946 0000,9600,56000,0,0," > "$t/DIAL.pbk"
printf '%s\r\n' 2 "Washington" "United Kingdom" > "$t/DIAL.pbr"
macros='type=%ConnectionType% redial=%AutoRedial% code=%ErrorCode% pop="%PopName%"'
macros+=' client=%ClientIPAddress% server=%ServerIPAddress% user=%UserName%'
actions=()
for point in pre-init pre-connect pre-dial pre-tunnel post-connect monitored disconnect \
  on-cancel on-error; do
  actions+=(--action "$point:include=$testdata/act.sh $log $point $macros")
done
"$bin/cmak" keygen --out "$t/admin.key" > /dev/null
"$bin/cmak" new DIAL --service-name "Dial Corp" --out "$t/src" --type dialup \
  --phonebook "$t/DIAL.pbk" --regions "$t/DIAL.pbr" --redial-count 1 --redial-delay 0 \
  "${actions[@]}" > /dev/null 2>&1 || fail "cmak new DIAL"
"$bin/cmak" new DOUBLE --service-name "Double Corp" --out "$t/src" --type double-dial \
  --phonebook "$t/DIAL.pbk" --regions "$t/DIAL.pbr" --redial-count 0 --redial-delay 0 \
  --tunnel command --tunnel-up "%ServiceDir%/tunnel-up.sh $log %UserName%" \
  --tunnel-down "%ServiceDir%/tunnel-down.sh $log %UserName%" --vpn-server 203.0.113.1 \
  --include "$testdata/tunnel-up.sh" --include "$testdata/tunnel-down.sh" \
  "${actions[@]}" > /dev/null 2>&1 || fail "cmak new DOUBLE"
for short in DIAL DOUBLE; do
  "$bin/cmak" build "$t/src/$short" --sign-key "$t/admin.key" -o "$t/$short.cab" > /dev/null 2>&1
  "$bin/cmdial" install "$t/$short.cab" > /dev/null || fail "install $short"
done
"$bin/cmdial" location set --country 1 --area-code 206 > /dev/null || fail "location set"

# --- dial-up: busy first, then a connection at 56000 bit/s
start_modem busy connect:56000
"$bin/cmdial" modem set "$t/ttyModem" > /dev/null || fail "modem set"
echo "pw-dial" | "$bin/cmdial" connect DIAL --type dialup --user jo --password-stdin \
  --background > "$t/out" 2> "$t/err" || fail "connect dialup: $(cat "$t/err")"
# The monitored action runs beside the connection: connect returns once it has started, so
# its line in the log may come a moment later.
wait_for "grep -q '^monitored' '$log'"
case "$(points)" in
  "pre-init pre-connect pre-dial "*"pre-dial post-connect monitored ") ;;
  *) fail "dial-up order: $(points)" ;;
esac
grep -q "^pre-dial type=0 redial=1" "$log" || fail "the redial has no %AutoRedial% 1"
grep -q '^post-connect type=0 .*pop=Seattle North client=10.64.0.2 server=10.64.0.1' "$log" ||
  fail "post-connect macros: $(grep post-connect "$log")"
[ "$(grep -c '^DIAL T5550101$' "$t/modem.log")" = 2 ] || fail "did not dial 5550101 twice"
grep -q '"password": "pw-dial' "$t/pppd.json" || fail "pppd did not get the password by fd"
"$bin/cmdial" status | grep -q "DIAL (Dial Corp): connected" || fail "status: $("$bin/cmdial" status)"
"$bin/cmdial" disconnect DIAL > /dev/null || fail "disconnect"
wait_for "grep -q '^disconnect' '$log'"
wait_for "grep -q 'CMD ATH0' '$t/modem.log'"

# --- double-dial: the line, then pre-tunnel and the tunnel through it
: > "$log"
start_modem connect:33600
echo "pw-double" | "$bin/cmdial" connect DOUBLE --type double-dial --user jo --password-stdin \
  --background > "$t/out" 2> "$t/err" || fail "connect double-dial: $(cat "$t/err")"
wait_for "grep -q '^monitored' '$log'"
[ "$(points)" = "pre-init pre-connect pre-dial pre-tunnel tunnel-up post-connect monitored " ] ||
  fail "double-dial order: $(points)"
grep -q "^post-connect type=2 " "$log" || fail "double-dial is not %ConnectionType% 2"
"$bin/cmdial" disconnect DOUBLE > /dev/null || fail "disconnect double"
wait_for "grep -q '^tunnel-down' '$log'"
wait_for "grep -q 'CMD ATH0' '$t/modem.log'"
# The tunnel goes down before the line.
[ "$(grep -n '^tunnel-down' "$log" | cut -d: -f1)" -gt "$(grep -n '^disconnect' "$log" | cut -d: -f1)" ] ||
  fail "disconnect actions must run before the tunnel goes down"

# --- failures with no redial left: the attempt fails and on-error gets the RAS error
for case in "no-dialtone 680 NO DIALTONE" "busy 676 BUSY" "no-carrier 679 NO CARRIER"; do
  read -r outcome code text <<< "$case"
  : > "$log"
  start_modem "$outcome"
  got=0
  echo "pw" | "$bin/cmdial" connect DOUBLE --type double-dial --user jo --password-stdin \
    > "$t/out" 2> "$t/err" || got=$?
  [ "$got" = 1 ] || fail "$outcome: exit $got"
  grep -q "^on-error type=2 redial=0 code=$code" "$log" || fail "$outcome is not error $code"
  grep -q "$text" "$t/err" || fail "$outcome: the user is not told why: $(cat "$t/err")"
done
echo "dial-up and double-dial (pppd test double): ok"
