# SingAlign GPU worker image: CUDA PyTorch, the project with its locked dependencies, non-root.
# Build:  docker build -t singalign-worker:latest .
FROM pytorch/pytorch:2.7.1-cuda12.8-cudnn9-runtime

ENV PIP_NO_CACHE_DIR=1 \
    PYTHONUNBUFFERED=1 \
    HF_HOME=/home/singalign/.cache/huggingface \
    SINGALIGN_CACHE=/home/singalign/.cache/singalign \
    PREFECT_LOGGING_EXTRA_LOGGERS=alignment

WORKDIR /opt/singalign
COPY pyproject.toml requirements.lock README.md ./
COPY alignment ./alignment
COPY tasks ./tasks
COPY flows ./flows
COPY singalign ./singalign
COPY expectations ./expectations
COPY configs ./configs
COPY data ./data
# The lock pins torch 2.13.0: on linux/x86_64 PyPI serves the CUDA build of it.
RUN pip install -c requirements.lock . \
 && useradd --create-home --uid 10001 singalign \
 && mkdir -p /home/singalign/.cache && chown -R singalign /home/singalign /opt/singalign

USER singalign
VOLUME ["/home/singalign/.cache/huggingface"]
HEALTHCHECK --interval=60s --timeout=20s CMD python -c "import alignment, flows.retrain" || exit 1
CMD ["prefect", "worker", "start", "--pool", "gpu"]
