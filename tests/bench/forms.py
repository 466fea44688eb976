"""Benchmark of the printed forms: ``python tests/bench/forms.py``.

For each form: the first build in a fresh process (imports and font registration
included) and the median of 20 warm builds, each against a bare ReportLab canvas
page with the same text measured in the same run. Targets: 30 ms warm, 250 ms first.
The machine's load shows in both columns alike: compare the ratio between runs.
"""

from __future__ import annotations

import io
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WARM_RUNS = 20
WARM_TARGET_MS = 30
FIRST_TARGET_MS = 250
FIRST = """
import time, sys
start = time.perf_counter()
from desktop.core.forms.registry import FORMS
from desktop.core.forms.samples import sample_case
case = sample_case()
began = time.perf_counter()
FORMS[sys.argv[1]].build(case)
print(time.perf_counter() - began, began - start)
"""


def bare_page(text: str) -> bytes:
    """The same text on one plain canvas page, in the same font (the baseline)."""
    from reportlab.pdfgen.canvas import Canvas

    from desktop.core.forms import fonts

    fonts.register()
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.setFont(fonts.MAIN, 10.5)
    y = 800.0
    for line in text.splitlines():
        canvas.drawString(40, y, line[:60])
        y -= 14
        if y < 40:
            canvas.showPage()
            canvas.setFont(fonts.MAIN, 10.5)
            y = 800.0
    canvas.save()
    return buffer.getvalue()


def median_ms(work: object, runs: int = WARM_RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def first_in_process(form: str) -> float:
    result = subprocess.run(
        [sys.executable, "-c", FIRST, form], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return float(result.stdout.split()[0]) * 1000


def main() -> None:
    from pypdf import PdfReader

    from desktop.core.forms.registry import FORMS
    from desktop.core.forms.samples import sample_case

    case = sample_case()
    print(f"targets: {WARM_TARGET_MS} ms warm, {FIRST_TARGET_MS} ms first in a process")
    print(f"{'form':<11} {'warm ms':>8} {'bare ms':>8} {'ratio':>6} {'first ms':>9} {'target':>14}")
    for key, spec in FORMS.items():
        pdf = spec.build(case)
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        warm = median_ms(lambda spec=spec: spec.build(case))
        bare = median_ms(lambda text=text: bare_page(text))
        first = first_in_process(key)
        ok = "ok" if warm <= WARM_TARGET_MS and first <= FIRST_TARGET_MS else "MISSED"
        print(f"{key:<11} {warm:8.1f} {bare:8.1f} {warm / bare:6.1f} {first:9.1f} {ok:>14}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
