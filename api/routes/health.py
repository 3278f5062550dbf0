"""``GET /healthz``: is the graph reachable and the index open, and how much do they hold.

Answers 503 with the same body shape when the graph cannot be reached.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import ServiceDep, SettingsDep
from api.routes import plain
from api.schemas import HealthOut

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=HealthOut, responses={503: {"model": HealthOut}})
def healthz(svc: ServiceDep, settings: SettingsDep) -> HealthOut | JSONResponse:
    """Liveness and readiness in one: counts of what the graph holds."""
    writes = settings.api_key is not None and bool(settings.api_key.get_secret_value())
    try:
        stats = plain(svc.stats())
        graph_ok = True
    except Exception:
        stats, graph_ok = {}, False
    try:
        refinement = svc.refine_status().as_json()
        search_ok = True
    except Exception:
        refinement, search_ok = None, False
    counts = {k: v for k, v in _flatten(stats).items() if isinstance(v, int)}
    health = HealthOut(
        status="ok" if graph_ok and search_ok else "degraded",
        graph=graph_ok,
        search=search_ok,
        writes_enabled=writes,
        counts=counts,
        refinement=refinement,
    )
    if not graph_ok:
        return JSONResponse(status_code=503, content=health.model_dump())
    return health


@router.get("/livez", response_model=dict[str, str])
def livez() -> dict[str, str]:
    """Is this process serving: no graph or index work, so a CLI can ask in milliseconds
    whether to send its command here (api/client.py) rather than load the models itself."""
    return {"status": "ok"}


def _flatten(stats: object, prefix: str = "") -> dict[str, object]:
    """``{"nodes": {"Clause": 3}}`` → ``{"nodes.Clause": 3}`` so counts stay a flat map."""
    if not isinstance(stats, dict):
        return {}
    out: dict[str, object] = {}
    for key, value in stats.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = value
    return out
