#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Writes the utf8-crlf/, utf16le-crlf/ and cp1252-crlf/ copies of the hand-made profile files in
# utf8-lf/. Run from anywhere: python3 testdata/ini/make_variants.py
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
VARIANTS = {
    "utf8-crlf": lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    "utf16le-crlf": lambda text: b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le"),
    "cp1252-crlf": lambda text: text.replace("\n", "\r\n").encode("cp1252"),
}

for source in sorted((HERE / "utf8-lf").iterdir()):
    text = source.read_text(encoding="utf-8")
    for folder, encode in VARIANTS.items():
        target = HERE / folder / source.name
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(encode(text))
