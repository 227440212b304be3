#!/usr/bin/env bash
# Side-by-side: readnext vs sentence-transformers on the same CPU, texts and model files.
#   bash benches/peer/run.sh            # 2,000 abstracts, 2 threads
# Installs sentence-transformers into benches/peer/.venv (PyPI's torch is a CUDA build:
# about 3 GB), fetches the model with readnext, and prints tokens/s for each, the ratio,
# whole-process time and peak memory of indexing the seed list (f32; int8 throughput too,
# and bf16 against sentence-transformers under torch's bf16 autocast).
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${PEER_TEXTS:-2000}
export PEER_THREADS=${PEER_THREADS:-2} RAYON_NUM_THREADS=${PEER_THREADS:-2}
data=../shared/data/arxiv-2025.jsonl.gz
[ -f "$data" ] || { echo "skipped: $data is absent"; exit 0; }
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

cargo build --release -q
bin=target/release/readnext
$bin -q model fetch >/dev/null
export PEER_MODEL_DIR=$PWD/models/all-MiniLM-L6-v2
if [ ! -x benches/peer/.venv/bin/python ]; then
  python3 -m venv benches/peer/.venv
fi
benches/peer/.venv/bin/pip install -q -r benches/peer/requirements.txt

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$data" "$N" > "$work/texts.txt" <<'PY'
import gzip, json, sys
n = int(sys.argv[2])
with gzip.open(sys.argv[1], "rt", encoding="utf-8") as f:
    for i, line in enumerate(f):
        if i >= n:
            break
        print(" ".join(json.loads(line)["abstract"].split()))
PY
flags=$(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx512f|avx512_vnni|avx512_bf16|amx_tile|amx_bf16)$' | xargs)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) ($flags), threads $PEER_THREADS"
echo "== steady-state throughput, $N abstracts (sentence-transformers: batch 32; readnext: its default token-budget batches), best of 2"
st=$(benches/peer/.venv/bin/python benches/peer/peer.py throughput "$work/texts.txt" | tail -1)
rn=$($bin -q embed --input "$work/texts.txt" --stats --repeat 2 2>&1 >/dev/null | tail -1)
echo "$st"; echo "$rn"
rn8=$($bin -q embed --input "$work/texts.txt" --stats --repeat 2 --precision int8 2>&1 >/dev/null | tail -1)
echo "$rn8 (optional int8 path)"
stb=$(PEER_AUTOCAST=bf16 benches/peer/.venv/bin/python benches/peer/peer.py throughput "$work/texts.txt" | tail -1)
rnb=$($bin -q embed --input "$work/texts.txt" --stats --repeat 2 --precision bf16 2>&1 >/dev/null | tail -1)
echo "$stb (torch bf16 autocast)"; echo "$rnb (optional bf16 path)"
python3 - "$st" "$rn" "$rn8" "$stb" "$rnb" <<'PY'
import sys
st, rn, rn8, stb, rnb = (float(a.split()[-2]) for a in sys.argv[1:6])
print(f"ratio readnext / sentence-transformers: {rn / st:.2f}x (int8: {rn8 / st:.2f}x)")
print(f"ratio readnext bf16 / sentence-transformers bf16 autocast: {rnb / stb:.2f}x")
PY

echo "== whole process: index the seed list ($(wc -l < data/papers.md) lines)"
# The list's passages as the reference file has them (its first 253 texts).
python3 - > "$work/passages.txt" <<'PY'
import json
rows = [json.loads(l) for l in open("../shared/reference/all-MiniLM-L6-v2.jsonl")]
for r in rows[:253]:
    print(" ".join(r["text"].split()))
PY
# Three runs each (the first warms the page cache); the median wall time and peak RSS are reported.
for i in 1 2 3; do
  /usr/bin/time -f "%e %M" -o "$work/st.$i" benches/peer/.venv/bin/python benches/peer/peer.py index "$work/passages.txt" "$work/out.npy"
  /usr/bin/time -f "%e %M" -o "$work/rn.$i" $bin -q --list data/papers.md --index-dir "$work/ix" index --rebuild >/dev/null
done
python3 - "$work" <<'PY'
import statistics, sys
def runs(prefix):
    rows = [open(f"{sys.argv[1]}/{prefix}.{i}").read().split() for i in (1, 2, 3)]
    return statistics.median(float(r[0]) for r in rows), max(int(r[1]) for r in rows)
st, rn = runs("st"), runs("rn")
print(f"sentence-transformers script: median {st[0]:.2f} s, peak {st[1]} KB")
print(f"readnext index --rebuild:     median {rn[0]:.2f} s, peak {rn[1]} KB")
print(f"ratio: readnext is {st[0] / rn[0]:.1f}x faster, {st[1] / rn[1]:.1f}x less memory")
PY
