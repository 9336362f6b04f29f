#!/usr/bin/env python3
"""Print the INSERT of amb.currency for amb--1.2--1.3.sql.

Source: the ISO 4217 list of Debian's iso-codes package
(/usr/share/iso-codes/json/iso_4217.json, LGPL-2.1+), which follows the
ISO 4217 maintenance agency's list of current codes.  Regenerate with
    python3 scripts/currency_sql.py [path]
and paste the output over the INSERT in the script (a new delta script
once 1.3 is released).
"""
import json
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/iso-codes/json/iso_4217.json"
with open(path, encoding="utf-8") as f:
    rows = json.load(f)["4217"]
rows = sorted(rows, key=lambda r: r["alpha_3"])
print("INSERT INTO amb.currency (code, name) VALUES")
out = []
for r in rows:
    name = r["name"].replace("'", "''")
    out.append("\t('%s', '%s')" % (r["alpha_3"], name))
print(",\n".join(out) + ";")
