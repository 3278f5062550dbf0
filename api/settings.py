"""The one settings object of regkg, read from the environment (``REGKG_*``) at the edges.

Graph, search and ontology code take what they need as parameters; only the CLI and the
API build a ``Settings`` and hand its values down.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

MAX_OFFSET = 1_000_000  # deeper than any list here; bounds what a request makes the graph skip
# How far a trace follows citations of citations (cited_by depth), the same for API and CLI
# (benchmarks/graph.py times depth 3).
MAX_DEPTH = 3


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="REGKG_", extra="ignore")

    home: Path = Field(
        default=Path("~/.regkg"),
        description="Where regkg keeps its graph data, index and server state (REGKG_HOME).",
    )
    # A Neo4j (or any Bolt) server; when unset, regkg starts its embedded ArcadeDB on loopback.
    neo4j_uri: str | None = Field(default=None, validation_alias="NEO4J_URI")
    neo4j_user: str = Field(default="neo4j", validation_alias="NEO4J_USER")
    neo4j_password: SecretStr | None = Field(default=None, validation_alias="NEO4J_PASSWORD")
    neo4j_database: str | None = Field(default=None, validation_alias="NEO4J_DATABASE")

    model: str | None = Field(
        default=None,
        description="sentence-transformers model name or local path; None = the offline default.",
    )
    query_model: str | None = Field(
        default=None,
        description="model for queries: None = the one the model names (the shipped student names "
        "EmbeddingGemma-300M), 'self' = the document model (more throughput, lower recall).",
    )
    precision: str = Field(
        default="auto",
        description="weights of a transformer encoder: auto (bf16 where the CPU has bf16 "
        "instructions, else fp32), fp32 or bf16.",
    )
    refine: bool = Field(
        default=True,
        description="while serving, re-embed indexed units with the query model in the "
        "background (best recall; ~13 min for the sample corpus on 2 cores; resumable).",
    )
    rdf_base: str = Field(default="https://regkg.example.org", description="Base of RDF IRIs.")

    api_key: SecretStr | None = Field(
        default=None,
        description="Required by write endpoints (ingest, delete); unset = writes off.",
    )
    cors_origins: list[str] = Field(default_factory=list, description="CORS off unless listed.")
    max_query_chars: int = 500
    max_upload_bytes: int = 20 * 1024 * 1024
    host: str = "127.0.0.1"
    port: int = 8000
    no_server: bool = Field(
        default=False,
        description="CLI read commands do the work themselves even when a `regkg serve` runs "
        "over the same home (REGKG_NO_SERVER); by default they ask it (api/client.py).",
    )

    @field_validator("home", mode="after")
    @classmethod
    def _expand_home(cls, value: Path) -> Path:
        return value.expanduser()

    @property
    def graph_home(self) -> Path:
        return self.home / "graph"

    @property
    def index_dir(self) -> Path:
        return self.home / "index"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings; tests override it via FastAPI's dependency overrides."""
    return Settings()
