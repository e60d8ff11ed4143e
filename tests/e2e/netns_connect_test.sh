#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 7's real test network through the user's command, `cmdial connect` (root; exit 77 =
# skipped when not root or a tool is missing). Two network namespaces joined by a veth pair
# (tests/netns/vpn_netns.sh): the far one is the company, with the VPN server and pbserver
# listening on the server's tunnel address; cmdial runs in the near one. The administrator
# publishes phone book NETPB (versions 1-3) with pbadmin, posts it to pbserver and builds a signed
# profile with cmak (the tunnel, the phone book at version 2, pbserver's URL and key, an action at
# each of the nine points); the user installs it with `cmdial install` and connects with
# `ip netns exec NEAR cmdial connect P --background`.
#
# MODE wireguard / openvpn: checks the actions' order and macros (%ConnectionType% 1, the tunnel
# address as %ClientIPAddress%), a ping and the phone book update through the tunnel (.ver 2 -> 3,
# pbserver's access log shows the request from the tunnel address), `cmdial status`; then kills
# the VPN server and checks cmdial notices: disconnect actions, one redial that fails (the
# profile's RedialCount=1), on-error with 800, no connection left; then that nothing of the test
# is left (namespaces, interfaces, sockets, processes).
# MODE double-dial: the first leg dials cm-modem-emulator on a pseudo-terminal with the pppd test
# double (this kernel has no PPP; CMSUITE_PPPD, as tests/e2e/dialup_test.sh), the second is the
# real WireGuard tunnel; checks the order pre-dial ... pre-tunnel, %ConnectionType% 2, the update
# after both are up, and that disconnect takes the tunnel down before the modem hangs up (ATH0).
# Usage: netns_connect_test.sh BIN_DIR wireguard|openvpn|double-dial
set -euo pipefail
bin=$(cd "${1:?usage: netns_connect_test.sh BIN_DIR MODE}" && pwd)
mode=${2:?usage: netns_connect_test.sh BIN_DIR wireguard|openvpn|double-dial}
root=$(cd "$(dirname "$0")/../.." && pwd)
testdata=$root/programs/cmdial/connect/testdata

skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "the namespace tests need root (CI runs them as root)"
[ -c /dev/net/tun ] || skip "/dev/net/tun is not usable here"
tools=(ip ping)
case "$mode" in
  wireguard) tools+=(wireguard-go wg) ;;
  openvpn) tools+=(openvpn openssl) ;;
  double-dial) tools+=(wireguard-go wg python3) ;;
  *) echo "unknown mode $mode" >&2; exit 2 ;;
esac
for tool in "${tools[@]}"; do
  command -v "$tool" > /dev/null || skip "$tool is not installed (scripts/install-deps installs it)"
done
for program in cmak cmdial pbadmin pbserver cm-modem-emulator; do
  [ -x "$bin/$program" ] || skip "$bin/$program is not built"
done

vpn_prefix=cme
# shellcheck source=../netns/vpn_netns.sh
source "$root/tests/netns/vpn_netns.sh"
t=$(mktemp -d /tmp/cmsuite-netns-e2e.XXXXXX)
case "$mode" in
  wireguard) short=WGNS ;;
  openvpn) short=OVNS ;;
  double-dial) short=DDWG ;;
esac
iface=cm-$short  # cmdial's WireGuard interface; OpenVPN's is the first tun device
[ "$mode" = openvpn ] && iface=tun0
emulator_pid=
watcher_pid=
cleanup() {
  # A trap under `set -e` stops at its first failing command: each one tolerates what is gone.
  ip netns exec "$vpn_near" "$bin/cmdial" disconnect "$short" > /dev/null 2>&1 || true
  [ -n "$watcher_pid" ] && { kill "$watcher_pid" 2> /dev/null || true; }
  [ -n "$emulator_pid" ] && { kill "$emulator_pid" 2> /dev/null || true; }
  vpn_netns_cleanup
  # cmdial's own wireguard-go socket, when its process was killed with the namespace.
  rm -f "/var/run/wireguard/$iface.sock" 2> /dev/null || true
  rm -rf "$t" || true
}
trap cleanup EXIT
export HOME=$t/home XDG_DATA_HOME=$t/home/data XDG_STATE_HOME=$t/home/state
export XDG_CONFIG_HOME=$t/home/config XDG_RUNTIME_DIR=$t/run
export CMSUITE_SYSTEM_DIR=$t/system
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" "$t/far"
chmod 700 "$XDG_RUNTIME_DIR"
log=$t/actions.log
: > "$log"
in_near() { ip netns exec "$vpn_near" "$@"; }

