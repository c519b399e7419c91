"""Field accuracy of the parser: against the checked manifest of the real sample letters, and against
the ground truth of a seeded synthetic corpus (both layouts). `python bench/accuracy.py [N]`.

The synthetic check measures the parser against the letters' grammar as the generator writes it; it
is not a substitute for real letters the parser was not tuned to.
"""

from __future__ import annotations

import csv
import random
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.parse import Letter, parse_letter
from pipeline.parse.taxonomy import split_specialties, state_codes
from pipeline.synth import generate_letter

FIX = ROOT / "tests" / "fixtures"


def _d(s: str):
    return datetime.strptime(s, "%m/%d/%Y").date()


def real() -> Counter:
    c: Counter = Counter()
    with open(FIX / "manifest.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            r = parse_letter((FIX / "txt" / f"{row['case_number']}.txt").read_text(), "x")
            if not isinstance(r, Letter):
                c["rejected"] += 1
                continue
            k = r.case
            checks = {
                "case_number": k.case_number == row["case_number"],
                "decision_date": k.decision_date == _d(row["decision_date"]),
                "date_of_injury": k.date_of_injury == _d(row["date_of_injury"]),
                "ur_denial_date": k.ur_denial_date == _d(row["ur_denial_date"]),
                "application_received_date": k.application_received_date == _d(row["application_received"]),
                "patient_age": k.patient_age == int(row["age"]),
                "patient_sex": k.patient_sex == row["sex"],
                "license_states": r.reviewer.license_states == state_codes(row["state_of_licensure"]),
                "primary_specialty": r.reviewer.primary_specialty == split_specialties(row["certification_specialty"])[0],
                "item_counts": (k.n_items, k.n_upheld, k.n_overturned)
                == (int(row["n_items"]), int(row["n_upheld"]), int(row["n_overturned"])),
            }
            for name, ok in checks.items():
                c[(name, ok)] += 1
    return c


def synthetic(n: int) -> Counter:
    c: Counter = Counter()
    rng = random.Random(20261122)
    for i in range(n):
        text, truth = generate_letter(rng, i, "2016" if i % 5 else "2013", seed=3)
        r = parse_letter(text, "x")
        if not isinstance(r, Letter):
            c["rejected"] += 1
            continue
        k = r.case
        for f in ("case_number", "patient_age", "patient_sex", "diagnosis"):
            c[(f, getattr(k, f) == truth[f])] += 1
        for f in ("date_of_injury", "decision_date", "ur_denial_date"):
            c[(f, str(getattr(k, f) or None) == str(truth[f]))] += 1
        c[("specialties", r.reviewer.specialties == truth["specialties"])] += 1
        c[("license_states", r.reviewer.license_states == truth["license_states"])] += 1
        c[("item_count", len(r.items) == len(truth["items"]))] += 1
        for got, want in zip(r.items, truth["items"]):
            c[("treatment", got.treatment == want["treatment"])] += 1
            c[("decision", got.decision == want["decision"])] += 1
            c[("service_category", got.service_category == want["service_category"])] += 1
            c[("service_subcategory", got.service_subcategory == want["service_subcategory"])] += 1
            c[("body_region", got.body_region == want["body_region"])] += 1
            c[("requested_quantity", got.requested_quantity == want["requested_quantity"])] += 1
            c[("rationale_conclusion", got.rationale_conclusion == want["rationale_conclusion"])] += 1
    return c


def show(title: str, c: Counter) -> None:
    print(f"\n{title}" + (f"  (rejected: {c['rejected']})" if c["rejected"] else ""))
    names = sorted({k[0] for k in c if isinstance(k, tuple)})
    for name in names:
        ok, bad = c[(name, True)], c[(name, False)]
        print(f"  {name:24s} {ok / (ok + bad):7.2%}  ({ok}/{ok + bad})")


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    show("24 real letters vs manifest.csv", real())
    show(f"{n} synthetic letters vs ground truth", synthetic(n))
