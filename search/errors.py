"""The search package's own exception type.

Raised with a one-line message that says what was wrong and how to fix it.
"""

from __future__ import annotations


class SearchError(Exception):
    """Bad search input (empty or oversized query, unknown filter) or an unusable index."""


class ExpansionFailed(Exception):
    """The graph could not expand a result list (its server is down or unreachable): a fault
    of the server, not of the question, so the caller answers without expansion."""
