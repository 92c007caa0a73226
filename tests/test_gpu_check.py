"""``make gpu-check`` without a GPU: a clear one-line failure and a non-zero exit, fast, never a traceback or a hang."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_gpu_check_fails_clearly_without_a_gpu():
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": ""}
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "gpu_check.py")], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)
    out = (proc.stdout + proc.stderr).strip()
    assert proc.returncode == 2, out
    assert "Traceback" not in out
    lines = [l for l in out.splitlines() if "gpu-check" in l]
    assert len(lines) == 1 and "FAIL" in lines[0] and "no CUDA GPU" in lines[0], out


def test_make_gpu_check_target_runs_the_script():
    makefile = (ROOT / "Makefile").read_text()
    assert "gpu-check:" in makefile and "bench/gpu_check.py" in makefile.split("gpu-check:")[1].split("\n\n")[0]
