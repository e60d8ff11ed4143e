# SPDX-License-Identifier: MIT
# Sourced by bench/vpn_tunnel_up.sh and scripts/demo-vpn (root): two network namespaces joined by
# a veth pair (near 10.200.0.1, far 10.200.0.2), a WireGuard peer and an OpenVPN server in the
# far one. Names carry the shell's pid; vpn_netns_cleanup removes everything (call it on EXIT).
vpn_tag=$$
vpn_near="cmb-$vpn_tag-near"
vpn_far="cmb-$vpn_tag-far"
vpn_pids=()

vpn_netns_setup() {
  ip netns add "$vpn_near"
  ip netns add "$vpn_far"
  ip link add "vn$vpn_tag" netns "$vpn_near" type veth peer name "vf$vpn_tag" netns "$vpn_far"
  ip -n "$vpn_near" address add 10.200.0.1/24 dev "vn$vpn_tag"
  ip -n "$vpn_far" address add 10.200.0.2/24 dev "vf$vpn_tag"
  for ns in "$vpn_near" "$vpn_far"; do ip -n "$ns" link set lo up; done
  ip -n "$vpn_near" link set "vn$vpn_tag" up
  ip -n "$vpn_far" link set "vf$vpn_tag" up
}

vpn_netns_cleanup() {
  local pid ns
  for pid in "${vpn_pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  for ns in "$vpn_near" "$vpn_far"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  done
  rm -f /var/run/wireguard/*"$vpn_tag".sock
}

# Waits up to 5 s for a file or socket to exist.
vpn_wait_for() {
  local i
  for i in $(seq 500); do [ -e "$1" ] && return 0; sleep 0.01; done
  echo "vpn_netns: $1 did not appear" >&2
  return 1
}

# vpn_wireguard_peer DIR: the far peer ws$vpn_tag, 10.9.0.1/24 on port 51820, keepalive 1 s.
# Sets vpn_wg_server_public; vpn_wireguard_allow PUBLIC_KEY lets a client in as 10.9.0.2/32.
vpn_wireguard_peer() {
  local dir=$1 iface="ws$vpn_tag"
  ip netns exec "$vpn_far" wireguard-go -f "$iface" >/dev/null 2>&1 &
  vpn_pids+=($!)
  disown
  vpn_wait_for "/var/run/wireguard/$iface.sock"
  (umask 077; wg genkey > "$dir/server.key")
  vpn_wg_server_public=$(wg pubkey < "$dir/server.key")
  ip netns exec "$vpn_far" wg set "$iface" private-key "$dir/server.key" listen-port 51820
  ip -n "$vpn_far" address add 10.9.0.1/24 dev "$iface"
  ip -n "$vpn_far" link set "$iface" up
}
vpn_wireguard_allow() {
  ip netns exec "$vpn_far" wg set "ws$vpn_tag" peer "$1" allowed-ips 10.9.0.2/32 \
    persistent-keepalive 1
}

# vpn_openvpn_server DIR: a CA and server certificate (openssl, EC P-256) in DIR/pki and an OpenVPN
# server in the far namespace on 10.200.0.2:1194/udp, tunnel 10.8.0.0/24 (server 10.8.0.1),
# users checked by a script: user "demo", password "demo-password".
vpn_openvpn_server() {
  local dir=$1 ec="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
  mkdir -p "$dir/pki"
  (cd "$dir/pki" &&
    openssl req -x509 $ec -keyout ca.key -out ca.crt -days 2 -subj /CN=cmsuite-demo-ca 2>/dev/null &&
    openssl req $ec -keyout server.key -out server.csr -subj /CN=server 2>/dev/null &&
    printf 'extendedKeyUsage=serverAuth\nkeyUsage=digitalSignature,keyAgreement\n' > server.ext &&
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt \
      -days 2 -extfile server.ext 2>/dev/null)
  printf '#!/bin/sh\n[ "$(sed -n 1p "$1")" = demo ] && [ "$(sed -n 2p "$1")" = demo-password ]\n' \
    > "$dir/check.sh"
  chmod 755 "$dir/check.sh"
  cat > "$dir/server.conf" <<CONF
dev tun
proto udp
local 10.200.0.2
port 1194
ca $dir/pki/ca.crt
cert $dir/pki/server.crt
key $dir/pki/server.key
dh none
server 10.8.0.0 255.255.255.0
topology subnet
keepalive 1 4
verify-client-cert none
script-security 2
auth-user-pass-verify $dir/check.sh via-file
tmp-dir $dir
log $dir/server.log
CONF
  ip netns exec "$vpn_far" openvpn --config "$dir/server.conf" >/dev/null 2>&1 &
  vpn_pids+=($!)
  disown
}
