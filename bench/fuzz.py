"""The long fuzz run: tests/test_fuzz.py's properties on 100,000+ generated and mutated real inputs.

Readers (bytes of .txt/.html/.jsonl files, plain or gzipped), the cleaner (text and HTML documents) and the
extractors (mutated real sentences) must give a result or a one-line InputError. Each property runs in its
own process (both cores); the first crash stops that property and is printed (then it becomes a test).

    .venv/bin/python bench/fuzz.py [--readers 50000] [--cleaner 35000] [--extractors 15000]
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))


def run(prop: str, n: int, seed: int) -> tuple[str, int, str | None, float]:
    """Run one property on ``n`` inputs; (name, inputs tried, first crash or None, seconds)."""
    from hostile import hostile_html, input_file, mutated_text
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hseed
    from hypothesis import strategies as st
    from test_fuzz import check_cleaning, check_extraction, check_reading

    from newsfuse.records import RawDocument

    tried = [0]
    options = settings(
        max_examples=n,
        deadline=None,
        database=None,
        phases=[Phase.generate],  # no shrinking time budget spent when nothing fails
        suppress_health_check=list(HealthCheck),
    )
    if prop == "readers":

        @given(input_file())
        def prop_fn(file):
            tried[0] += 1
            check_reading(*file)

    elif prop == "cleaner":
        docs = st.one_of(
            mutated_text().map(lambda t: RawDocument("fuzz.txt", text=t)),
            hostile_html().map(lambda h: RawDocument("fuzz.html", html=h)),
        )

        @given(docs)
        def prop_fn(doc):
            tried[0] += 1
            check_cleaning(doc)

    else:
        from newsfuse.annotate import load_nlp

        nlp = load_nlp()

        @given(mutated_text(), st.sampled_from([None, "2025-04-19", "1987-02-26", "2024-02-29"]))
        def prop_fn(text, published):
            tried[0] += 1
            check_extraction(nlp, text, published)

    start = time.perf_counter()
    crash = None
    try:
        hseed(seed)(options(prop_fn))()
    except Exception:  # noqa: BLE001 - the crash is the finding, reported with its input
        crash = traceback.format_exc(limit=6)
    return prop, tried[0], crash, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--readers", type=int, default=50_000)
    parser.add_argument("--cleaner", type=int, default=35_000)
    parser.add_argument("--extractors", type=int, default=15_000)
    parser.add_argument("--seed", type=int, default=20261206)
    args = parser.parse_args()
    jobs = [("extractors", args.extractors), ("readers", args.readers), ("cleaner", args.cleaner)]
    total = crashes = 0
    with ProcessPoolExecutor(2) as pool:
        futures = [pool.submit(run, prop, n, args.seed) for prop, n in jobs if n]
        for future in futures:
            prop, tried, crash, seconds = future.result()
            total += tried
            crashes += crash is not None
            print(f"{prop:<11} {tried:>7} inputs  {seconds:7.1f} s  crashes: {int(crash is not None)}")
            if crash:
                print(crash)
    print(f"{'all':<11} {total:>7} inputs  crashes: {crashes}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