fail() {
  echo "FAIL ($mode): $*" >&2
  echo "--- actions.log" >&2; cat "$log" >&2 || true
  echo "--- cmdial log" >&2; "$bin/cmdial" log "$short" >&2 2> /dev/null || true
  echo "--- pbserver access log" >&2; cat "$t/far/access.log" >&2 2> /dev/null || true
  if [ "$mode" = double-dial ]; then echo "--- modem" >&2; cat "$t/modem.log" >&2 2> /dev/null || true; fi
  exit 1
}
wait_for() {  # wait_for CONDITION [SECONDS]: a guard (default 30 s), not a measure
  local i limit=$((${2:-30} * 20))
  for ((i = 0; i < limit; i++)); do
    if eval "$1"; then return 0; fi
    sleep 0.05
  done
  fail "timed out waiting for: $1"
}
points() { cut -d' ' -f1 "$log" | tr '\n' ' '; }
step() { echo "== $*"; }

vpn_netns_sweep
vpn_netns_setup

step "the administrator publishes NETPB 1, 2, 3 with pbadmin"
ws=$t/workspace
pbadmin() { "$bin/pbadmin" --workspace "$ws" "$@" > /dev/null; }
pbadmin create NETPB
pbadmin pop add NETPB --country US --number 555-0101 --city Seattle --area-code 206
pbadmin publish NETPB
pbadmin pop add NETPB --country US --number 555-0102 --city Tacoma --area-code 253
pbadmin publish NETPB
pbadmin pop add NETPB --country GB --number "7946 0000" --city London --area-code 20
pbadmin publish NETPB
wspub=$("$bin/pbadmin" --workspace "$ws" pubkey)
mkdir -p "$t/book"
cp "$ws/NETPB/2/NETPB.pbk" "$ws/NETPB/2/NETPB.pbr" "$t/book/"
echo 2 > "$t/book/NETPB.ver"

step "the company: the VPN server and pbserver on its tunnel address (far namespace)"
tunnel_args=()
case "$mode" in
  wireguard | double-dial)
    vpn_wireguard_peer "$t/far"
    server_tunnel_ip=10.9.0.1 client_tunnel_ip=10.9.0.2
    tunnel_args=(--tunnel wireguard --server-key "$vpn_wg_server_public" --port 51820
      --allowed-ips 10.9.0.0/24 --tunnel-setting DeadPeerTimeout=3
      --tunnel-setting HandshakeTimeout=3)
    server_pid=$vpn_wg_peer_pid
    ;;
  openvpn)
    vpn_openvpn_server "$t/far"
    vpn_wait_address "$vpn_far" 10.8.0.1
    server_tunnel_ip=10.8.0.1 client_tunnel_ip=10.8.0.2
    tunnel_args=(--tunnel openvpn --ca-file "$t/far/pki/ca.crt" --port 1194 --protocol udp
      --auth password --tunnel-setting Timeout=5)
    server_pid=$vpn_openvpn_pid
    ;;
esac
vpn_pbserver "$bin" "$t/far" "$ws" "$wspub" NETPB "$server_tunnel_ip"
pb_url=$vpn_pbserver_url/pbserver/pbserver.dll
in_near ping -c1 -W1 -q "$server_tunnel_ip" > /dev/null 2>&1 &&
  fail "$server_tunnel_ip is reachable without the tunnel"

step "cmak builds the signed profile $short; the user installs it"
macros='type=%ConnectionType% redial=%AutoRedial% code=%ErrorCode% source=%LastErrorSource%'
macros+=' client=%ClientIPAddress% server=%ServerIPAddress% user=%UserName%'
actions=()
for point in pre-init pre-connect pre-dial pre-tunnel post-connect monitored disconnect \
  on-cancel on-error; do
  actions+=(--action "$point:include=$testdata/act.sh $log $point $macros")
done
type_args=(--type direct)
[ "$mode" = double-dial ] && type_args=(--type double-dial)
"$bin/cmak" keygen --out "$t/admin.key" > /dev/null
"$bin/cmak" new "$short" --service-name "Netns $mode" --out "$t/src" "${type_args[@]}" \
  --phonebook "$t/book/NETPB.pbk" --regions "$t/book/NETPB.pbr" \
  --vpn-server 10.200.0.2 "${tunnel_args[@]}" --pb-url "$pb_url" --pb-key "$wspub" \
  --redial-count 1 --redial-delay 0 "${actions[@]}" > "$t/cmak.out" 2>&1 ||
  fail "cmak new: $(cat "$t/cmak.out")"
