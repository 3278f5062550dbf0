"""Runs the HTTP API and web page under uvicorn for ``regkg serve``.

The graph server and the search index are opened once, before the first request.
"""

from __future__ import annotations

from api.settings import Settings


def serve(settings: Settings) -> None:
    import uvicorn

    from api.app import create_app

    app = create_app(settings)
    print(f"regkg: serving the API and web page on http://{settings.host}:{settings.port}/")
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")
