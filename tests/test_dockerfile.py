"""The GPU worker image, checked by reading the Dockerfile (this machine has no Docker engine to build it)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            op, _, rest = line.partition(" ")
            out.append((op.upper(), rest.strip()))
    return out


def test_dockerfile_essentials():
    ops = instructions()
    (base,) = [rest for op, rest in ops if op == "FROM"]
    assert re.match(r"pytorch/pytorch:[\d.]+-cuda[\d.]+-cudnn\d+-runtime$", base), base
    run = " ".join(rest for op, rest in ops if op == "RUN")
    assert "-c requirements.lock" in run and "pip install" in run  # locked versions
    assert "useradd" in run
    users = [rest for op, rest in ops if op == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert any(op == "VOLUME" and "huggingface" in rest for op, rest in ops)
    health = [rest for op, rest in ops if op == "HEALTHCHECK"]
    assert health and "import alignment" in health[0]
    env = " ".join(rest for op, rest in ops if op in ("ENV", "ARG"))
    assert not re.search(r"AWS_(SECRET_)?ACCESS_KEY|AWS_SESSION_TOKEN|PREFECT_API_KEY|HF_TOKEN", env), "no credentials"
    copied = {src for op, rest in ops if op == "COPY" for src in rest.split()[:-1]}
    for needed in ("alignment", "tasks", "flows", "expectations", "configs", "deployments", "data", "requirements.lock"):
        assert any(needed in c for c in copied), needed


def test_everything_the_image_copies_exists():
    for op, rest in instructions():
        if op == "COPY":
            for src in rest.split()[:-1]:
                assert (ROOT / src).exists(), src
