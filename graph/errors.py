"""The one exception type of the graph package.

Raised when the graph server cannot be reached or started, or a document cannot be loaded.
"""

from __future__ import annotations


class GraphError(Exception):
    """The graph is unavailable or refused a write; the message is one line a person can act on."""


class GraphUnavailable(GraphError):
    """The graph server went away or cannot be reached: no document is at fault, so a load stops
    instead of trying each document on its own (what it committed stays whole)."""
