"""The partner API routes, one module per area; each records its handlers with
`_common.route`, and `register` serves them at `minted.endpoints` paths (or their overrides)."""

from fastapi import APIRouter, FastAPI

from minted.endpoints import Overrides
from minted.sandbox.routes import customers, ecom, orders, trading, walletable
from minted.sandbox.routes._common import ROUTES, register_routes

MODULES = (customers, trading, orders, walletable, ecom)  # imported: their routes are recorded


def register(app: FastAPI, overrides: Overrides | None = None) -> APIRouter:
    return register_routes(app, overrides)


__all__ = ["MODULES", "ROUTES", "register"]
