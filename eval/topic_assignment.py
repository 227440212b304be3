"""Which rule puts a paper back into its topic: the rule `--topic` with a pool uses to give a
pool paper one topic of the list, measured leave-one-out on the list's own papers.

    python3 eval/topic_assignment.py INDEX_DIR [readnext flags before `topics`]

INDEX_DIR is an index readnext built (`data/.readnext/papers.md`, or `target/eval/seed-e5`
from `readnext --index-dir target/eval/seed-e5 index --model multilingual-e5-small`). The
script reads the index's `papers.json` and `vectors.f32`, asks `target/release/readnext topics
--json` for the topics, and for every paper not in "Other" takes it out of its topic and asks
each rule which topic it is closest to. Pure Python (no numpy): a few seconds at 250 papers.
Numbers in docs/suggestions.md (*One topic of a pool*).
"""

import json
import math
import os
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
READNEXT = os.path.join(HERE, "..", "target", "release", "readnext")


def main():
    idx = sys.argv[1]
    gen = open(os.path.join(idx, "CURRENT")).read().strip()
    papers = json.load(open(os.path.join(idx, gen, "papers.json")))["papers"]
    ids = [p["id"] for p in papers]
    raw = open(os.path.join(idx, gen, "vectors.f32"), "rb").read()
    n = len(ids)
    dim = len(raw) // 4 // n
    vec = [struct.unpack_from(f"{dim}f", raw, i * dim * 4) for i in range(n)]
    out = subprocess.run(
        [READNEXT, "-q", "--index-dir", idx] + sys.argv[2:] + ["topics", "--json"],
        capture_output=True, text=True, check=True,
    ).stdout
    pos = {pid: i for i, pid in enumerate(ids)}
    topic, other, members = {}, set(), {}
    for t in json.loads(out)["topics"]:
        for p in t["papers"]:
            topic[pos[p["id"]]] = t["id"]
            members.setdefault(t["id"], []).append(pos[p["id"]])
        if t["other"]:
            other.add(t["id"])
    sim = [[sum(x * y for x, y in zip(vec[i], vec[j])) for j in range(n)] for i in range(n)]
    real = [tp for tp in members if tp not in other]

    def centre(i, tp):
        m = [j for j in members[tp] if j != i]
        if not m:
            return -9.0
        return sum(sim[i][j] for j in m) / math.sqrt(max(sum(sim[a][b] for a in m for b in m), 1e-9))

    def top_mean(i, tp, m):
        s = sorted((sim[i][j] for j in members[tp] if j != i), reverse=True)[:m]
        return sum(s) / len(s) if s else -9.0

    def vote(i, k, among=None):
        pool = [j for j in topic if j != i and (among is None or topic[j] in among)]
        votes = {}
        for j in sorted(pool, key=lambda j: -sim[i][j])[:k]:
            votes[topic[j]] = votes.get(topic[j], 0.0) + sim[i][j]
        return max(votes, key=votes.get)

    def nearest_centres(i, c):
        return sorted(real, key=lambda tp: -centre(i, tp))[:c]

    rules = [
        ("nearest centre", lambda i: max(real, key=lambda tp: centre(i, tp))),
        ("nearest centre, Other's too", lambda i: max(members, key=lambda tp: centre(i, tp))),
        ("1 nearest paper", lambda i: vote(i, 1)),
        ("vote of 5 nearest papers", lambda i: vote(i, 5)),
        ("vote of 10 nearest papers", lambda i: vote(i, 10)),
    ]
    for m in (1, 2, 3, 5):
        rules.append((f"mean of {m} nearest members", lambda i, m=m: max(real, key=lambda tp: top_mean(i, tp, m))))
    for c in (3, 5, 8):
        rules.append((f"{c} nearest centres, then mean of 3 (shipped at 5)",
                      lambda i, c=c: max(nearest_centres(i, c), key=lambda tp: top_mean(i, tp, 3))))
    papers_in = [i for i in topic if topic[i] not in other]
    for name, rule in rules:
        ok = sum(rule(i) == topic[i] for i in papers_in)
        print(f"{name:48s} {ok}/{len(papers_in)} = {ok / len(papers_in):.3f}")


if __name__ == "__main__":
    main()
