"""Extraction quality: time expressions (TimeBank + AQUAINT), PLOVER events (gsr_dev) and the PETRARCH
unit-test records, each on two fixed halves (bench/halves.py), beside the goals.

    .venv/bin/python bench/quality.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from quality_events import evaluate_events, print_result  # noqa: E402
from quality_times import evaluate_times, print_halves  # noqa: E402


def main() -> None:
    times = evaluate_times()
    print("Time expressions, TempEval-3 scoring on ../shared/data/timeml (TimeBank + AQUAINT)")
    for key in ("strict_f1", "relaxed_f1", "type_f1", "value_f1", "value_accuracy", "ms_per_doc"):
        if key in times:
            print(f"  {key:<16} {times[key]:.3f}")
    print(f"  goal: value F1 >= 0.85 (HeidelTime at TempEval-3: about 0.78); got {times['value_f1']:.3f}")
    print_halves(times)
    print_result(evaluate_events(), "PLOVER events on ../shared/data/plover/gsr_dev.json")
    print("  goals: type accuracy >= 0.80; actor and target match >= 0.75 (on the unread half)")
    print_result(evaluate_events(dataset="petrarch"), "PETRARCH unit-test records (CAMEO mapped to PLOVER)")


if __name__ == "__main__":
    main()
