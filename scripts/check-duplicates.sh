#!/usr/bin/env bash
# Fails when src/ repeats a block of six or more lines (the team's `duplicates` tool, which reads
# same-shape code too). The tool comes with the developers' and CI's machines, not from npm.
# Rows the tool itself marks `boilerplate` are left out: they share only a thin shape (for example
# two repositories each mapping their own table's columns to fields, `id: Number(r.id), …`), which
# no shared function would make clearer. Every other row fails the check.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v duplicates >/dev/null 2>&1; then
  echo "duplicates: tool not installed on this machine; repeated-block check skipped"
  exit 0
fi
out="$(duplicates --repo src --most 50 --seconds 120)"
real="$(grep -E '^D[0-9]+ ' <<<"$out" | grep -vE ' boilerplate( |$)' || true)"
if grep -q '^incomplete:' <<<"$out"; then
  echo "$out"
  echo "duplicates: the check did not finish (above)"
  exit 1
elif [ -z "$real" ]; then
  echo "duplicates: none in src/ (apart from $(grep -cE '^D[0-9]+ .* boilerplate( |$)' <<<"$out" || true) thin row-mapping shapes the tool marks boilerplate)"
else
  echo "$real"
  echo "duplicates: src/ repeats itself (above); share one piece of code where the logic is the same"
  exit 1
fi
