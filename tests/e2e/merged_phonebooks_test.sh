#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Merged phone books end to end, on 127.0.0.1 only: two administrators publish two phone books
# with pbadmin (each its own workspace, so its own signing key), pbserver serves both, cmak
# builds PARTNER's profile and MAIN's profile with `--merge PARTNER`, cmdial installs MAIN.
# Checks: `cmdial show` lists the merged book with its version; `cmdial pops` lists both books'
# POPs, each naming its book; `cmdial update-phonebook` updates both books (each a delta 1 -> 2
# from its own release, verified with its own key); a second update finds both up to date.
# Usage: merged_phonebooks_test.sh BIN_DIR
set -euo pipefail
bin=$(cd "${1:?usage: merged_phonebooks_test.sh BIN_DIR}" && pwd)
t=$(mktemp -d /tmp/cmsuite-merged.XXXXXX)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2> /dev/null || true; wait "$server_pid" 2> /dev/null || true; fi
  rm -rf "$t"
}
trap cleanup EXIT
export HOME=$t/home XDG_DATA_HOME=$t/home/data XDG_CONFIG_HOME=$t/home/config
export XDG_STATE_HOME=$t/home/state CMSUITE_SYSTEM_DIR=$t/system
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
# expect_in TEXT PATTERN WHAT: TEXT must contain the fixed string PATTERN.
expect_in() {
  grep -qF -- "$2" <<< "$1" || { printf '%s\n' "$1" >&2; fail "$3: '$2' missing"; }
}

# "BOOK POP_ID NAME" for each POP of `cmdial pops --json` on stdin.
rows() {
  python3 -c 'import json, sys; [print(p["book"], p["pop_id"], p["name"]) for p in json.load(sys.stdin)]'
}

# Two phone books, versions 1 and 2 (version 2 adds a POP to each).
publish() {  # NAME WORKSPACE COUNTRY CITY...
  local name=$1 ws=$2 country=$3
  shift 3
  "$bin/pbadmin" --workspace "$ws" create "$name" > /dev/null
  "$bin/pbadmin" --workspace "$ws" pop add "$name" --country "$country" --number 555-0101 \
    --city "$1" --area-code 206 > /dev/null
  "$bin/pbadmin" --workspace "$ws" publish "$name" > /dev/null
  "$bin/pbadmin" --workspace "$ws" pop add "$name" --country "$country" --number 555-0102 \
    --city "$2" --area-code 206 > /dev/null
  "$bin/pbadmin" --workspace "$ws" publish "$name" > /dev/null
}
publish MAIN "$t/ws-main" US "Main Seattle" "Main Tacoma"
publish PARTNER "$t/ws-partner" US "Partner Seattle" "Partner Everett"
main_key=$("$bin/pbadmin" --workspace "$t/ws-main" pubkey)
partner_key=$("$bin/pbadmin" --workspace "$t/ws-partner" pubkey)
[ "$main_key" != "$partner_key" ] || fail "the two workspaces share a key"

# pbserver on loopback with both books pinned to their publishers' keys, both posted.
mkdir -p "$t/pbs"
: > "$t/pbserver.toml"
printf 'poster-password\n' > "$t/password"
"$bin/pbserver" user add poster --password-stdin --config "$t/pbserver.toml" < "$t/password" > /dev/null
"$bin/pbserver" phonebook pin MAIN --key "$main_key" --data "$t/pbs" > /dev/null
"$bin/pbserver" phonebook pin PARTNER --key "$partner_key" --data "$t/pbs" > /dev/null
"$bin/pbserver" --config "$t/pbserver.toml" --data "$t/pbs" --listen 127.0.0.1:0 --workers 1 \
  --ready-file "$t/ready" > "$t/pbserver.out" 2> "$t/pbserver.err" &
server_pid=$!
for _ in $(seq 100); do
  [ -s "$t/ready" ] && break
  kill -0 "$server_pid" 2> /dev/null || break
  sleep 0.1
