#!/usr/bin/env python3
"""How well `suggest --pool` (and `plan --pool`) find papers hidden in a pool, two ways.

1. Related pairs of the seed list: the papers of ../shared/eval/related-dev.tsv that are
   related to a query paper (and are not query papers themselves, 70 of them) are taken
   off the list and hidden among the pool's papers (title only, as the list has them);
   after reading one query paper, recall@5/@10/@12/@20 of its hidden related papers among
   `suggest --pool --count 20`, and among the 12 papers of `plan --pool --weeks 4`,
   averaged over the 38 queries.
2. Narrow arXiv categories (cs.IT, cs.GR, astro-ph.CO, astro-ph.GA): 100 papers of the
   category from the pool, 20 as a list (with abstracts) and the other 80 left in the
   pool; recall@50 of the 80 with nothing read and after reading 5 of the 20.

    python3 eval/pool_recall.py

The pool is target/eval/pool8.jsonl with its index in target/eval/pool8 (written by
eval/pool_plan.py); the index is copied for the first measure, whose pool holds the
hidden papers too (only they are embedded). Work files go to target/eval/pool-recall/.
"""
import json, os, shutil, subprocess, sys

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
readnext = os.path.join(repo, "target/release/readnext")
work = os.path.join(repo, "target/eval/pool-recall")
pool8, pool8_ix = os.path.join(repo, "target/eval/pool8.jsonl"), os.path.join(repo, "target/eval/pool8")
if not os.path.isdir(pool8_ix):
    sys.exit("run eval/pool_plan.py first: it writes and indexes target/eval/pool8.jsonl")
os.makedirs(work, exist_ok=True)
env = {k: v for k, v in os.environ.items() if not k.startswith("READNEXT_")}


def run(args):
    out = subprocess.run([readnext, "-q"] + args, capture_output=True, text=True, env=env, cwd=repo)
    if out.returncode != 0:
        sys.exit(out.stderr)
    return json.loads(out.stdout)


def history(path, ids):
    with open(path, "w") as f:
        f.write("".join(f"2026-11-20\t{i}\n" for i in ids))
    return path


# 1. Related pairs of the seed list, hidden in the pool.
papers = run(["papers", "--json"])
papers = papers["papers"] if isinstance(papers, dict) else papers
rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(repo, "../shared/eval/related-dev.tsv"))][1:]
queries = {r[0] for r in rows}
norm = lambda t: " ".join(t.lower().split())
by_title = {norm(p["title"]): p for p in papers}
hidden, related = {}, {}
for q, r, _ in rows:
    if r in queries or norm(r) not in by_title:
        continue
    p = by_title[norm(r)]
    hidden[p["id"]] = p
    related.setdefault(q, set()).add(p["id"])
record = lambda p: json.dumps({"id": p["id"], "title": p["title"], "url": p.get("url", "")}) + "\n"
listed = os.path.join(work, "list.jsonl")
with open(listed, "w") as f:
    f.writelines(record(p) for p in papers if p["id"] not in hidden)
pool = os.path.join(work, "pool.jsonl")
with open(pool, "w") as f:
    f.writelines(open(pool8))
    f.writelines(record(p) for p in hidden.values())
pool_ix = os.path.join(work, "pool-ix")
if not os.path.isdir(pool_ix):
    shutil.copytree(pool8_ix, pool_ix)
ids = {norm(p["title"]): p["id"] for p in papers}
at = {5: 0.0, 10: 0.0, 12: 0.0, 20: 0.0}
planned = 0.0
for q, rel in sorted(related.items()):
    h = history(os.path.join(work, "h.txt"), [ids[norm(q)]])
    common = ["--list", listed, "--index-dir", os.path.join(work, "list-ix"), "--history", h]
    from_pool = ["--pool", pool, "--pool-index-dir", pool_ix, "--json"]
    got = [s["id"] for s in run(common + ["suggest", "--count", "20"] + from_pool)["suggestions"]]
    for k in at:
        at[k] += len(rel & set(got[:k])) / len(rel)
    # The 12 papers of a 4-week plan (suggest's first 12 are what --count 12 gives).
    weeks = run(common + ["plan", "--weeks", "4"] + from_pool)["weeks"]
    planned += len(rel & {p["id"] for w in weeks for p in w["papers"]}) / len(rel)
n = len(related)
print(f"related pairs hidden in the pool ({len(hidden)} papers, {n} queries): suggest --pool " +
      ", ".join(f"recall@{k} {v / n:.3f}" for k, v in at.items()) +
      f"; the 12 papers of plan --pool --weeks 4: recall {planned / n:.3f}")

# 2. Narrow categories.
primary = lambda r: (r.get("categories") or [r.get("primary_category")])[0]
records = [json.loads(l) for l in open(pool8)]
out = {False: [], True: []}
for cat in ["cs.IT", "cs.GR", "astro-ph.CO", "astro-ph.GA"]:
    mine = [r for r in records if primary(r) == cat][:100]
    lst, rest = mine[:20], {r["id"] for r in mine[20:]}
    path = os.path.join(work, f"{cat}.jsonl")
    with open(path, "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in lst)
    for read in (False, True):
        h = history(os.path.join(work, f"{cat}.h"), [r["id"] for r in lst[:5]] if read else [])
        got = [s["id"] for s in run(["--list", path, "--index-dir", os.path.join(work, f"ix-{cat}"), "--history", h,
                                     "suggest", "--pool", pool8, "--pool-index-dir", pool8_ix, "--count", "50", "--json"])["suggestions"]]
        out[read].append(len(rest & set(got)) / len(rest))
for read, v in out.items():
    print(f"narrow categories, {'5 of 20 read' if read else 'nothing read'}: recall@50 " +
          " / ".join(f"{x:.3f}" for x in v) + f", mean {sum(v) / len(v):.3f}")
