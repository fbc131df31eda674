#!/usr/bin/env bash
# Fails when src/ repeats a block of six or more lines (the team's `duplicates` tool, which reads
# same-shape code too). The tool comes with the developers' and CI's machines, not from npm.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v duplicates >/dev/null 2>&1; then
  echo "duplicates: tool not installed on this machine; repeated-block check skipped"
  exit 0
fi
out="$(duplicates --repo src --most 50 --seconds 120)"
if grep -q '^no duplicates' <<<"$out"; then
  echo "duplicates: none in src/"
else
  echo "$out"
  echo "duplicates: src/ repeats itself (above); share one piece of code where the logic is the same"
  exit 1
fi