"$bin/cmak" build "$t/src/$short" --sign-key "$t/admin.key" -o "$t/$short.cab" > "$t/cmak.out" 2>&1 ||
  fail "cmak build: $(cat "$t/cmak.out")"
"$bin/cmdial" install "$t/$short.cab" > /dev/null || fail "cmdial install"
ver_file=$XDG_DATA_HOME/cmsuite/$short/NETPB.ver
version() { tr -dc 0-9 < "$ver_file"; }
cmdial_log=$XDG_STATE_HOME/cmsuite/$short.log
[ "$(version)" = 2 ] || fail "the profile ships NETPB version $(version), not 2"

if [ "$mode" != openvpn ]; then
  step "the user's WireGuard key: cmdial vpn-key; the administrator registers it"
  user_pub=$("$bin/cmdial" vpn-key "$short" --address "$client_tunnel_ip/24" 2> /dev/null) ||
    fail "cmdial vpn-key"
  [ "$("$bin/cmdial" vpn-key "$short")" = "$user_pub" ] || fail "vpn-key printed another key"
  [ "$(stat -c %a "$XDG_DATA_HOME/cmsuite/keys/$short/wireguard.key")" = 600 ] ||
    fail "the private key is not 0600"
  vpn_wireguard_allow "$user_pub" "$client_tunnel_ip/32"
fi

if [ "$mode" = double-dial ]; then
  step "the first leg: cm-modem-emulator on a pty, the pppd test double"
  export CMSUITE_PPPD=$root/programs/cmdial/engines/testdata/pppd-double
  export PPPD_DOUBLE_RECORD=$t/pppd.json
  : > "$t/modem.log"
  "$bin/cm-modem-emulator" --link "$t/ttyModem" --log "$t/modem.log" --outcome connect:56000 \
    > "$t/modem.out" &
  emulator_pid=$!
  wait_for "grep -q READY '$t/modem.out'" 10
  "$bin/cmdial" modem set "$t/ttyModem" > /dev/null || fail "modem set"
  "$bin/cmdial" location set --country 1 --area-code 206 > /dev/null || fail "location set"
fi

step "ip netns exec NEAR cmdial connect $short --background"
connect_type=direct
[ "$mode" = double-dial ] && connect_type=double-dial
password=pw-$mode
[ "$mode" = openvpn ] && password=demo-password
echo "$password" | in_near "$bin/cmdial" connect "$short" --type "$connect_type" --user demo \
  --password-stdin --background > "$t/connect.out" 2> "$t/connect.err" ||
  fail "connect: $(cat "$t/connect.err")"
# The monitored action runs beside the connection; its line may come after connect returns.
wait_for "grep -q '^monitored' '$log'"
case "$mode" in
  double-dial) want="pre-init pre-connect pre-dial pre-tunnel post-connect monitored " ;;
  *) want="pre-init pre-connect pre-tunnel post-connect monitored " ;;
esac
[ "$(points)" = "$want" ] || fail "order: $(points), expected $want"
want_type=1
[ "$mode" = double-dial ] && want_type=2
grep -q "^post-connect type=$want_type redial=0 code=NULL source=NULL client=$client_tunnel_ip server=10.200.0.2 user=demo\$" "$log" ||
  fail "post-connect macros: $(grep '^post-connect' "$log")"
if [ "$mode" = double-dial ]; then
  # Before the tunnel, the addresses are the dial-up link's (the pppd double's).
  grep -q "^pre-tunnel type=2 .*client=10.64.0.2 server=10.64.0.1" "$log" ||
    fail "pre-tunnel macros: $(grep '^pre-tunnel' "$log")"
  grep -q "^DIAL T5550101\$" "$t/modem.log" || fail "the modem did not dial Seattle's 555-0101"
fi
"$bin/cmdial" status | grep -q "^$short (Netns $mode): connected" ||
  fail "status: $("$bin/cmdial" status)"
ip -n "$vpn_near" link show dev "$iface" > /dev/null 2>&1 || fail "no interface $iface"
in_near ping -c1 -W2 -q "$server_tunnel_ip" > /dev/null || fail "no ping through the tunnel"

step "the phone book update came through the tunnel: NETPB 2 -> 3 by the delta"
[ "$(version)" = 3 ] || fail "NETPB.ver is $(version) after connecting, not 3"
grep -q "phone book update: phone book NETPB 2 -> 3 (delta)" "$cmdial_log" ||
  fail "the update was not the delta 2 -> 3: $(grep 'phone book update' "$cmdial_log")"
