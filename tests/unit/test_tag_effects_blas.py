"""numpy's BLAS runs the tag effects' small fits on one thread, unless the user set a thread count,
and the environment is left as it was (see `tag_effects.load_numpy`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# A stand-in numpy that records what OpenBLAS would read when it loads.
FAKE = "import os\nSEEN = {k: os.environ.get(k) for k in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS')}\n"

CHILD = """
import json, os, sys
{before}
from reflect.core.insights.tag_effects import load_numpy
np = load_numpy()
print(json.dumps({{"seen": np.SEEN, "after": os.environ.get("OPENBLAS_NUM_THREADS")}}))
"""


def _run(tmp_path: Path, env: dict[str, str], before: str = "") -> dict:
    (tmp_path / "numpy").mkdir(exist_ok=True)
    (tmp_path / "numpy" / "__init__.py").write_text(FAKE)
    clean = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")}
    done = subprocess.run([sys.executable, "-c", CHILD.format(before=before)], capture_output=True, text=True, cwd=ROOT,
                          env={**clean, **env, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}, check=True)
    return json.loads(done.stdout)


def test_numpy_is_loaded_with_one_blas_thread_and_the_environment_put_back(tmp_path: Path) -> None:
    assert _run(tmp_path, {}) == {"seen": {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": None}, "after": None}


@pytest.mark.parametrize("name", ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"])
def test_a_thread_count_the_user_set_is_kept(tmp_path: Path, name: str) -> None:
    got = _run(tmp_path, {name: "3"})
    assert got["seen"][name] == "3"
    assert got["seen"]["OPENBLAS_NUM_THREADS"] in (None, "3") and got["after"] == ("3" if name == "OPENBLAS_NUM_THREADS" else None)


def test_numpy_imported_elsewhere_first_is_left_as_it_is(tmp_path: Path) -> None:
    assert _run(tmp_path, {}, before="import numpy")["seen"]["OPENBLAS_NUM_THREADS"] is None
