#!/bin/sh
# The `command` tunnel's up command for cmdial's connect tests and the demo. A real one would
# start a VPN client; this one starts a stand-in process to watch and reports it (PID=) with
# documentation addresses (RFC 5737). "<log>.fail-tunnel" makes it fail with the number in it.
log=$1
shift
read -r password || password=
echo "tunnel-up $* password-given=$([ -n "$password" ] && echo yes || echo no)" >> "$log"
if [ -e "$log.fail-tunnel" ]; then exit "$(cat "$log.fail-tunnel")"; fi
sleep 300 > /dev/null 2>&1 &
echo "$!" > "$log.watched"
echo "PID=$!"
echo "CLIENT_IP=198.51.100.7"
echo "SERVER_IP=203.0.113.1"
