#!/usr/bin/env bash
# Print the INSERT statement that loads data/nicknames/names.csv into amb.nickname,
# for pasting into the extension script (extension scripts cannot read files).
# Usage: scripts/nicknames_sql.sh > /tmp/nicknames.sql
set -euo pipefail
cd "$(dirname "$0")/.."
echo "INSERT INTO amb.nickname (name, nickname, shipped) VALUES"
tail -n +2 data/nicknames/names.csv | tr -d '\r' |
	awk -F, '$2 == "has_nickname" {
		gsub(/'"'"'/, "'"''"'", $1); gsub(/'"'"'/, "'"''"'", $3);
		printf "%s\t('"'"'%s'"'"', '"'"'%s'"'"', true)", (NR > 1 ? ",\n" : ""), $1, $3
	} END { print ";" }'
