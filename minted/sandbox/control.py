"""The control plane under /_sandbox/: reset, clock, faults, journal, health.

No digest auth here; instead, only loopback clients may use it (unless the settings say
otherwise), so a sandbox exposed on a network cannot be reset by a stranger.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from pydantic import BaseModel, Field

from minted.sandbox.envelope import envelope, is_loopback
from minted.sandbox.errors import SandboxError
from minted.sandbox.faults import Fault
from minted.sandbox.seed import seed_world


def loopback_only(request: Request) -> None:
    if request.app.state.settings.loopback_only_control and not is_loopback(request):
        raise SandboxError(403, 1102, "The sandbox control plane answers loopback clients only")


router = APIRouter(
    prefix="/_sandbox", tags=["sandbox control"], dependencies=[Depends(loopback_only)]
)


class ResetBody(BaseModel):
    demo_data: bool = True


class ClockBody(BaseModel):
    freeze: bool | None = None
    advance_seconds: float | None = Field(None, ge=-86400 * 365, le=86400 * 365)
    set_to: datetime | None = None


class FaultBody(BaseModel):
    route: str = Field("*", description='"*" or "METHOD /path" as in minted.endpoints')
    latency_ms: int = Field(0, ge=0, le=120_000)
    error_rate: float = Field(0.0, ge=0, le=1)
    status: int | None = Field(None, ge=400, le=599)
    malformed: bool = False
    drop: bool = False
    times: int | None = Field(None, ge=1)


@router.get("/health")
def health(request: Request) -> Any:
    world = request.app.state.world
    orders = world.store.one("SELECT COUNT(*) AS n FROM orders")["n"]
    customers = world.store.one("SELECT COUNT(*) AS n FROM customers")["n"]
    return envelope(
        {
            "status": "ok",
            "orders": orders,
            "customers": customers,
            "clock": world.clock.state(),
            "db": world.store.path,
        }
    )


@router.post("/reset")
def reset(request: Request, body: ResetBody | None = None) -> Any:
    world = request.app.state.world
    world.store.reset()
    world.clock.restore({})
    world.save_clock()
    request.app.state.faults.clear()
    request.app.state.journal.clear()
    if body is None or body.demo_data:
        seed_world(world)
    else:
        world.open_partner_account()
    return envelope({"reset": True, "demo_data": body is None or body.demo_data})


@router.get("/clock")
def get_clock(request: Request) -> Any:
    return envelope(request.app.state.world.clock.state())


@router.post("/clock")
def set_clock(request: Request, body: ClockBody) -> Any:
    world = request.app.state.world
    clock = world.clock
    if body.set_to is not None:
        clock.advance((body.set_to - clock.now()).total_seconds())
    if body.advance_seconds:
        clock.advance(body.advance_seconds)
    if body.freeze is True:
        clock.freeze()
    elif body.freeze is False:
        clock.unfreeze()
    world.save_clock()
    return envelope(clock.state())


@router.get("/faults")
def list_faults(request: Request) -> Any:
    return envelope(request.app.state.faults.list())


@router.post("/faults")
def add_fault(request: Request, body: FaultBody) -> Any:
    fault = request.app.state.faults.add(Fault(**body.model_dump()))
    return envelope(fault.to_dict())


@router.delete("/faults")
def clear_faults(request: Request) -> Any:
    request.app.state.faults.clear()
    return envelope([])


@router.post("/nonces/expire")
def expire_nonces(request: Request) -> Any:
    """Every nonce handed out so far becomes stale (as after the service's nonce lifetime)."""
    request.app.state.verifier.rotate_secret()
    return envelope({"expired": True})


@router.get("/journal")
def journal(request: Request, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> Any:
    entries = list(request.app.state.journal)[-limit:]
    return envelope(list(reversed(entries)))


def register(app: FastAPI) -> None:
    app.include_router(router)
