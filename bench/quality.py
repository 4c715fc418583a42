"""Extraction quality: time expressions (TimeBank + AQUAINT) and PLOVER events (gsr_dev), beside the goals.

    .venv/bin/python bench/quality.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from quality_events import evaluate_events  # noqa: E402
from quality_times import evaluate_times  # noqa: E402


def main() -> None:
    times = evaluate_times()
    print("Time expressions, TempEval-3 scoring on ../shared/data/timeml (TimeBank + AQUAINT)")
    for key in ("strict_f1", "relaxed_f1", "type_f1", "value_f1", "value_accuracy", "ms_per_doc"):
        if key in times:
            print(f"  {key:<16} {times[key]:.3f}")
    print(f"  goal: value F1 >= 0.85 (HeidelTime at TempEval-3: about 0.78); got {times['value_f1']:.3f}")
    events = evaluate_events()
    print("PLOVER events on ../shared/data/plover/gsr_dev.json")
    for key, value in events.items():
        if isinstance(value, float):
            print(f"  {key:<24} {value:.3f}")
    print("  goals: type accuracy >= 0.80; actor and target match >= 0.75")


if __name__ == "__main__":
    main()
