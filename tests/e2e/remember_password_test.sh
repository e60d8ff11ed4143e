#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 6's "remember password" against a real Secret Service: GNOME Keyring's daemon on a
# private D-Bus session bus (dbus-run-session), reached through libsecret's secret-tool, as on a
# user's desktop. Checks: `cmdial settings --remember-password` turns it on; a password given to
# `cmdial connect --password-stdin` is stored in the keyring and nowhere in cmdial's files; the
# next connect without one gets it from the keyring (the tunnel's up command receives it);
# `--forget-password` removes it; without a session bus remembering is off with a message.
# Exit 77 (skipped) when gnome-keyring, secret-tool or dbus-run-session is missing.
# Usage: remember_password_test.sh BIN_DIR
set -euo pipefail
for tool in gnome-keyring-daemon secret-tool dbus-run-session; do
  command -v "$tool" > /dev/null || {
    echo "SKIPPED: $tool is not installed (scripts/install-deps installs it)"
    exit 77
  }
done

if [ "${1-}" != --inside ]; then
  bin=$(cd "${1:?usage: remember_password_test.sh BIN_DIR}" && pwd)
  t=$(mktemp -d /tmp/cmdial-secrets.XXXXXX)
  trap 'rm -rf "$t"' EXIT
  mkdir -p "$t/home" "$t/run"
  chmod 700 "$t/run"
  # A bus of our own, so the test never touches a real user's keyring; the daemon exits with it.
  HOME=$t/home XDG_DATA_HOME=$t/home/data XDG_STATE_HOME=$t/home/state \
    XDG_CONFIG_HOME=$t/home/config XDG_RUNTIME_DIR=$t/run T=$t BIN=$bin \
    dbus-run-session -- "$0" --inside 2> >(grep -v 'Failed to set fd limit' >&2)
  exit
fi

t=$T
bin=$BIN
log=$t/tunnel.log
: > "$log"
fail() {
  echo "FAIL: $*" >&2
  echo "--- tunnel.log" >&2
  cat "$log" >&2
  exit 1
}

# The keyring: a "login" collection unlocked with a password of its own (the daemon encrypts
# the file with it), as a desktop session's PAM module would do.
# Its output goes nowhere: a daemon holding the test's stdout or stderr would keep ctest waiting.
printf 'keyring-password' | gnome-keyring-daemon --daemonize --unlock --components=secrets \
  > /dev/null 2>&1 || fail "gnome-keyring-daemon did not start"

# A profile whose `command` tunnel records the password its up command reads on stdin, and a
# monitored action that ends at once, so a foreground connect connects and disconnects.
src=$t/src
mkdir -p "$src"
cat > "$src/up.sh" << 'SH'
#!/bin/sh
read -r password || password=
echo "up user=$2 password=$password" >> "$1"
sleep 300 < /dev/null > /dev/null 2>&1 &
echo "$!" > "$1.watched"
echo "PID=$!"
SH
cat > "$src/down.sh" << 'SH'
#!/bin/sh
kill "$(cat "$1.watched")" 2> /dev/null || true
SH
printf '#!/bin/sh\nexit 0\n' > "$src/noop.sh"
chmod +x "$src/up.sh" "$src/down.sh" "$src/noop.sh"
"$bin/cmak" new SECRET --service-name "Secret Corp" --out "$src" --type direct \
  --tunnel command --tunnel-up "%ServiceDir%/up.sh $log %UserName%" \
  --tunnel-down "%ServiceDir%/down.sh $log" --vpn-server 203.0.113.1 \
  --include "$src/up.sh" --include "$src/down.sh" --include "$src/noop.sh" --action "monitored=%ServiceDir%/noop.sh" \
  > /dev/null 2>&1 || fail "cmak new"
"$bin/cmak" keygen --out "$t/admin.key" > /dev/null
"$bin/cmak" build "$src/SECRET" --sign-key "$t/admin.key" -o "$t/SECRET.cab" > /dev/null 2>&1 ||
  fail "cmak build"
"$bin/cmdial" install "$t/SECRET.cab" > /dev/null || fail "cmdial install"
installed=$XDG_DATA_HOME/cmsuite/SECRET
for script in up.sh down.sh noop.sh; do [ -x "$installed/$script" ] || chmod +x "$installed/$script"; done

connect() {  # connect [PASSWORD]: one foreground connection; its up line is the log's last
  if [ $# = 1 ]; then
    echo "$1" | "$bin/cmdial" connect SECRET --password-stdin > "$t/out" 2> "$t/err" ||
      fail "connect with a password: $(cat "$t/err")"
  else
    "$bin/cmdial" connect SECRET < /dev/null > "$t/out" 2> "$t/err" ||
      fail "connect: $(cat "$t/err")"
  fi
  tail -n 1 "$log"
}

"$bin/cmdial" settings SECRET --user jo --remember-password > "$t/out" 2> "$t/err" ||
  fail "settings --remember-password: $(cat "$t/err")"
grep -q "remember password on" "$t/out" || fail "remember password not on: $(cat "$t/out" "$t/err")"

# Given on stdin: the tunnel gets it and the keyring keeps it.
[ "$(connect 'first pass phrase')" = "up user=jo password=first pass phrase" ] ||
  fail "the tunnel did not get the given password"
[ "$(secret-tool lookup service cmsuite profile SECRET user jo)" = "first pass phrase" ] ||
  fail "the keyring does not hold the password"
# Nowhere in cmdial's own files (profiles, settings, state, logs, runtime): only in the keyring,
# whose file the daemon encrypts.
if grep -rlF "first pass phrase" "$HOME" "$XDG_RUNTIME_DIR" 2> /dev/null; then
  fail "the password is in a file (above)"
fi

# Not given: the remembered one is used.
[ "$(connect)" = "up user=jo password=first pass phrase" ] ||
  fail "a connect without --password-stdin did not use the remembered password"
# A new one replaces it.
connect 'second' > /dev/null
[ "$(connect)" = "up user=jo password=second" ] || fail "the new password did not replace the old"

# Forget: gone from the keyring; the next connect has no password.
"$bin/cmdial" settings SECRET --forget-password > "$t/out" 2> "$t/err" ||
  fail "settings --forget-password: $(cat "$t/err")"
if secret-tool lookup service cmsuite profile SECRET user jo > /dev/null 2>&1; then
  fail "--forget-password left the password in the keyring"
fi
[ "$(connect)" = "up user=jo password=" ] || fail "a forgotten password was still used"

# Without a session bus there is no Secret Service: remembering stays off, and the user is told.
env -u DBUS_SESSION_BUS_ADDRESS "$bin/cmdial" settings SECRET --remember-password \
  > "$t/out" 2> "$t/err" || fail "settings without a bus: $(cat "$t/err")"
grep -q "remember password is off" "$t/err" || fail "no message without a bus: $(cat "$t/err")"
grep -q "remember password off" "$t/out" || fail "remember password on without a bus"
echo "remember password with GNOME Keyring (a real Secret Service): ok"
