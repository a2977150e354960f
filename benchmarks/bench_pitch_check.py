"""`pitch.check` on 1 MB scripts: prose with many repeats, and shapes that once made it slow.

    python benchmarks/bench_pitch_check.py [--runs N]

Each text is just under the 1,000 kB that `reflect pitch check` accepts. "prose" is sentences of
a pitch vocabulary with fillers, hedges and phrases said again and again (thousands of repeated
phrases: the case that took 69 s when the repeat search was quadratic); the others are one-word
sentences, bullets, questions and fillers end to end. Prints the median wall and CPU time of
`check` in this process for each, and the wall time of one real `reflect pitch check` process on the
prose file; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import tempfile
import time
from pathlib import Path

from _common import median_ms, reflect_command

from reflect.core.story import pitch

SIZE = 990_000

_WORDS = (
    "I help small shops keep customers who leave quietly we find the reason in their own data and fix "
    "it within a month you know basically just really the team grew revenue by forty percent last year "
    "maybe I think our clients trust us because we listen first and ship fast so let's talk"
).split()


def _fill(piece: str) -> str:
    """`piece` repeated up to SIZE characters."""
    return (piece * (SIZE // len(piece) + 1))[:SIZE]


def texts() -> dict[str, str]:
    """The scripts checked, each about SIZE characters."""
    rng = random.Random(14)
    out: list[str] = []
    size = 0
    while size < SIZE:
        sentence = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(4, 30))).capitalize()
        sentence += rng.choice([". ", "? ", "! ", ".\n\n"])
        out.append(sentence)
        size += len(sentence)
    return {
        "prose": "".join(out)[:SIZE],
        "one-word sentences": _fill("Yes. "),
        "bullets": _fill("\n- a"),
        "questions": _fill("Why? "),
        "fillers": _fill("um you know "),
    }


def measure(runs: int = 5) -> dict:
    """Median ms (wall, CPU) per text, repeated phrases found in the prose, and one CLI run."""
    figures: dict[str, dict[str, float]] = {}
    repeats = 0
    for name, text in texts().items():
        wall, cpu = [], []
        for _ in range(runs):
            w, c = time.perf_counter(), time.process_time()
            report = pitch.check(text, target_seconds=60)
            wall.append(time.perf_counter() - w)
            cpu.append(time.process_time() - c)
        if name == "prose":
            repeats = len(report.repeated_phrases)
        figures[name] = {"wall_ms": median_ms(wall), "cpu_ms": median_ms(cpu)}
    with tempfile.TemporaryDirectory(prefix="reflect-bench-pitch-") as tmp:
        script = Path(tmp) / "pitch.txt"
        script.write_text(texts()["prose"], encoding="utf-8")
        start = time.perf_counter()
        subprocess.run([*reflect_command(), "--data-dir", str(Path(tmp) / "journal"), "pitch", "check", str(script), "--target", "60"],
                       check=True, stdout=subprocess.DEVNULL)
        cli_ms = (time.perf_counter() - start) * 1000
    return {"texts": figures, "prose_repeated_phrases": repeats, "cli_ms": cli_ms, "runs": runs, "bytes": SIZE}


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description="pitch.check on 1 MB")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    fig = measure(args.runs)
    print(f"pitch.check on {fig['bytes']:,} characters, median of {fig['runs']} runs")
    for name, f in fig["texts"].items():
        print(f"  {name:>20}: wall {f['wall_ms']:7.0f} ms, CPU {f['cpu_ms']:7.0f} ms")
    print(f"  prose has {fig['prose_repeated_phrases']:,} repeated phrases")
    print(f"  `reflect pitch check` process on the prose: {fig['cli_ms']:.0f} ms wall")


if __name__ == "__main__":
    main()
