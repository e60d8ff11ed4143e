#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 7's Speed: tunnel up time, from start to the first packet through the tunnel (a ping
# answered by the far end's tunnel address), three ways: the user's command (`cmdial connect
# --background` of an installed profile, then the ping), cmdial's engines alone (cm-vpn-driver ->
# MakeVpnTunnel) and the same tunnel brought up by hand with the tools alone. Root; network
# namespaces (tests/netns/vpn_netns.sh).
# Usage: bench/vpn_tunnel_up.sh BIN_DIR [RUNS]     (docs/BENCHMARKS.md, "VPN tunnels")
set -euo pipefail
bin=$(cd "${1:?usage: bench/vpn_tunnel_up.sh BIN_DIR [RUNS]}" && pwd)
runs=${2:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" = 0 ] || { echo "vpn_tunnel_up: needs root (network namespaces)" >&2; exit 2; }
# shellcheck source=../tests/netns/vpn_netns.sh
source "$root/tests/netns/vpn_netns.sh"
dir=$(mktemp -d /tmp/cmsuite-vpn-bench.XXXXXX)
# cmdial's user, with profiles built by cmak and installed with `cmdial install`.
export HOME=$dir/home XDG_DATA_HOME=$dir/home/data XDG_CONFIG_HOME=$dir/home/config
export XDG_STATE_HOME=$dir/home/state XDG_RUNTIME_DIR=$dir/home/run
# Under `set -e` a trap stops at its first failing command: each one must tolerate failure.
trap '"$bin/cmdial" disconnect CMBWG >/dev/null 2>&1 || true
  "$bin/cmdial" disconnect CMBOVPN >/dev/null 2>&1 || true
  vpn_netns_cleanup; rm -f /var/run/wireguard/cm-CMBWG.sock || true; rm -rf "$dir" || true' EXIT
vpn_netns_setup
now() { date +%s%N; }
# median of the numbers on stdin (microseconds in, milliseconds out)
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f", m/1000}'; }
in_near() { ip netns exec "$vpn_near" "$@"; }
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
"$bin/cmak" keygen --out "$dir/admin.key" > /dev/null
install_profile() {  # install_profile SHORT CMAK_NEW_ARGS...: no actions, no phone book, no redial
  local short=$1; shift
  "$bin/cmak" new "$short" --service-name "Bench $short" --out "$dir/src" --vpn-server 10.200.0.2 \
    --redial-count 0 --logging no "$@" > /dev/null
  "$bin/cmak" build "$dir/src/$short" --sign-key "$dir/admin.key" -o "$dir/$short.cab" > /dev/null
  "$bin/cmdial" install "$dir/$short.cab" > /dev/null
}

# --- WireGuard ---------------------------------------------------------------------------
vpn_wireguard_peer "$dir"
mkdir -p "$dir/BENCHWG"
cat > "$dir/BENCHWG/BENCHWG.cms" <<CMS
[Connection Manager]
ServiceName=Bench WireGuard
Tunnel=1
[cmsuite Tunnel]
Type=wireguard
Server0=10.200.0.2
ServerPublicKey=$vpn_wg_server_public
AllowedIPs=10.9.0.0/24
Address=10.9.0.2/24
CMS
keys="$dir/keys"
pub=$("$bin/cm-vpn-driver" public-key "$dir/BENCHWG" --data-dir "$keys")
vpn_wireguard_allow "$pub"
probe="ping -c1 -W2 -q 10.9.0.1 >/dev/null && date +%s%N > $dir/t"
# cmdial connect: the same server and key (copied into cmdial's key folder), the same address.
install_profile CMBWG --tunnel wireguard --server-key "$vpn_wg_server_public" --port 51820 \
  --allowed-ips 10.9.0.0/24 --tunnel-setting Address=10.9.0.2/24
mkdir -p -m 700 "$XDG_DATA_HOME/cmsuite/keys" "$XDG_DATA_HOME/cmsuite/keys/CMBWG"
cp "$keys/BENCHWG/wireguard.key" "$XDG_DATA_HOME/cmsuite/keys/CMBWG/wireguard.key"
[ "$("$bin/cmdial" vpn-key CMBWG)" = "$pub" ] || { echo "vpn_tunnel_up: not the same key" >&2; exit 1; }
until_ping="until ping -c1 -W1 -q 10.9.0.1 >/dev/null 2>&1; do sleep 0.002; done; date +%s%N > $dir/t"
: > "$dir/wg-connect"; : > "$dir/wg-cmdial"; : > "$dir/wg-hand"
for i in $(seq "$runs"); do
  t0=$(now)
  in_near /bin/sh -c "$bin/cmdial connect CMBWG --background >/dev/null && $until_ping"
  echo $(( ($(cat "$dir/t") - t0) / 1000 )) >> "$dir/wg-connect"
  "$bin/cmdial" disconnect CMBWG > /dev/null
  t0=$(now)
  in_near "$bin/cm-vpn-driver" up "$dir/BENCHWG" --data-dir "$keys" --runtime-dir "$dir/run" \
    --interface "wc$vpn_tag" -- /bin/sh -c "$probe" >/dev/null
  echo $(( ($(cat "$dir/t") - t0) / 1000 )) >> "$dir/wg-cmdial"
  t0=$(now)
  in_near /bin/sh -c "
    wireguard-go wh$vpn_tag >/dev/null 2>&1
    while [ ! -S /var/run/wireguard/wh$vpn_tag.sock ]; do sleep 0.001; done
    wg set wh$vpn_tag private-key $keys/BENCHWG/wireguard.key peer $vpn_wg_server_public \
      endpoint 10.200.0.2:51820 allowed-ips 10.9.0.0/24
    ip address add 10.9.0.2/24 dev wh$vpn_tag
    ip link set wh$vpn_tag up
    until ping -c1 -W1 -q 10.9.0.1 >/dev/null 2>&1; do sleep 0.002; done
    date +%s%N > $dir/t
    ip link del wh$vpn_tag"
  echo $(( ($(cat "$dir/t") - t0) / 1000 )) >> "$dir/wg-hand"
done
wg_connect=$(median < "$dir/wg-connect")
wg_cmdial=$(median < "$dir/wg-cmdial"); wg_hand=$(median < "$dir/wg-hand")

# --- OpenVPN -----------------------------------------------------------------------------
vpn_openvpn_server "$dir"
mkdir -p "$dir/BENCHOVPN"
cp "$dir/pki/ca.crt" "$dir/BENCHOVPN/ca.crt"
cat > "$dir/BENCHOVPN/BENCHOVPN.cms" <<CMS
[Connection Manager]
ServiceName=Bench OpenVPN
Tunnel=1
[cmsuite Tunnel]
Type=openvpn
Server0=10.200.0.2
CAFile=BENCHOVPN\\ca.crt
Protocol=udp
Port=1194
CMS
# By hand: the same client options, the password from a file (what cmdial never does).
printf 'demo\ndemo-password\n' > "$dir/pass.txt"; chmod 600 "$dir/pass.txt"
cat > "$dir/hand.conf" <<CONF
client
dev tun
nobind
remote 10.200.0.2 1194 udp
connect-retry 1 5
remote-cert-tls server
ca $dir/pki/ca.crt
auth-user-pass $dir/pass.txt
auth-nocache
verb 1
CONF
probe="ping -c1 -W2 -q 10.8.0.1 >/dev/null && date +%s%N > $dir/t"
install_profile CMBOVPN --tunnel openvpn --ca-file "$dir/pki/ca.crt" --port 1194 --protocol udp \
  --auth password
until_ping="until ping -c1 -W1 -q 10.8.0.1 >/dev/null 2>&1; do sleep 0.002; done; date +%s%N > $dir/t"
: > "$dir/ovpn-connect"; : > "$dir/ovpn-cmdial"; : > "$dir/ovpn-hand"
sleep 0.5  # the server's first start
for i in $(seq "$runs"); do
  t0=$(now)
  echo demo-password | in_near /bin/sh -c \
    "$bin/cmdial connect CMBOVPN --user demo --password-stdin --background >/dev/null && $until_ping"
  echo $(( ($(cat "$dir/t") - t0) / 1000 )) >> "$dir/ovpn-connect"
  "$bin/cmdial" disconnect CMBOVPN > /dev/null
  t0=$(now)
  echo demo-password | in_near "$bin/cm-vpn-driver" up "$dir/BENCHOVPN" --data-dir "$keys" \
    --runtime-dir "$dir/run" --user demo --password-stdin -- /bin/sh -c "$probe" >/dev/null
  echo $(( ($(cat "$dir/t") - t0) / 1000 )) >> "$dir/ovpn-cmdial"
  t0=$(now)
  in_near /bin/sh -c "
    openvpn --config $dir/hand.conf --daemon
    until ping -c1 -W1 -q 10.8.0.1 >/dev/null 2>&1; do sleep 0.002; done
    date +%s%N > $dir/t"
  echo $(( ($(cat "$dir/t") - t0) / 1000 )) >> "$dir/ovpn-hand"
  # Not timed: stop the hand-started openvpn (the only process left in the near namespace).
  for pid in $(ip netns pids "$vpn_near"); do kill "$pid" 2>/dev/null || true; done
  while [ -n "$(ip netns pids "$vpn_near")" ]; do sleep 0.01; done
done
ovpn_connect=$(median < "$dir/ovpn-connect")
ovpn_cmdial=$(median < "$dir/ovpn-cmdial"); ovpn_hand=$(median < "$dir/ovpn-hand")

echo "time from start to the first ping answered through the tunnel, median of $runs runs (ms)"
printf '%-10s %16s %16s %9s %17s\n' tunnel "cmdial connect" "engines alone" "by hand" \
  "connect - by hand"
for row in "wireguard $wg_connect $wg_cmdial $wg_hand" "openvpn $ovpn_connect $ovpn_cmdial $ovpn_hand"; do
  read -r name connect engines hand <<< "$row"
  printf '%-10s %16s %16s %9s %17.1f\n' "$name" "$connect" "$engines" "$hand" \
    "$(echo "$connect - $hand" | bc -l)"
done
echo "machine load (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
