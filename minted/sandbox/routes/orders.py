"""Orders (lists, lookups, invoices, statuses), balances and their statistics, legal texts."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request

from minted import endpoints as ep
from minted.models import (
    BalanceStats,
    CashBalanceUpdate,
    CustomerBalance,
    Invoice,
    Order,
    OrderLookup,
    OrderStatus,
    Page,
    PartnerBalance,
    PartnerLegal,
    PartnerLegalRequest,
    Stats,
    StatsRequest,
    WalletableOrder,
)
from minted.sandbox.requests import OrderFilters
from minted.sandbox.routes._common import WorldDep, ok, ok_texts, paginate, route
from minted.sandbox.services import balances, orders


@route(ep.ORDERS, Page[Order])
def list_orders(request: Request, filters: Annotated[OrderFilters, Query()], world: WorldDep):
    count, texts = orders.list_order_texts(world, filters)
    return ok_texts(Page[Order], paginate(request, count, filters.page, filters.total, texts))


@route(ep.WALLETABLE_ORDERS, Page[WalletableOrder])
def list_walletable_orders(
    request: Request, filters: Annotated[OrderFilters, Query()], world: WorldDep
):
    count, texts = orders.list_walletable_texts(world, filters)
    page = paginate(request, count, filters.page, filters.total, texts)
    return ok_texts(Page[WalletableOrder], page)


@route(ep.ORDER_STATUSES, list[OrderStatus])
def order_statuses():
    return ok(list[OrderStatus], orders.statuses())


@route(ep.ORDER_GET, Order)
def get_order(external_order_id: str, world: WorldDep):
    return ok(Order, orders.get_order(world, external_order_id))


@route(ep.ORDER_FIND, Order)
def find_order(body: OrderLookup, world: WorldDep):
    order = orders.find_order(world, body.guid, body.order_code, body.external_id, body.push_hook)
    return ok(Order, order)


@route(ep.ORDER_INVOICE, Invoice)
def order_invoice(external_order_id: str, world: WorldDep):
    return ok(Invoice, orders.invoice(world, external_order_id))


@route(ep.PARTNER_LEGAL, PartnerLegal)
def partner_legal(body: PartnerLegalRequest, world: WorldDep):
    return ok(PartnerLegal, orders.legal(world, body.type, body.customer_external_id))


# -- balances -------------------------------------------------------------------------------------
@route(ep.PARTNER_BALANCE, list[PartnerBalance])
def partner_balance(world: WorldDep):
    return ok(list[PartnerBalance], balances.partner(world))


@route(ep.CUSTOMER_BALANCE, list[CustomerBalance])
def customer_balance(customer_external_id: str, world: WorldDep):
    return ok(list[CustomerBalance], balances.customer(world, customer_external_id))


@route(ep.CASH_BALANCE_UPDATE, list[CustomerBalance])
def update_cash_balance(customer_external_id: str, body: CashBalanceUpdate, world: WorldDep):
    return ok(list[CustomerBalance], balances.update_cash(world, customer_external_id, body))


@route(ep.STATS, Stats)
def stats(body: StatsRequest, world: WorldDep):
    return ok(Stats, balances.stats(world, body))


@route(ep.CUSTOMER_7D_STATS, BalanceStats)
def customer_7d_stats(customer_external_id: str, world: WorldDep):
    return ok(BalanceStats, balances.customer_7d_stats(world, customer_external_id))
