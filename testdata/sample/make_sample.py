#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Writes the sample POP lists (sample.txt in the PBA import format, sample.csv) and regions.txt.
# Deterministic; fictional numbers only (NANP 555-01xx, UK 7946 0xxx, Australia 5550 xxxx).
import random

rng = random.Random(3)
regions = ["US West", "US East", "US Central", "Canada", "UK South", "UK North", "Scotland",
           "Australia East", "Australia West"]
# (country TAPI ID, region index 1-based, city, area code, number format)
places = [
    (1, 1, "Seattle", "206"), (1, 1, "Portland", "503"), (1, 1, "San Francisco", "415"),
    (1, 1, "Los Angeles", "213"), (1, 2, "New York", "212"), (1, 2, "Boston", "617"),
    (1, 2, "Philadelphia", "215"), (1, 2, "Atlanta", "404"), (1, 3, "Chicago", "312"),
    (1, 3, "Dallas", "214"), (1, 3, "Denver", "303"), (107, 4, "Toronto", "416"),
    (107, 4, "Montreal", "514"), (107, 4, "Vancouver", "604"), (107, 4, "Calgary", "403"),
    (44, 5, "London", "20"), (44, 5, "Bristol", "117"), (44, 5, "Brighton", "1273"),
    (44, 6, "Manchester", "161"), (44, 6, "Leeds", "113"), (44, 6, "Newcastle", "191"),
    (44, 7, "Glasgow", "141"), (44, 7, "Edinburgh", "131"), (61, 8, "Sydney", "2"),
    (61, 8, "Brisbane", "7"), (61, 9, "Perth", "8"),
]
kinds = [  # (label, min, max, flags) flags by the inverted bits: 32 Modem+ISDN, 36 ISDN only...
    ("", 9600, 56000, 32), (" ISDN", 64000, 128000, 36), (" Modem", 9600, 56000, 40),
    (" Premium", 9600, 56000, 96), (" Multicast", 9600, 56000, 0),
]
pops = []
pop_id = 0
for country, region, city, area in places:
    for n in range(rng.randint(8, 16)):
        pop_id += 1
        label, low, high, flags = kinds[rng.randrange(len(kinds))]
        name = f"{city}{label} {n + 1}"[:30]
        if country in (1, 107):
            number = f"555-01{rng.randrange(100):02d}"
        elif country == 44:
            number = f"7946 0{rng.randrange(1000):03d}"
        else:
            number = f"5550 {rng.randrange(10000):04d}"
        dun = "CorpDialup" if rng.random() < 0.5 else ""
        pops.append((pop_id, country, region, name, area, number, low, high, 0, flags, dun))

with open("regions.txt", "w", newline="\n") as f:
    f.write("\n".join(regions) + "\n")
with open("sample.txt", "w", newline="\r\n") as f:
    f.write("# Sample POPs in the Phone Book Administrator's import format (fictional numbers)\n")
    for p in pops:
        f.write(", ".join(str(v) for v in p).rstrip() + "\n")
names = {32: "Modem ISDN", 36: "ISDN", 40: "Modem", 96: "Modem ISDN", 0: "Modem ISDN Multicast"}
with open("sample.csv", "w", newline="\r\n") as f:
    f.write("pop_id,country,region_id,name,area_code,number,min_speed,max_speed,reserved,service_types,"
            "surcharge,dun,in_service\n")
    for p in pops:
        f.write(",".join(str(v) for v in p[:9]) +
                f",{names[p[9]]},{'yes' if p[9] & 64 else 'no'},{p[10]},yes\n")
print(len(pops), "POPs")
