"""The dev set floors, scored with the shared scorer's own matching functions."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.extraction.conftest import scorer_path
from trienkhai.extraction import extract, read_path

FLOORS = {"people": 0.95, "titles": 0.90, "documents": 0.95, "deadlines": 0.90,
          "organisations": 0.85}


def load_scorer() -> ModuleType:
    path = scorer_path()
    if path is None:
        pytest.skip("shared/tools/score_extraction.py is not available on this machine")
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pairs(corpus: Path) -> list[tuple[Path, Path]]:
    out = []
    for expected in sorted((corpus / "dev").glob("*.expected.json")):
        text = expected.with_name(expected.name.replace(".expected.json", ".txt"))
        if not text.exists():
            text = expected.parent.parent / text.name
        out.append((expected, text))
    return out


def score(scorer: ModuleType, corpus: Path) -> tuple[dict[str, Any], list[str]]:
    """The scorer's per-field tallies, computed in-process (same functions as its main())."""
    fields = ["people", "titles", "documents", "deadlines", "organisations", "quotas"]
    tallies = {f: scorer.Tally() for f in fields}
    rows = []
    for expected_path, text_path in pairs(corpus):
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        got = extract(read_path(text_path)).to_dict()
        row = [text_path.name]
        tp, fp, fn, _ = scorer.match(expected.get("people", []), got["people"], scorer.same_person)
        tallies["people"].add(tp, fp, fn)
        row.append(f"people {tp}/{tp + fn} (+{fp})")
        norm = scorer.norm
        e_titles = {(norm(p["name"]), norm(t)) for p in expected.get("people", [])
                    for t in p.get("titles", [])}
        g_titles = {(norm(p["name"]), norm(t)) for p in got["people"] for t in p["titles"]}
        tallies["titles"].add(len(e_titles & g_titles), len(g_titles - e_titles),
                              len(e_titles - g_titles))
        for key, same in (("documents", scorer.same_document), ("deadlines", scorer.same_deadline),
                          ("quotas", scorer.same_quota)):
            if key == "quotas" and "quotas" not in expected:
                continue
            tp, fp, fn, _ = scorer.match(expected.get(key, []), got[key], same)
            tallies[key].add(tp, fp, fn)
            row.append(f"{key} {tp}/{tp + fn} (+{fp})")
        e_orgs = [norm(o) for o in expected.get("organisations", [])]
        tp, fp, fn, _ = scorer.match(e_orgs, [norm(o) for o in got["organisations"]],
                                     lambda a, b: a == b)
        tallies["organisations"].add(tp, fp, fn)
        row.append(f"organisations {tp}/{tp + fn} (+{fp})")
        rows.append("  ".join(row))
    return tallies, rows


def test_dev_corpus_floor(corpus: Path, capsys: pytest.CaptureFixture[str]):
    scorer = load_scorer()
    tallies, rows = score(scorer, corpus)
    table = list(rows)
    f1 = {}
    for field, tally in tallies.items():
        p, r, f = tally.f1()
        f1[field] = f
        table.append(f"{field:14s} precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")
    with capsys.disabled():
        print("\n" + "\n".join(table))
    low = {field: round(f1[field], 3) for field, floor in FLOORS.items() if f1[field] < floor}
    assert not low, f"below the floor: {low}"


def test_literal_fields_are_substrings_of_the_text(corpus: Path):
    for _, text_path in pairs(corpus):
        text = read_path(text_path)
        got = extract(text).to_dict()
        literals = [p["name"] for p in got["people"]]
        literals += [t for p in got["people"] for t in p["titles"]]
        for d in got["documents"]:
            literals += [d[k] for k in ("symbol", "number", "title", "issuer") if d[k]]
            literals += d["mentions"]
        literals += [d["text"] for d in got["deadlines"]] + [q["text"] for q in got["quotas"]]
        literals += got["organisations"]
        missing = [s for s in literals if s not in text]
        assert not missing, f"{text_path.name}: not in the text: {missing}"


def test_output_has_exactly_the_schema_keys(corpus: Path):
    _, text_path = pairs(corpus)[0]
    got = extract(read_path(text_path)).to_dict()
    assert list(got) == ["people", "documents", "deadlines", "quotas", "organisations"]
