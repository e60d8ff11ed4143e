# Part of scripts/demo (sourced): the Phone Book Administrator's workspace.
step "6. The Phone Book Administrator's workspace: import, edit, publish, history"
ws="$work/workspace"
echo "Phone book names follow the seed's rule (at most eight letters or digits, not all digits):"
refused 1 "$pbadmin" --workspace "$ws" create CORPORATE
run "$pbadmin" --workspace "$ws" create SAMPLE
mapfile -t regions < "$root/testdata/sample/regions.txt"
run "$pbadmin" --workspace "$ws" region add SAMPLE "${regions[@]}" | tail -n 2
echo "An import is all or nothing; every bad line is named:"
printf '%s\r\n' "1, 1, 1, Seattle, 206, 555-0101, 9600, 56000, 0, 32, Dun" \
  "2, 1, 1, Bad, 206, 555-CALL, 9600, 56000, 0, 32," "3, 999, 1, Nowhere, 206, 555-0103" > "$work/bad.txt"
refused 1 "$pbadmin" --workspace "$ws" import SAMPLE "$work/bad.txt"
run "$pbadmin" --workspace "$ws" import SAMPLE "$root/testdata/sample/sample.txt"
run "$pbadmin" --workspace "$ws" publish SAMPLE
run "$pbadmin" --workspace "$ws" pop edit SAMPLE 3 --number 555-0199 --service-types ISDN --surcharge
run "$pbadmin" --workspace "$ws" pop add SAMPLE --country GB --number "7946 0123" --city Cambridge \
    --area-code 1223 --region "UK South"
run "$pbadmin" --workspace "$ws" pop show SAMPLE 3
run "$pbadmin" --workspace "$ws" publish SAMPLE
run "$pbadmin" --workspace "$ws" pop edit SAMPLE 10 --out-of-service
run "$pbadmin" --workspace "$ws" pop delete SAMPLE 20 21
run "$pbadmin" --workspace "$ws" publish SAMPLE
echo "Publishing again without a change is refused:"
refused 1 "$pbadmin" --workspace "$ws" publish SAMPLE
run "$pbadmin" --workspace "$ws" history SAMPLE
wspub=$("$pbadmin" --workspace "$ws" pubkey)
run "$pbadmin" release verify "$ws/SAMPLE/3/delta-1.cab" --key "$wspub" --name SAMPLE

