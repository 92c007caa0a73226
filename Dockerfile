# SingAlign GPU worker image: CUDA PyTorch, the project with its locked dependencies, a non-root user.
# Build (on a machine with Docker):   docker build -t singalign-worker:latest .
# The Kubernetes pool (deployments/work-pools/gpu.json) runs flow runs in this image; the Hugging Face cache is a
# volume (mount the base model there), and S3 credentials come from the pod's service account, never the image.
FROM pytorch/pytorch:2.7.1-cuda12.8-cudnn9-runtime

ENV PIP_NO_CACHE_DIR=1 \
    PYTHONUNBUFFERED=1 \
    HF_HOME=/home/singalign/.cache/huggingface \
    SINGALIGN_CACHE=/home/singalign/.cache/singalign \
    SINGALIGN_HOME=/opt/singalign \
    PREFECT_LOGGING_EXTRA_LOGGERS=alignment \
    TOKENIZERS_PARALLELISM=false

WORKDIR /opt/singalign
COPY pyproject.toml requirements.lock README.md ./
COPY alignment ./alignment
COPY tasks ./tasks
COPY flows ./flows
COPY singalign ./singalign
COPY expectations ./expectations
COPY configs ./configs
COPY deployments ./deployments
COPY data ./data
# Editable install: configs, data and the lm-eval task files resolve inside /opt/singalign, where the deployments'
# pull step (set_working_directory) runs flows. The lock pins torch 2.13.0; on linux/x86_64 PyPI serves its CUDA
# build. bitsandbytes enables QLoRA (training.quantization: 4bit); vLLM serves evaluation generations.
RUN pip install -c requirements.lock -e . \
 && pip install bitsandbytes vllm \
 && useradd --create-home --uid 10001 singalign \
 && mkdir -p /home/singalign/.cache/huggingface /home/singalign/.cache/singalign \
 && chown -R singalign /home/singalign /opt/singalign

USER singalign
VOLUME ["/home/singalign/.cache/huggingface"]
HEALTHCHECK --interval=60s --timeout=20s CMD python -c "import alignment, flows.retrain, tasks.train" || exit 1
CMD ["prefect", "worker", "start", "--pool", "gpu", "--type", "kubernetes"]
