#!/usr/bin/env python3
"""Weeks planned from a pool (`readnext plan --pool`) against `suggest --pool`'s list cut
into weeks of three, on the seed list and a sample of the shared arXiv data.

For each hand label of ../shared/eval/topics-dev.tsv with two papers or more (the blog
and miscellaneous labels left out), the label's first two papers are the history; each
method gives 6 weeks x 3 from the pool. Printed: the share of same-week pairs with the
same arXiv primary category, the mean cosine of same-week titles (MiniLM, `readnext
embed`), and the mean relevance of the papers planned.

    python3 eval/pool_plan.py [--pool-index-dir DIR]

The pool is every 8th paper of ../shared/data/arxiv-2025.jsonl.gz (11,114 papers),
written to target/eval/pool8.jsonl and indexed once (about 15 minutes on 2 cores;
`--pool-index-dir` keeps the index where you want it). Needs a release build
(`cargo build --release`) and the default model.
"""
import argparse, collections, gzip, itertools, json, os, subprocess, sys

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
shared = os.path.join(repo, "..", "shared")
ap = argparse.ArgumentParser()
ap.add_argument("--pool-index-dir", default=os.path.join(repo, "target/eval/pool8"))
ap.add_argument("--readnext", default=os.path.join(repo, "target/release/readnext"))
a = ap.parse_args()
pool = os.path.join(repo, "target/eval/pool8.jsonl")
if not os.path.exists(pool):
    os.makedirs(os.path.dirname(pool), exist_ok=True)
    with gzip.open(os.path.join(shared, "data/arxiv-2025.jsonl.gz"), "rt") as f, open(pool, "w") as out:
        for i, line in enumerate(f):
            if i % 8 == 0:
                out.write(line)
env = {k: v for k, v in os.environ.items() if not k.startswith("READNEXT_")}
primary = {}
for line in open(pool):
    r = json.loads(line)
    primary[r["id"]] = (r.get("categories") or [r.get("primary_category")])[0]
rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(shared, "eval/topics-dev.tsv"))][1:]
by = collections.defaultdict(list)
for title, label, _ in rows:
    by[label].append(title)
labels = [l for l in sorted(by) if len(by[l]) >= 2 and l not in ("blog-news-nonpaper", "misc-other-research")]
history = os.path.join(repo, "target/eval/pool-plan-history.txt")


def run(args, hist):
    with open(history, "w") as f:
        f.write("".join(f"2026-11-20\t{t}\n" for t in hist))
    out = subprocess.run([a.readnext, "-q", "--history", history] + args, capture_output=True,
                         text=True, env=env, cwd=repo, check=True)
    return json.loads(out.stdout)


vectors = {}


def cosines(week):
    need = [p for p in week if p["id"] not in vectors]
    if need:
        text = "\n".join(p["title"].replace("\n", " ") for p in need)
        out = subprocess.run([a.readnext, "-q", "embed", "--input", "-"], input=text,
                             capture_output=True, text=True, env=env, cwd=repo, check=True)
        for p, line in zip(need, out.stdout.splitlines()):
            vectors[p["id"]] = json.loads(line)["embedding"]
    return [sum(x * y for x, y in zip(vectors[p["id"]], vectors[q["id"]]))
            for p, q in itertools.combinations(week, 2)]


def stats(weeks):
    pairs = [(p, q) for w in weeks for p, q in itertools.combinations(w, 2)]
    same = sum(primary.get(p["id"]) == primary.get(q["id"]) for p, q in pairs)
    cos = [c for w in weeks for c in cosines(w)]
    papers = [p for w in weeks for p in w]
    return same, len(pairs), sum(cos) / max(1, len(cos)), sum(p["score"] for p in papers) / max(1, len(papers))


pool_args = ["--pool", pool, "--pool-index-dir", a.pool_index_dir]
total = {"plan": [0, 0, [], []], "suggest": [0, 0, [], []]}
for label in labels:
    hist = by[label][:2]
    plan = run(["plan"] + pool_args + ["--weeks", "6", "--json"], hist)
    sugg = run(["suggest"] + pool_args + ["--count", "18", "--json"], hist)["suggestions"]
    for name, weeks in (("plan", [w["papers"] for w in plan["weeks"]]),
                        ("suggest", [sugg[i:i + 3] for i in range(0, len(sugg), 3)])):
        same, pairs, cos, rel = stats(weeks)
        t = total[name]
        t[0] += same; t[1] += pairs; t[2].append(cos); t[3].append(rel)
print(f"{len(labels)} histories of two papers of one label, 6 weeks x 3 from {pool}")
print("method | same-week pairs with one primary category | mean title cosine in a week | mean relevance")
for name, (same, pairs, cos, rel) in total.items():
    what = "plan --pool" if name == "plan" else "suggest --pool --count 18, in threes"
    print(f"{what} | {same}/{pairs} = {same / pairs:.2f} | {sum(cos) / len(cos):.3f} | {sum(rel) / len(rel):.3f}")
