# Part of scripts/demo (sourced): cmak builds the demo service profile DEMO.
# Uses $ws and $wspub (part 20: SAMPLE published as versions 1-3) and $pbserver_url (part 25;
# when that part is absent, a stand-in URL where nothing listens). Exports demo_profile_dir,
# demo_profile_cab (signed DEMO.cab), demo_profile_run (DEMO.run) and demo_signer_pub.
step "8. cmak: a signed service profile with a phone book, updates from pbserver, a command tunnel and an action at each of the nine points"
cmak="$bin/cmak"
cmak_src="$work/cmak-src"
mkdir -p "$cmak_src/book"
if [ -n "${pbserver_url-}" ]; then
  cmak_pb_base=$pbserver_url
else
  cmak_pb_base="http://127.0.0.1:9"
  echo "(pbserver_url is unset, the pbserver part did not run: using the stand-in $cmak_pb_base)"
fi

echo "The phone book shipped in the profile is SAMPLE version 2, as pbadmin released it:"
run cabextract -q -d "$cmak_src/book" "$ws/SAMPLE/2/full.cab"
ls "$cmak_src/book"

# The included programs: one action script for all nine points, and a stand-in tunnel whose up
# script starts a long sleep (the "tunnel") and prints its PID; the down script stops it.
cat >"$cmak_src/action.sh" <<SCRIPT
#!/bin/sh
# action.sh POINT MACROS...: records that the action ran, with the macros cmdial expanded.
echo "\$*" >>'$work/actions.log'
# The monitored application: while it runs the connection stays up.
if [ "\$1" = monitored ]; then exec sleep 300 </dev/null >/dev/null 2>&1; fi
exit 0
SCRIPT
cat >"$cmak_src/tunnel-up.sh" <<SCRIPT
#!/bin/sh
# tunnel-up.sh SERVICE: the demo's stand-in tunnel; prints the PID of the process to watch.
echo "tunnel-up \$*" >>'$work/tunnel.log'
sleep 3600 </dev/null >/dev/null 2>&1 &
echo \$! >'$work/tunnel.pid'
echo \$!
SCRIPT
cat >"$cmak_src/tunnel-down.sh" <<SCRIPT
#!/bin/sh
# tunnel-down.sh SERVICE: stops the stand-in tunnel.
echo "tunnel-down \$*" >>'$work/tunnel.log'
if [ -f '$work/tunnel.pid' ]; then kill "\$(cat '$work/tunnel.pid')" 2>/dev/null; rm -f '$work/tunnel.pid'; fi
exit 0
SCRIPT
chmod +x "$cmak_src"/*.sh
on_exit "[ -f '$work/tunnel.pid' ] && kill \"\$(cat '$work/tunnel.pid')\" 2>/dev/null"

cmak_actions=()
for point in pre-init pre-connect pre-dial pre-tunnel post-connect monitored disconnect \
  on-cancel on-error; do
  cmak_actions+=(--action "$point:include,description=Demo $point,timeout=20=$cmak_src/action.sh $point %ServiceName% %UserName% %ConnectionType%")
done
echo "A bad answer is refused, naming the option and what it expects:"
refused 1 "$cmak" new DEMO --service-name "Demo" --out "$work/profiles" --vpn-server vpn.example.com \
  --tunnel wireguard --server-key not-a-key
run "$cmak" new DEMO --service-name "cmsuite Demo" --out "$work/profiles" \
  --tunnel command \
  --tunnel-up '%ServiceDir%/tunnel-up.sh %ServiceName%' \
  --tunnel-down '%ServiceDir%/tunnel-down.sh %ServiceName%' \
  --include "$cmak_src/tunnel-up.sh" --include "$cmak_src/tunnel-down.sh" \
  --phonebook "$cmak_src/book/SAMPLE.pbk" --regions "$cmak_src/book/SAMPLE.pbr" \
  --pb-url "$cmak_pb_base/pbserver/pbserver.dll" --pb-key "$wspub" \
  --realm-suffix @demo.example --remember-password no --redial-count 2 --log-max-kib 128 \
  "${cmak_actions[@]}"
demo_profile_dir="$work/profiles/DEMO"
ls "$demo_profile_dir"
echo "The phone book's version travels with it (the client asks pbserver for newer ones):"
run cat "$demo_profile_dir/SAMPLE.ver"
run "$cmak" get "$demo_profile_dir/DEMO.cms" "Pre-Connect Actions" 0
run "$cmak" get "$demo_profile_dir/DEMO.cms" "Pre-Connect Actions" "0&Flags"
echo "Advanced customization: a scripted edit (comments and other keys stay as they are):"
run "$cmak" set "$demo_profile_dir/DEMO.cms" "Connection Manager" IdleTimeout 30
run "$cmak" lint "$demo_profile_dir"
cmak_key="$work/cmak-signing.key"
cmak_keygen_out=$("$cmak" keygen --out "$cmak_key")
echo "$cmak_keygen_out"
demo_signer_pub=$(printf '%s\n' "$cmak_keygen_out" | grep -m1 -o 'ed25519:[A-Za-z0-9+/=]*')
run "$cmak" build "$demo_profile_dir" --sign-key "$cmak_key" --self-extracting
demo_profile_cab="$work/profiles/DEMO.cab"
demo_profile_run="$work/profiles/DEMO.run"
run cabextract -l "$demo_profile_cab"
echo "DEMO.run is a sh installer carrying the same cabinet (it runs cmdial install on it):"
run sh "$demo_profile_run" --extract "$work/from-run.cab"
run cmp "$work/from-run.cab" "$demo_profile_cab"
echo "same bytes"
export demo_profile_dir demo_profile_cab demo_profile_run demo_signer_pub
