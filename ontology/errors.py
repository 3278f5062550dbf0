"""The one exception type of ``ontology/``.

Raised with a message that says what was wrong and how to fix it; the CLI and API turn it into
an exit code or an HTTP error.
"""


class OntologyError(ValueError):
    """Bad input to the RDF export: an unknown format, a base that is not an absolute IRI, …"""
