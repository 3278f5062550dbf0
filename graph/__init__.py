"""The regulation graph: records from ``ingest`` as a property graph over Bolt.

Embedded ArcadeDB by default (``ensure_server``), any Neo4j 5 when configured (``connect``).
"""

from graph.errors import GraphError
from graph.loader import LoadReport, load
from graph.server import BoltConfig, ensure_server, server_status, stop_server
from graph.store import GraphStore, connect

__all__ = [
    "BoltConfig",
    "GraphError",
    "GraphStore",
    "LoadReport",
    "connect",
    "ensure_server",
    "load",
    "server_status",
    "stop_server",
]
