# SPDX-License-Identifier: MIT
# The real test network in shell (root), sourced by tests/e2e/netns_connect_test.sh,
# bench/vpn_tunnel_up.sh and scripts/demo-vpn: two network namespaces joined by a veth pair
# (near 10.200.0.1, where the user's cmdial runs; far 10.200.0.2, the company), a WireGuard peer,
# an OpenVPN server and pbserver in the far one. Names are PREFIX-PID-near/far (PREFIX is
# $vpn_prefix, default cmb); vpn_netns_cleanup removes everything (call it on EXIT; every command
# in it tolerates what is already gone), vpn_netns_sweep what a killed run left behind, and
# vpn_netns_leftovers says what is still there.
vpn_tag=$$
vpn_prefix=${vpn_prefix:-cmb}
vpn_near="$vpn_prefix-$vpn_tag-near"
vpn_far="$vpn_prefix-$vpn_tag-far"
vpn_pids=()
vpn_wg_peer_pid=
vpn_openvpn_pid=
vpn_pbserver_pid=

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

# Kills every process of one namespace and deletes it (its interfaces go with it).
vpn_netns_delete() {
  local pid
  for pid in $(ip netns pids "$1" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
  ip netns del "$1" 2>/dev/null || true
}

vpn_netns_cleanup() {
  local pid ns
  for pid in "${vpn_pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  for ns in "$vpn_near" "$vpn_far"; do vpn_netns_delete "$ns"; done
  rm -f /var/run/wireguard/*"$vpn_tag".sock 2>/dev/null || true
}

# Removes namespaces PREFIX-PID-* whose PID no longer runs (a run killed before its cleanup).
vpn_netns_sweep() {
  local ns pid
  for ns in $(ip netns list 2>/dev/null | cut -d' ' -f1); do
    case "$ns" in "$vpn_prefix"-*-near | "$vpn_prefix"-*-far) ;; *) continue ;; esac
    pid=${ns#"$vpn_prefix"-}
    pid=${pid%%-*}
    if ! kill -0 "$pid" 2>/dev/null; then
      vpn_netns_delete "$ns"
      rm -f /var/run/wireguard/*"$pid".sock 2>/dev/null || true
    fi
  done
}

# Prints what this run left (namespaces, wireguard-go sockets, started processes); status 1 when
# something is left.
vpn_netns_leftovers() {
  local left=0 pid
  if ip netns list 2>/dev/null | grep -q -e "^$vpn_near\b" -e "^$vpn_far\b"; then
    echo "namespace left: $(ip netns list | grep -e "^$vpn_near\b" -e "^$vpn_far\b" | tr '\n' ' ')"
    left=1
  fi
  if ls /var/run/wireguard/*"$vpn_tag".sock >/dev/null 2>&1; then
    echo "wireguard-go socket left: $(ls /var/run/wireguard/*"$vpn_tag".sock)"
    left=1
  fi
  for pid in "${vpn_pids[@]}"; do
    # A process killed a moment ago may still be exiting, or a zombie until the shell reaps it.
    local i
    for i in $(seq 100); do
      vpn_running "$pid" || break
      sleep 0.02
    done
    if vpn_running "$pid"; then
      echo "process left: $pid $(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null)"
      left=1
    fi
  done
  return "$left"
}

# Whether process PID runs (a zombie does not count).
vpn_running() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [ "${stat%% *}" != Z ]
}

# Waits up to 5 s for a file or socket to exist.
vpn_wait_for() {
  local i
  for i in $(seq 500); do [ -e "$1" ] && return 0; sleep 0.01; done
  echo "vpn_netns: $1 did not appear" >&2
  return 1
}

# vpn_wait_address NAMESPACE ADDRESS: waits up to 10 s for ADDRESS on an interface there.
vpn_wait_address() {
  local i
  for i in $(seq 1000); do
    ip -n "$1" -brief address 2>/dev/null | grep -q "\b$2/" && return 0
    sleep 0.01
  done
  echo "vpn_netns: no address $2 in $1" >&2
  return 1
}

# vpn_wireguard_peer DIR: the far peer ws$vpn_tag, 10.9.0.1/24 on port 51820, keepalive 1 s
# (so a client notices the peer's death). Sets vpn_wg_server_public and vpn_wg_peer_pid;
# vpn_wireguard_allow PUBLIC_KEY [ADDRESS] lets a client in (default as 10.9.0.2/32).
vpn_wireguard_peer() {
  local dir=$1 iface="ws$vpn_tag"
  ip netns exec "$vpn_far" wireguard-go -f "$iface" >/dev/null 2>&1 &
  vpn_wg_peer_pid=$!
  vpn_pids+=("$vpn_wg_peer_pid")
  disown
  vpn_wait_for "/var/run/wireguard/$iface.sock"
  (umask 077; wg genkey > "$dir/server.key")
  vpn_wg_server_public=$(wg pubkey < "$dir/server.key")
  ip netns exec "$vpn_far" wg set "$iface" private-key "$dir/server.key" listen-port 51820
  ip -n "$vpn_far" address add 10.9.0.1/24 dev "$iface"
  ip -n "$vpn_far" link set "$iface" up
}
vpn_wireguard_allow() {
  ip netns exec "$vpn_far" wg set "ws$vpn_tag" peer "$1" allowed-ips "${2:-10.9.0.2/32}" \
    persistent-keepalive 1
}

# vpn_openvpn_server DIR: a CA and server certificate (openssl, EC P-256) in DIR/pki and an OpenVPN
# server in the far namespace on 10.200.0.2:1194/udp, tunnel 10.8.0.0/24 (server 10.8.0.1, the
# first client 10.8.0.2), keepalive 1 4 (a client notices the server's death after 4 s), users
# checked by a script: user "demo", password "demo-password". Sets vpn_openvpn_pid.
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
  vpn_openvpn_pid=$!
  vpn_pids+=("$vpn_openvpn_pid")
  disown
}

# vpn_pbserver BIN DIR WORKSPACE KEY NAME ADDRESS: pbserver (BIN/pbserver) in the far namespace
# on ADDRESS:8080 with its access log in DIR/access.log, serving phone book NAME pinned to KEY
# (pbadmin's public key), and pbadmin (BIN/pbadmin) posting WORKSPACE's newest release of NAME to
# it. Sets vpn_pbserver_pid and vpn_pbserver_url (http://ADDRESS:8080).
vpn_pbserver() {
  local bin=$1 dir=$2 ws=$3 key=$4 name=$5 address=$6
  mkdir -p "$dir/pbserver-data"
  : > "$dir/pbserver.toml"
  printf 'poster-password\n' > "$dir/poster.password"
  "$bin/pbserver" user add poster --password-stdin --config "$dir/pbserver.toml" \
    < "$dir/poster.password" > /dev/null
  "$bin/pbserver" phonebook pin "$name" --key "$key" --data "$dir/pbserver-data" > /dev/null
  ip netns exec "$vpn_far" "$bin/pbserver" --config "$dir/pbserver.toml" \
    --data "$dir/pbserver-data" --listen "$address:8080" --workers 1 \
    --access-log "$dir/access.log" --ready-file "$dir/pbserver.ready" \
    > "$dir/pbserver.out" 2> "$dir/pbserver.err" &
  vpn_pbserver_pid=$!
  vpn_pids+=("$vpn_pbserver_pid")
  disown
  vpn_wait_for "$dir/pbserver.ready"
  vpn_pbserver_url="http://$address:8080"
  ip netns exec "$vpn_far" "$bin/pbadmin" --workspace "$ws" post "$name" \
    --server "$vpn_pbserver_url" --user poster --password-file "$dir/poster.password" > /dev/null
}
