"""The partner API routes, one module per area; each registers at `minted.endpoints` paths."""

from fastapi import FastAPI

from minted.sandbox.routes import customers, ecom, orders, trading, walletable


def register(app: FastAPI) -> None:
    for module in (customers, trading, orders, walletable, ecom):
        app.include_router(module.router)
