# Part of scripts/demo (sourced): phone books, releases, deltas, refusals.
step "1. Read a phone book as a client does (pbadmin check)"
run "$pbadmin" check "$root/testdata/demo/CORP.pbk" --regions "$root/testdata/demo/CORP.pbr"
printf '%s\r\n' "1,44,1,London,20,7946 0000,9600,56000,0,32," "2,44,1,Leeds,113" \
  "3,44,1,Hull,1482,7946 0003,9600,56000,0,32," > "$work/broken.pbk"
echo "A hand-made book whose second entry has too few commas (MS-CPSP: it and all later entries are ignored):"
run "$pbadmin" check "$work/broken.pbk"
printf '%s\r\n' "1,44,1,London,20,7946 0000,9600,56000,0,32,Dun,x,y" > "$work/rejected.pbk"
echo "An entry with more than eleven commas makes a client ignore the whole file:"
refused 1 "$pbadmin" check "$work/rejected.pbk" --json

step "2. Make a publisher key and release seven versions"
run "$pbadmin" keygen --out "$work/publisher.key"
cp "$root/testdata/demo/CORP.pbk" "$root/testdata/demo/CORP.pbr" "$work/"
for version in 1 2 3 4 5 6 7; do
  if [ "$version" -gt 1 ]; then
    # Each version: one number changes, one POP is added; version 4 also drops POP 12.
    sed -i "s/555-0101,/555-01$((10 + version)),/" "$work/CORP.pbk"
    sed -i "/^1,1,1,/s/,555-01[0-9]*,/,555-01$((10 + version)),/" "$work/CORP.pbk"
    printf '%s\r\n' "$((100 + version)),44,5,Sheffield $version,114,7946 01$((10 + version)),9600,56000,0,32," >> "$work/CORP.pbk"
    [ "$version" = 4 ] && sed -i '/^12,/d' "$work/CORP.pbk"
  fi
  run "$pbadmin" release build CORP --version "$version" --pbk "$work/CORP.pbk" \
      --pbr "$work/CORP.pbr" --key "$work/publisher.key" --root "$work/releases"
done
echo "Publishing again without a change is refused, as the original PBA did:"
refused 1 "$pbadmin" release build CORP --version 8 --pbk "$work/CORP.pbk" --pbr "$work/CORP.pbr" \
    --key "$work/publisher.key" --root "$work/releases"

step "3. The cabinets are ordinary MS-CAB files (checked by the independent cabextract)"
run cabextract -q -t "$work/releases/CORP/7/full.cab"
run cabextract -l "$work/releases/CORP/7/delta-3.cab"

step "4. A client installs version 3 in full, then takes the delta from 3 to 7"
pub=$("$pbadmin" pubkey --key "$work/publisher.key")
run "$pbadmin" release verify "$work/releases/CORP/3/full.cab" --key "$pub" --name CORP --installed "$work/client"
run "$pbadmin" release verify "$work/releases/CORP/7/delta-3.cab" --key "$pub" --name CORP --installed "$work/client"
if cmp -s "$work/client/CORP.pbk" <(cabextract -q -p -F CORP.pbk "$work/releases/CORP/7/full.cab"); then
  echo "the client's CORP.pbk equals version 7's full phone book byte for byte"
else
  echo "demo: the delta did not reproduce version 7" >&2; exit 1
fi

step "5. Tampered or foreign releases are refused"
echo "Someone unpacks version 7, changes an access number and packs a valid cabinet again:"
mkdir -p "$work/unpacked"
cabextract -q -d "$work/unpacked" "$work/releases/CORP/7/full.cab"
sed -i 's/555-0134/555-0666/' "$work/unpacked/CORP.pbk"
(cd "$work/unpacked" && gcab -c -z "$work/tampered.cab" CORP.pbk CORP.pbr CORP.ver manifest.json manifest.sig)
refused 1 "$pbadmin" release verify "$work/tampered.cab" --key "$pub"
echo "Someone else signs a release of CORP with their own key:"
"$pbadmin" keygen --out "$work/intruder.key" >/dev/null
printf '%s\r\n' "1,1,0,Evil,206,555-0100,9600,56000,0,32," > "$work/evil.pbk"
"$pbadmin" release build CORP --version 8 --pbk "$work/evil.pbk" --key "$work/intruder.key" --root "$work/evil" >/dev/null
refused 1 "$pbadmin" release verify "$work/evil/CORP/8/full.cab" --key "$pub"