# pbserver writes its access log once a second.
wait_for "grep -q '^$client_tunnel_ip .*GET /pbserver/pbserver.dll?[^ ]*pbver=2[^ ]*pb=NETPB[^\"]*\" 200 ' '$t/far/access.log'" 5
grep -q London "$XDG_DATA_HOME/cmsuite/$short/NETPB.pbk" ||
  fail "the installed NETPB.pbk lacks version 3's new POP"
metrics=$(ip netns exec "$vpn_far" curl -sS --max-time 5 "$vpn_pbserver_url/metrics" 2> /dev/null || true)
if [ -n "$metrics" ]; then
  echo "$metrics" | grep -Eq '^pbserver_delta[a-z_]* [1-9]' ||
    echo "$metrics" | grep -Eq '^pbserver_delta[a-z_]*\{[^}]*\} [1-9]' ||
    fail "pbserver's metrics count no delta: $(echo "$metrics" | grep delta)"
fi
line_of() { grep -n "$1" "$cmdial_log" | head -n 1 | cut -d: -f1; }
if [ "$mode" = double-dial ]; then
  dial=$(line_of 'step dial (') tunnel=$(line_of 'step tunnel (') update=$(line_of 'phone book update')
  [ -n "$dial" ] && [ -n "$tunnel" ] && [ -n "$update" ] && [ "$dial" -lt "$tunnel" ] &&
    [ "$tunnel" -lt "$update" ] || fail "dial, tunnel, update are not in that order in the log"
fi
if [ "$mode" = openvpn ]; then
  # The password went over the management socket: no file cmdial wrote holds it.
  ! grep -rq demo-password "$t/home" "$t/run" || fail "the password is in a file"
fi

if [ "$mode" = double-dial ]; then
  step "disconnect: the tunnel goes down, then the line (ATH0)"
  # Notes how many ATH0 the modem had seen when the tunnel's interface disappeared.
  (
    while ip -n "$vpn_near" link show dev "$iface" > /dev/null 2>&1; do sleep 0.005; done
    grep -c 'CMD ATH0' "$t/modem.log" > "$t/ath0-when-gone" || true
  ) &
  watcher_pid=$!
  "$bin/cmdial" disconnect "$short" > /dev/null || fail "disconnect"
  wait_for "[ -s '$t/ath0-when-gone' ]" 10
  [ "$(cat "$t/ath0-when-gone")" = 0 ] || fail "the modem hung up before the tunnel went down"
  wait_for "grep -q 'CMD ATH0' '$t/modem.log'" 10
  watcher_pid=
  [ "$(points)" = "${want}disconnect " ] || fail "after disconnect: $(points)"
else
  step "the VPN server dies: cmdial notices, runs the disconnect actions, redials once, gives up"
  kill -9 "$server_pid"
  wait_for "grep -q '^disconnect' '$log'" 20
  wait_for "grep -q '^on-error' '$log'" 30
  [ "$(points)" = "${want}disconnect pre-connect pre-tunnel on-error " ] ||
    fail "after the server died: $(points)"
  grep -q "^pre-connect type=1 redial=1 " "$log" || fail "the redial has no %AutoRedial% 1"
  grep -q "^on-error type=1 redial=1 code=800 source=tunnel " "$log" ||
    fail "on-error: $(grep '^on-error' "$log")"
  wait_for "! '$bin/cmdial' status | grep -q '^$short '" 10
  wait_for "! ip -n '$vpn_near' link show dev '$iface' > /dev/null 2>&1" 10
  grep -q "tunnel is gone" "$cmdial_log" || fail "the log does not say the tunnel went"
fi
wait_for "[ -z \"\$(ip netns pids '$vpn_near')\" ]" 10

# cmdial's process, its daemon (wireguard-go / openvpn) and its interface went by themselves.
[ ! -e "/var/run/wireguard/$iface.sock" ] || fail "cmdial's wireguard-go left its socket"
[ ! -e "$XDG_RUNTIME_DIR/cmsuite/$short.state" ] || fail "the connection's state file is left"
# (OpenVPN's log stays for diagnosis, replaced at the next connection.)
generated=$(find "$XDG_RUNTIME_DIR/cmsuite/$short" \( -type f -o -type s \) ! -name '*.log' \
  2> /dev/null || true)
[ -z "$generated" ] || fail "the tunnel's generated files are left: $generated"

step "nothing is left behind"
vpn_netns_cleanup
if [ -n "$emulator_pid" ]; then
  kill "$emulator_pid" 2> /dev/null || true
  wait "$emulator_pid" 2> /dev/null || true
fi
if ! left=$(vpn_netns_leftovers); then fail "left behind: $left"; fi
echo "cmdial connect through a real $mode tunnel between namespaces: ok"
