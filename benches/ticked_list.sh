#!/bin/bash
# A list changed outside its passages (a box ticked): whole-process times of two readnext
# binaries, each in its own copy of one indexed 20,000-title markdown list (docs/speed.md,
# "A list changed outside its passages").
#
#   bash benches/ticked_list.sh OLD_BINARY NEW_BINARY [WORK_DIR]
#
# Needs ../shared/data/arxiv-2025.jsonl.gz and the model (READNEXT_MODEL_DIR, else the one the
# README's first command fetched into models/).
set -euo pipefail
old=$1
new=$2
work=${3:-${TMPDIR:-/tmp}/readnext-ticked-list}
repo="$(cd "$(dirname "$0")/.." && pwd)"
data="$repo/../shared/data/arxiv-2025.jsonl.gz"
# The model `cargo run --release -- --fetch-model …` put in the repository, unless told.
if [ -z "${READNEXT_MODEL_DIR:-}" ] && [ -d "$repo/models/all-MiniLM-L6-v2" ]; then
  export READNEXT_MODEL_DIR="$repo/models/all-MiniLM-L6-v2"
fi
mkdir -p "$work"
if [ ! -f "$work/base/big.md" ]; then
  mkdir -p "$work/base"
  python3 - "$data" "$work/base/big.md" <<'PY'
import gzip, json, sys
with gzip.open(sys.argv[1], "rt") as f, open(sys.argv[2], "w") as out:
    for n, line in enumerate(f):
        if n == 20000:
            break
        r = json.loads(line)
        if n % 100 == 0:
            out.write(f"\n## Part {n // 100}\n\n")
        out.write(f"- [ ] [{' '.join(r['title'].split())}](https://arxiv.org/abs/{r['id']})\n")
PY
  (cd "$work/base" && "$new" -q --list big.md index > /dev/null)
fi
ms() { local s; s=$(date +%s%N); "$R" -q --list big.md "$@" > /dev/null; echo $(( ($(date +%s%N) - s) / 1000000 )); }
tick() { sed -i '0,/- \[ \]/s//- [x]/' big.md; touch -d '1 min ago' big.md; }
for who in old new; do
  R=${!who}
  rm -rf "${work:?}/$who"
  cp -r "$work/base" "$work/$who"
  cd "$work/$who"
  q="$(sed -n '5p' big.md | sed 's/.*\] \[\(.*\)\](.*/\1/')"
  # Warm: every cache made by this binary, then the list stamped.
  "$R" -q --list big.md index > /dev/null
  "$R" -q --list big.md topics > /dev/null
  touch -d '1 min ago' big.md
  ms related "$q" -k 3 > /dev/null
  stamped="$(ms related "$q" -k 3) $(ms related "$q" -k 3) $(ms related "$q" -k 3)"
  tick
  ticked="$(ms related "$q" -k 3) $(ms related "$q" -k 3) $(ms related "$q" -k 3) $(ms related "$q" -k 3) $(ms related "$q" -k 3)"
  tick
  index=$(ms index)
  after="$(ms related "$q" -k 3) $(ms related "$q" -k 3) $(ms related "$q" -k 3)"
  tick
  suggest="$(ms suggest) $(ms suggest) $(ms suggest)"
  echo "$who: stamped $stamped ms | five commands after a ticked box: $ticked ms | index after another: $index ms, then $after ms | suggest after another: $suggest ms"
done
