#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 7's Speed: tunnel up time, from start to the first packet through the tunnel (a ping
# answered by the far end's tunnel address), cmdial's engines (cm-vpn-driver -> MakeVpnTunnel)
# against the same tunnel brought up by hand with the tools alone. Root; network namespaces.
# Usage: bench/vpn_tunnel_up.sh BIN_DIR [RUNS]     (docs/BENCHMARKS.md, "VPN tunnel up")
set -euo pipefail
bin=$(cd "${1:?usage: bench/vpn_tunnel_up.sh BIN_DIR [RUNS]}" && pwd)
runs=${2:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" = 0 ] || { echo "vpn_tunnel_up: needs root (network namespaces)" >&2; exit 2; }
# shellcheck source=vpn_netns.sh
source "$root/bench/vpn_netns.sh"
dir=$(mktemp -d /tmp/cmsuite-vpn-bench.XXXXXX)
trap 'vpn_netns_cleanup; rm -rf "$dir"' EXIT
vpn_netns_setup
now() { date +%s%N; }
# median of the numbers on stdin (microseconds in, milliseconds out)
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f", m/1000}'; }
in_near() { ip netns exec "$vpn_near" "$@"; }

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
: > "$dir/wg-cmdial"; : > "$dir/wg-hand"
for i in $(seq "$runs"); do
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
: > "$dir/ovpn-cmdial"; : > "$dir/ovpn-hand"
sleep 0.5  # the server's first start
for i in $(seq "$runs"); do
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
ovpn_cmdial=$(median < "$dir/ovpn-cmdial"); ovpn_hand=$(median < "$dir/ovpn-hand")

printf 'tunnel     runs  cmdial (ms, median)  by hand (ms, median)  overhead (ms)\n'
printf 'wireguard  %4d  %19s  %20s  %13.1f\n' "$runs" "$wg_cmdial" "$wg_hand" \
  "$(echo "$wg_cmdial - $wg_hand" | bc -l)"
printf 'openvpn    %4d  %19s  %20s  %13.1f\n' "$runs" "$ovpn_cmdial" "$ovpn_hand" \
  "$(echo "$ovpn_cmdial - $ovpn_hand" | bc -l)"