done
[ -s "$t/ready" ] || { cat "$t/pbserver.err" >&2; fail "pbserver did not start"; }
url="http://$(sed -n 1p "$t/ready")"
"$bin/pbadmin" --workspace "$t/ws-main" post MAIN --server "$url" --user poster \
  --password-file "$t/password" > /dev/null
"$bin/pbadmin" --workspace "$t/ws-partner" post PARTNER --server "$url" --user poster \
  --password-file "$t/password" > /dev/null

# The profiles ship version 1 of each book.
mkdir -p "$t/src/main" "$t/src/partner"
cabextract -q -d "$t/src/main" "$t/ws-main/MAIN/1/full.cab"
cabextract -q -d "$t/src/partner" "$t/ws-partner/PARTNER/1/full.cab"
"$bin/cmak" new PARTNER --service-name "Partner dial-up" --out "$t/profiles" --type dialup \
  --phonebook "$t/src/partner/PARTNER.pbk" --regions "$t/src/partner/PARTNER.pbr" \
  --pb-url "$url/pbserver/pbserver.dll" --pb-key "$partner_key" > /dev/null
"$bin/cmak" new MAIN --service-name "Main" --out "$t/profiles" --type double-dial \
  --vpn-server vpn.example.com --phonebook "$t/src/main/MAIN.pbk" \
  --regions "$t/src/main/MAIN.pbr" --pb-url "$url/pbserver/pbserver.dll" --pb-key "$main_key" \
  --merge "$t/profiles/PARTNER" > /dev/null
"$bin/cmak" keygen --out "$t/sign.key" > /dev/null
"$bin/cmak" build "$t/profiles/MAIN" --sign-key "$t/sign.key" -o "$t/MAIN.cab" > /dev/null 2>&1
"$bin/cmdial" install "$t/MAIN.cab" > /dev/null

show=$("$bin/cmdial" show MAIN)
expect_in "$show" "PARTNER (Partner dial-up): PARTNER.pbk version 1" "cmdial show"
pops=$("$bin/cmdial" pops MAIN --json)
books=$(rows <<< "$pops")
[ "$books" = "MAIN 1 Main Seattle
PARTNER 1 Partner Seattle" ] || { printf '%s\n' "$pops" >&2; fail "pops at version 1: $books"; }

update=$("$bin/cmdial" update-phonebook MAIN) || fail "update-phonebook failed: $update"
expect_in "$update" "phone book MAIN 1 -> 2 (delta)" "update of the own book"
expect_in "$update" "phone book PARTNER 1 -> 2 (delta)" "update of the merged book"
folder=$XDG_DATA_HOME/cmsuite/MAIN
[ "$(tr -d '\r\n' < "$folder/MAIN.ver")" = 2 ] || fail "MAIN.ver is not 2"
[ "$(tr -d '\r\n' < "$folder/PARTNER.ver")" = 2 ] || fail "PARTNER.ver is not 2"

books=$("$bin/cmdial" pops MAIN --json | rows)
[ "$books" = "MAIN 1 Main Seattle
MAIN 2 Main Tacoma
PARTNER 1 Partner Seattle
PARTNER 2 Partner Everett" ] || fail "pops at version 2: $books"
table=$("$bin/cmdial" pops MAIN)
expect_in "$table" "PARTNER" "pops table"
expect_in "$table" "Partner Everett" "pops table"
merged=$("$bin/cmdial" show MAIN --json |
  python3 -c 'import json, sys; b = json.load(sys.stdin)["merged_phonebooks"][0]; print(b["book"], b["version"])')
[ "$merged" = "PARTNER 2" ] || fail "cmdial show --json: merged book '$merged'"

again=$("$bin/cmdial" update-phonebook MAIN) || fail "second update failed: $again"
expect_in "$again" "phone book MAIN version 2 is up to date" "second update"
expect_in "$again" "phone book PARTNER version 2 is up to date" "second update"
echo "PASS: both phone books listed and updated from pbserver"
