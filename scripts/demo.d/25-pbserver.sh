# Part of scripts/demo (sourced): the Phone Book Service serves what pbadmin posts.
# Uses $ws and $wspub from 20-pbadmin.sh (SAMPLE published as versions 1, 2, 3).
# Leaves pbserver running (stopped by on_exit) and exports pbserver_url.
step "7. The Phone Book Service: pbadmin posts, pbserver answers with nothing, a delta or everything"
pbsdata="$work/pbserver-data"
pbsconf="$work/pbserver.toml"
mkdir -p "$pbsdata"
: > "$pbsconf"
echo "A poster account (Argon2id hash in the config file), and SAMPLE pinned to the workspace's key:"
printf 'demo-poster-password\n' > "$work/poster.password"
run "$bin/pbserver" user add poster --password-stdin --config "$pbsconf" < "$work/poster.password"
run "$bin/pbserver" phonebook pin SAMPLE --key "$wspub" --data "$pbsdata"
# Port 0: the kernel picks a free loopback port; pbserver writes HOST:PORT to the ready file.
"$bin/pbserver" --config "$pbsconf" --data "$pbsdata" --listen 127.0.0.1:0 --workers 1 \
  --ready-file "$work/pbserver.ready" > "$work/pbserver.out" 2> "$work/pbserver.err" &
pbserver_pid=$!
on_exit "kill $pbserver_pid 2>/dev/null; wait $pbserver_pid 2>/dev/null"
for _ in $(seq 100); do
  [ -s "$work/pbserver.ready" ] && break
  kill -0 "$pbserver_pid" 2>/dev/null || break
  sleep 0.1
done
if [ ! -s "$work/pbserver.ready" ]; then
  echo "demo: pbserver did not start:" >&2; cat "$work/pbserver.err" >&2; exit 1
fi
pbserver_address=$(sed -n 1p "$work/pbserver.ready")
export pbserver_url="http://$pbserver_address"
cat "$work/pbserver.out"

echo "pbadmin posts SAMPLE's newest release (version 3 with its deltas); the server checks the"
echo "signature against the pinned key before it switches the release in:"
run "$pbadmin" --workspace "$ws" post SAMPLE --server "$pbserver_url" --user poster \
    --password-file "$work/poster.password"
echo "A wrong password is refused (and nothing changes on the server):"
refused 1 env PBADMIN_PASSWORD=wrong-password "$pbadmin" --workspace "$ws" post SAMPLE \
    --server "$pbserver_url" --user poster
run "$bin/pbserver" phonebook list --data "$pbsdata"

update="$pbserver_url/pbserver/pbserver.dll?osarch=0&ostype=0&osver=6&cmver=7&lcid=1033"
echo "A client at version 3 (parameter names in any case, as real clients send them): nothing new."
run curl -sS -i "$pbserver_url/pbserver/pbserver.dll?OSArch=0&LCID=1033&PBVer=3&PB=SAMPLE"
echo "A client at version 2 gets the delta 2 -> 3 (headers shown, cabinet saved):"
run curl -sS -D - -o "$work/answer-delta.cab" "$update&pbver=2&pb=SAMPLE"
run cabextract -l "$work/answer-delta.cab"
echo "A new client (version 0) gets the full phone book:"
run curl -sS -D - -o "$work/answer-full.cab" "$update&pbver=0&pb=SAMPLE"
if cmp -s "$work/answer-full.cab" "$ws/SAMPLE/3/full.cab" &&
   cmp -s "$work/answer-delta.cab" "$ws/SAMPLE/3/delta-2.cab"; then
  echo "the answers are byte for byte the cabinets pbadmin published"
else
  echo "demo: pbserver's answers differ from the published cabinets" >&2; exit 1
fi
echo "An unknown phone book:"
run curl -sS -o /dev/null -w 'HTTP %{http_code}\n' "$update&pbver=0&pb=NOSUCH"
echo "The counters, after the original's PBServer Monitor object (Prometheus text):"
run curl -sS "$pbserver_url/metrics" | grep -E '^(\$|pbserver_(hits|no_upgrade|delta|full|error|posts|phonebook))'
echo "pbserver keeps running for the next parts at $pbserver_url/pbserver/pbserver.dll"
