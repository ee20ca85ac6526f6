"""Speed and quality of the extractor, and a comparison with underthesea's general NER.

    .venv/bin/python bench/bench_extraction.py [--articles 300] [--no-underthesea]

Speed: ~10 KB articles are built at run time by concatenating the dev texts (nothing is copied
into the repository); the process is pinned to one core and timed after a warm-up. The target
is >= 100 articles per second.

Quality: micro F1 per field on the dev set with the shared scorer's own matching functions, for
our extractor and for an underthesea baseline. underthesea's `ner()` (a CRF model shipped inside
the package, no download) tags PER/ORG/LOC; its `deep=True` model would be fetched from a model
hub at run time, which this workplace cannot reach, so only the CRF model is compared. The
baseline maps PER to people and ORG (or ORG+LOC, since it tags most Party bodies as LOC) to
organisations; it has no notion of titles, documents, deadlines or quotas.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from trienkhai.extraction import extract, read_path  # noqa: E402

FIELDS = ["people", "titles", "documents", "deadlines", "organisations", "quotas"]


def corpus_root() -> Path:
    for candidate in (os.environ.get("TRIENKHAI_CORPUS_DIR", ""), REPO.parent / "shared" / "corpus",
                      "/work/shared/corpus"):
        if candidate and (Path(candidate) / "dev").is_dir():
            return Path(candidate)
    sys.exit("the labelled corpus (shared/corpus/dev) was not found; set TRIENKHAI_CORPUS_DIR")


def load_scorer(root: Path) -> ModuleType:
    path = root.parent / "tools" / "score_extraction.py"
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    if spec is None or spec.loader is None:
        sys.exit(f"scorer not found at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def labelled(root: Path) -> list[tuple[dict[str, Any], str]]:
    out = []
    for expected in sorted((root / "dev").glob("*.expected.json")):
        text = expected.with_name(expected.name.replace(".expected.json", ".txt"))
        if not text.exists():
            text = root / text.name
        out.append((json.loads(expected.read_text(encoding="utf-8")), read_path(text)))
    return out


# --- speed ------------------------------------------------------------------------------------


def build_articles(texts: list[str], count: int, size: int = 10_000) -> list[str]:
    """~`size`-byte articles cut at paragraph ends from the dev texts, each starting elsewhere."""
    articles = []
    for n in range(count):
        paragraphs = [p for k in range(len(texts)) for p in
                      texts[(n + k) % len(texts)].split("\n") if p.strip()]
        paragraphs = paragraphs[n % 7:] + paragraphs[:n % 7]
        out: list[str] = []
        total = 0
        for paragraph in paragraphs:
            length = len(paragraph.encode("utf-8")) + 1
            if total and total + length > size * 1.05:
                continue  # too long to fit: try a shorter paragraph
            out.append(paragraph)
            total += length
            if total >= size * 0.95:
                break
        articles.append("\n".join(out) + "\n")
    return articles


def _idlest_core(cores: set[int]) -> int:
    """The allowed core that was least busy over a short sample of /proc/stat (Linux)."""
    def sample() -> dict[int, tuple[int, int]]:
        out = {}
        for line in Path("/proc/stat").read_text().splitlines():
            name, *fields = line.split()
            if name.startswith("cpu") and name[3:].isdigit():
                values = [int(v) for v in fields]
                out[int(name[3:])] = (values[3] + values[4], sum(values))  # idle+iowait, total
        return out

    try:
        first = sample()
        time.sleep(0.3)
        second = sample()
    except (OSError, ValueError):
        return min(cores)

    def busy(core: int) -> float:
        idle = second[core][0] - first[core][0]
        total = second[core][1] - first[core][1]
        return 1 - idle / total if total else 1.0

    return min((c for c in cores if c in first and c in second), key=busy, default=min(cores))


def pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = _idlest_core(set(os.sched_getaffinity(0)))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}, the idlest at start"
    return "not pinned (no sched_setaffinity)"


def bench_speed(texts: list[str], count: int) -> dict[str, float]:
    articles = build_articles(texts, count)
    for article in articles[:20]:  # warm-up: imports, caches, the gazetteer
        extract(article)
    times = []
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for article in articles:
        t = time.perf_counter()
        extract(article)
        times.append((time.perf_counter() - t) * 1000)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    times.sort()
    return {
        "articles": len(articles),
        "mean_kb": sum(len(a.encode("utf-8")) for a in articles) / len(articles) / 1024,
        "per_s_wall": len(articles) / wall,
        "per_s_cpu": len(articles) / cpu,
        "p50_ms": statistics.median(times),
        "p95_ms": times[int(0.95 * (len(times) - 1))],
    }


# --- quality ----------------------------------------------------------------------------------


def score(scorer: ModuleType, rows: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    tallies = {f: scorer.Tally() for f in FIELDS}
    norm = scorer.norm
    for expected, got in rows:
        tallies["people"].add(*scorer.match(expected.get("people", []), got.get("people", []),
                                            scorer.same_person)[:3])
        e_titles = {(norm(p["name"]), norm(t)) for p in expected.get("people", [])
                    for t in p.get("titles", [])}
        g_titles = {(norm(p["name"]), norm(t)) for p in got.get("people", [])
                    for t in p.get("titles", [])}
        tallies["titles"].add(len(e_titles & g_titles), len(g_titles - e_titles),
                              len(e_titles - g_titles))
        for key, same in (("documents", scorer.same_document), ("deadlines", scorer.same_deadline),
                          ("quotas", scorer.same_quota)):
            if key == "quotas" and "quotas" not in expected:
                continue
            tallies[key].add(*scorer.match(expected.get(key, []), got.get(key, []), same)[:3])
        tallies["organisations"].add(*scorer.match(
            [norm(o) for o in expected.get("organisations", [])],
            [norm(o) for o in got.get("organisations", [])], lambda a, b: a == b)[:3])
    return tallies


def underthesea_baseline(text: str, with_loc: bool) -> dict[str, Any]:
    """General NER: PER → people (no titles), ORG (and LOC) → organisations."""
    from underthesea import ner, sent_tokenize

    people: list[str] = []
    orgs: list[str] = []
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            continue
        for sentence in sent_tokenize(paragraph):
            current: list[str] = []
            kind = ""
            for word, _pos, _chunk, tag in [*ner(sentence), ("", "", "", "O")]:
                if tag.startswith("I-") and current and tag[2:] == kind:
                    current.append(word)
                    continue
                if current:
                    entity = " ".join(current)
                    if kind == "PER" and entity not in people:
                        people.append(entity)
                    elif (kind == "ORG" or (with_loc and kind == "LOC")) and entity not in orgs:
                        orgs.append(entity)
                current, kind = ([word], tag[2:]) if tag.startswith("B-") else ([], "")
    return {"people": [{"name": p, "titles": []} for p in people], "documents": [],
            "deadlines": [], "quotas": [], "organisations": orgs}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--no-underthesea", action="store_true")
    args = parser.parse_args()

    root = corpus_root()
    scorer = load_scorer(root)
    data = labelled(root)

    pinned = pin_to_one_core()
    speed = bench_speed([text for _, text in data], args.articles)
    print(f"Speed ({pinned}, {speed['articles']} articles of {speed['mean_kb']:.1f} KB on average)")
    print(f"  articles/s (wall): {speed['per_s_wall']:.0f}   articles/s (CPU): "
          f"{speed['per_s_cpu']:.0f}   target >= 100")
    print(f"  per article: p50 {speed['p50_ms']:.2f} ms   p95 {speed['p95_ms']:.2f} ms")

    systems: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = {
        "ours": [(expected, extract(text).to_dict()) for expected, text in data],
    }
    note = ""
    if not args.no_underthesea:
        try:
            import underthesea

            t = time.perf_counter()
            systems["uts ORG"] = [(e, underthesea_baseline(text, False)) for e, text in data]
            uts_seconds = time.perf_counter() - t
            systems["uts ORG+LOC"] = [(e, underthesea_baseline(text, True)) for e, text in data]
            note = (f"underthesea {underthesea.__version__} CRF ner(): "
                    f"{len(data) / uts_seconds:.1f} dev articles/s (~1-10 KB each)")
        except Exception as exc:  # report, do not fail the benchmark
            note = f"underthesea baseline unavailable: {type(exc).__name__}: {exc}"

    tallies = {name: score(scorer, rows) for name, rows in systems.items()}
    print("\nMicro F1 on the dev set (precision / recall / F1)")
    print(f"  {'field':14s}" + "".join(f"{name:>24s}" for name in tallies))
    for field in FIELDS:
        cells = []
        for name in tallies:
            p, r, f = tallies[name][field].f1()
            cells.append(f"{p:.3f}/{r:.3f}/{f:.3f}")
        print(f"  {field:14s}" + "".join(f"{c:>24s}" for c in cells))
    if note:
        print("\n" + note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
