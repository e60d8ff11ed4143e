# Part of scripts/demo (sourced): cmdial installs the demo profile (part 30's signed DEMO.cab)
# into a temporary home, connects with the `command` tunnel in the background, shows the actions
# firing in order with their macros, the phone book updated from pbserver (part 25) by a delta,
# then disconnects and shows the connection's log. docs/cmdial.md explains each step.
step "9. cmdial: install the demo profile, connect (command tunnel, nine action points), phone book update, disconnect"
cmdial="$bin/cmdial"
# From here on the demo user's home is in the scratch folder (profiles, state, logs).
export HOME="$work/home" XDG_DATA_HOME="$work/home/data" XDG_CONFIG_HOME="$work/home/config"
export XDG_STATE_HOME="$work/home/state" XDG_RUNTIME_DIR="$work/home/run"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
on_exit "'$cmdial' disconnect DEMO >/dev/null 2>&1"
: >"$work/actions.log"

run "$cmdial" install "$demo_profile_cab"
demo_pb_ver="$XDG_DATA_HOME/cmsuite/DEMO/SAMPLE.ver"
echo "Installed phone book version (as shipped in the profile): $(cat "$demo_pb_ver")"

echo "Connect in the background; the password comes on stdin (never in argv or a log):"
echo "demo-password" | run "$cmdial" connect DEMO --type direct --user demo --password-stdin \
  --background
run "$cmdial" status
echo "The actions so far, in the order they ran, with the macros cmdial expanded"
echo "(pre-dial is for dial-up only; pre-tunnel ran before the command tunnel came up):"
run cat "$work/actions.log"
echo "The phone book update was the first post-connect step (pbserver has SAMPLE 3; a delta 2 -> 3):"
grep "phone book update" "$XDG_STATE_HOME/cmsuite/DEMO.log" | sed 's/^[^ ]* //'
echo "Installed phone book version now: $(cat "$demo_pb_ver")"
refused 1 "$cmdial" cancel DEMO

run "$cmdial" disconnect DEMO
echo "The disconnect action ran before the tunnel went down:"
run tail -n 1 "$work/actions.log"
run "$cmdial" status
echo "The connection's log (each step and action with its time, duration and exit code):"
run "$cmdial" log DEMO
