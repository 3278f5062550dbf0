"""Runs the HTTP API and web page under uvicorn for ``regkg serve``.

The graph server and the search index are opened once, before the first request.
"""

from __future__ import annotations

import logging
import signal
import sys

from api.settings import Settings

# regkg's own progress lines (the background refinement) beside uvicorn's, in its format.
PROGRESS_LOGGERS = ("regkg.api", "search.refine")


def serve(settings: Settings) -> None:
    import uvicorn

    from api.app import create_app

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s:     %(message)s"))
    for name in PROGRESS_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(logging.INFO)
        logger.addHandler(handler)
        logger.propagate = False
    app = create_app(settings)
    print(f"regkg: serving the API and web page on http://{settings.host}:{settings.port}/")
    # `regkg search` and the other read commands under the same home ask this server
    # (api/client.py) instead of loading the models themselves.
    from api.client import announce, withdraw

    announce(settings)
    # uvicorn shuts down on SIGTERM, then raises it again: exit through `finally` instead of
    # dying on the default handler with the record left behind.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")
    finally:
        withdraw(settings)
