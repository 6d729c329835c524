"""Walletable baskets and Complete Buy / Sell / Delivery.

A customer has at most one open basket per type (buy, sell, delivery).  A basket fixes its
prices for ``price_ttl_seconds``; ``pricefix.remaining`` counts down and goes negative once the
price is stale.  Reading or changing a stale basket re-fixes it (``pricefix.updated: true`` and
the new ``token``, as the docs' api-26503549 example shows); completing a stale basket is
refused (5003), so an expired quote can never be bought.  Completing the same ``cart_token``
twice returns the first order.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from minted.fees import unit_minting_fee
from minted.models import SummaryRequest, WalletableOrder
from minted.sandbox.catalog import METAL_CURRENCIES, PRODUCTS, WALLETABLE_SKUS
from minted.sandbox.errors import invalid, not_found, refused
from minted.sandbox.pricing import money
from minted.sandbox.services import render
from minted.sandbox.store import dumps, loads
from minted.sandbox.world import (
    PARTNER,
    ZERO,
    World,
    customer_owner,
    iso,
    product_or_error,
    stamp,
    token,
)

BASKET_TYPES = ("buy", "sell", "delivery")
MINT_FEE_NAMES = {"tr": "Mint Ücreti", "en": "Minting Fee"}
# A completed order's line carries three priced extras, as the docs' Complete Buy shows them
# (named so, in either language); a basket's line only its Minting Fee, as both basket
# examples show it (api-26503559: one entry, id 7 "Mint Ücreti").
ORDER_ITEM_PRICES = ((6, "Fiziksel Dönüşüm"), (4, "Kargo"), (7, "Minting Fee"))
MINTING_FEE_ID = 7


def _sku_asset(sku: str) -> str:
    return f"sku:{sku}"


class Baskets:
    def __init__(self, world: World) -> None:
        self.world = world

    # -- reading ----------------------------------------------------------------------------------
    def _open_basket(self, customer: dict, basket_type: str, cart_token: str | None) -> dict | None:
        if cart_token:
            row = self.world.store.one(
                "SELECT data FROM baskets "
                "WHERE token = ? AND customer_id = ? AND status = 'basket'",
                (cart_token, customer["id"]),
            )
            if row is None:
                raise not_found(5001, "Basket not found for this customer and cart_token")
            return loads(row["data"])
        row = self.world.store.one(
            "SELECT data FROM baskets WHERE customer_id = ? AND type = ? AND status = 'basket' "
            "ORDER BY id DESC LIMIT 1",
            (customer["id"], basket_type),
        )
        return loads(row["data"]) if row else None

    def get_active(self, external_customer_id: str, basket_type: str, lang: str) -> dict:
        customer = self.world.customer_row(external_customer_id)
        self._check_type(basket_type)
        with self.world.store.transaction():
            basket = self._open_basket(customer, basket_type, None)
            if basket is None:  # a basket starts with its first item (Add Basket Item)
                raise not_found(5001, f"{external_customer_id!r} has no open {basket_type} basket")
            refreshed = self._refresh_if_stale(basket)
            return self.render(basket, customer, lang, refreshed=refreshed)

    # -- changing ---------------------------------------------------------------------------------
    def add_item(self, body: dict, lang: str) -> dict:
        customer = self.world.customer_row(body["external_customer_id"])
        basket_type = body.get("type") or "buy"
        self._check_type(basket_type)
        product = product_or_error(body.get("sku"), digital=False)
        qty = self._qty(body.get("qty", 1))
        with self.world.store.transaction():
            basket = self._open_basket(customer, basket_type, body.get("cart_token"))
            if basket is None:
                basket = self._new_basket(customer, basket_type, body.get("currency_code"))
            elif body.get("type") and basket["type"] != body["type"]:
                # a cart token belongs to its side, as on completing it
                raise invalid(
                    "cart_token", f"This is a {basket['type']} basket, not {body['type']}"
                )
            items = basket["items"]
            items[product.sku] = items.get(product.sku, 0) + qty
            refreshed = self._refresh_if_stale(basket)
            self._save(basket)
            return self.render(basket, customer, lang, refreshed=refreshed)

    def update_item(self, body: dict, lang: str) -> dict:
        customer = self.world.customer_row(body["external_customer_id"])
        qty = self._qty(body.get("qty"), allow_zero=True)
        with self.world.store.transaction():
            basket = self._open_basket(customer, "buy", body["cart_token"])
            sku = body.get("sku")
            if sku not in basket["items"]:
                raise invalid("sku", f"{sku!r} is not in this basket")
            if qty == 0:
                del basket["items"][sku]
            else:
                basket["items"][sku] = qty
            refreshed = self._refresh_if_stale(basket)
            self._save(basket)
            return self.render(basket, customer, lang, refreshed=refreshed)

    def delete_item(self, body: dict, lang: str) -> dict:
        customer = self.world.customer_row(body["external_customer_id"])
        with self.world.store.transaction():
            basket = self._open_basket(customer, "buy", body["cart_token"])
            if body.get("sku") not in basket["items"]:
                raise invalid("sku", f"{body.get('sku')!r} is not in this basket")
            del basket["items"][body["sku"]]
            refreshed = self._refresh_if_stale(basket)
            self._save(basket)
            return self.render(basket, customer, lang, refreshed=refreshed)

    def clear(self, body: dict, lang: str) -> dict:
        customer = self.world.customer_row(body["external_customer_id"])
        with self.world.store.transaction():
            basket = self._open_basket(customer, "buy", body["cart_token"])
            basket["items"] = {}
            self._save(basket)
            return self.render(basket, customer, lang)

    def find(self, external_customer_id: str, cart_token: str, lang: str) -> dict:
        """E-Com Get Order: the customer's basket with this cart token, or the order it
        became.  Another customer's token is not found, as in `complete`."""
        customer = self.world.customer_row(external_customer_id)
        row = self.world.store.one(
            "SELECT status, data FROM baskets WHERE token = ? AND customer_id = ?",
            (cart_token, customer["id"]),
        )
        if row is None:
            raise not_found(5001, "Basket not found for this customer and cart_token")
        if row["status"] == "order":
            done = self.world.store.one(
                "SELECT data FROM idempotency WHERE scope = 'complete' AND key = ?", (cart_token,)
            )
            guid = loads(done["data"])["guid"]
            return render.walletable_order(self.world.find_order(guid))
        return self.render(loads(row["data"]), customer, lang)

    def set_address(self, body: dict, lang: str) -> dict:
        """E-Com Set Custom Address: kept on the open basket and used when it is completed.
        The card BIN is kept too; the sandbox charges no per-card commission on baskets
        (assumed: the docs show no rate for it)."""
        customer = self.world.customer_row(body["external_customer_id"])
        with self.world.store.transaction():
            basket = self._open_basket(customer, "buy", body["cart_token"])
            basket["address"] = {"shipping": body["shipping"], "billing": body["billing"]}
            basket["card_bin"] = body.get("card_bin")
            self._save(basket)
            return self.render(basket, customer, lang)

    # -- completing -------------------------------------------------------------------------------
    def complete(self, side: str, body: dict, lang: str) -> dict:
        customer = self.world.customer_row(body["external_customer_id"])
        cart_token = body["cart_token"]
        world = self.world
        with world.store.transaction() as db:
            # A cart_token belongs to its customer and its side: a completed one answers its
            # first order to that customer on that side only, and to nobody else.
            owner = world.store.one(
                "SELECT customer_id, type FROM baskets WHERE token = ?", (cart_token,)
            )
            if owner is not None and owner["customer_id"] != customer["id"]:
                raise not_found(5001, "Basket not found for this customer and cart_token")
            if owner is not None and owner["type"] != side:
                raise invalid("cart_token", f"This is a {owner['type']} basket, not {side}")
            repeat = world.store.one(
                "SELECT data FROM idempotency WHERE scope = 'complete' AND key = ?", (cart_token,)
            )
            if repeat is not None:
                guid = loads(repeat["data"])["guid"]
                return render.walletable_order(world.find_order(guid))
            basket = self._open_basket(customer, side, cart_token)
            if basket["type"] != side:
                raise invalid("cart_token", f"This is a {basket['type']} basket, not {side}")
            if not basket["items"]:
                raise refused(5002, "The basket is empty")
            now = world.now()
            if datetime.fromisoformat(basket["expires_at"]) <= now:
                raise refused(
                    5003, "The basket's price has expired: get the basket for a new price"
                )
            address = body.get("address") or basket.get("address") or {}
            if side == "delivery" and not address.get("shipping"):
                raise invalid("address.shipping", "A shipping address is required for delivery.")
            order = self.document(basket, customer, lang, as_order=True)
            order.pop("pricefix")
            order["order_creation_status"] = "order"
            order["type"] = "walletable_ecommerce"
            order["tx_type"] = side
            order["order_at"] = now
            order["created_at"] = stamp(now)
            order["order_code"] = order["increment_id"]
            if side == "delivery":
                order["shippingaddress"] = {"id": basket["id"], **address["shipping"]}
                order["billingaddress"] = address.get("billing")
                order["delivery"] = {
                    "cargo_tracking_url": None,
                    "cargo_tracking_number": None,
                    "estimated_arrival_date": (now + timedelta(days=4)).date().isoformat(),
                }
            self._settle(side, customer, basket, order, now)
            world.insert_order(
                order, channel="walletable", tx_type=side, customer_ext=customer["external_id"]
            )
            db.execute("UPDATE baskets SET status = 'order' WHERE token = ?", (cart_token,))
            db.execute(
                "INSERT INTO idempotency (scope, key, data) VALUES ('complete', ?, ?)",
                (cart_token, dumps({"guid": order["guid"]})),
            )
            return render.walletable_order(world.find_order(order["guid"]))

    def _settle(self, side: str, customer: dict, basket: dict, order: dict, now: datetime) -> None:
        world = self.world
        owner = customer_owner(customer["id"])
        guid = order["guid"]
        for sku, qty in basket["items"].items():
            product = PRODUCTS[sku]
            metal = METAL_CURRENCIES[product.currency_id].code
            grams = product.weight * qty
            if side == "buy":
                world.move(owner, metal, grams, guid, now)
                world.move(owner, _sku_asset(sku), Decimal(qty), guid, now)
            else:
                world.take_metal(owner, _sku_asset(sku), Decimal(qty), guid, now)
                world.take_metal(owner, metal, grams, guid, now)
        cash = order["paid_total"]  # the partner's prefunded cash pays; it never goes below 0
        world.move(PARTNER, order["currency_code"], cash if side == "sell" else -cash, guid, now)

    # -- helpers ----------------------------------------------------------------------------------
    @staticmethod
    def _check_type(basket_type: str) -> None:
        if basket_type not in BASKET_TYPES:
            raise invalid("type", f"The type must be one of: {', '.join(BASKET_TYPES)}")

    @staticmethod
    def _qty(value, *, allow_zero: bool = False) -> int:
        try:
            qty = Decimal(str(value))
        except Exception:
            raise invalid("qty", "The qty must be a whole number.") from None
        if qty != qty.to_integral_value() or qty < (0 if allow_zero else 1) or qty > 10_000:
            low = 0 if allow_zero else 1
            raise invalid("qty", f"The qty must be a whole number from {low} to 10000 (bars).")
        return int(qty)

    def _new_basket(self, customer: dict, basket_type: str, currency: str | None) -> dict:
        world = self.world
        currency = currency or world.settings.walletable_currency
        world.check_currency(currency)
        ids = world.new_order_ids()
        basket = {
            "guid": ids["guid"],
            "increment_id": ids["increment_id"],
            "token": token(),
            "type": basket_type,
            "currency_code": currency,
            "customer_id": customer["id"],
            "items": {},
            "created_at": stamp(world.now()),
        }
        self._fix(basket)
        cursor = world.store.execute(
            "INSERT INTO baskets (token, customer_id, type, status, data) "
            "VALUES (?, ?, ?, 'basket', ?)",
            (basket["token"], customer["id"], basket_type, dumps(basket)),
        )
        basket["id"] = cursor.lastrowid
        self._save(basket)
        return basket

    def _fix(self, basket: dict) -> None:
        world = self.world
        now = world.now()
        basket["price_token"] = token()
        basket["expires_at"] = stamp(now + timedelta(seconds=world.settings.price_ttl_seconds))
        basket["prices"] = {}
        for sku in WALLETABLE_SKUS:
            quote = world.pricing.quote(sku, basket["currency_code"], now)
            basket["prices"][sku] = {
                "spot": str(quote.spot_price),
                "buy": str(quote.buy_price),
                "sell": str(quote.sell_price),
            }

    def _refresh_if_stale(self, basket: dict) -> bool:
        if datetime.fromisoformat(basket["expires_at"]) > self.world.now():
            return False
        self._fix(basket)
        self._save(basket)
        return True

    def _save(self, basket: dict) -> None:
        self.world.store.execute(
            "UPDATE baskets SET data = ? WHERE token = ?", (dumps(basket), basket["token"])
        )

    def render(
        self, basket: dict, customer: dict, lang: str, *, refreshed: bool = False
    ) -> WalletableOrder:
        """The basket as it is answered (`render.basket`)."""
        return render.basket(self.document(basket, customer, lang, refreshed=refreshed))

    def document(
        self,
        basket: dict,
        customer: dict,
        lang: str,
        *,
        refreshed: bool = False,
        as_order: bool = False,
        held: dict[str, Decimal] | None = None,
    ) -> dict:
        """The basket in the Ecom Order schema's shape: what `render` answers, and (with
        ``as_order``) what a completed basket is stored as.  ``held``: the customer's
        balances when the caller keeps them (a bulk history), else the store's."""
        world = self.world
        now = world.now()
        side = basket["type"]
        currency = basket["currency_code"]
        items = []
        minting_fee = Decimal(0)
        for sku, qty in basket["items"].items():
            product = PRODUCTS[sku]
            prices = basket["prices"][sku]
            unit = (
                Decimal(prices["sell" if side == "sell" else "buy"])
                if side != "delivery"
                else Decimal(0)
            )
            mint = Decimal(0)
            if side == "buy" and product.minted:
                mint = unit_minting_fee(unit, world.rates)
            minting_fee += mint * qty  # the order's fee is its lines' fees, added up
            if as_order:
                extras = [
                    {"id": id_, "name": name, "price": mint if id_ == MINTING_FEE_ID else ZERO}
                    for id_, name in ORDER_ITEM_PRICES
                ]
            elif side == "buy" and product.minted:
                name = MINT_FEE_NAMES.get(lang, MINT_FEE_NAMES["tr"])
                extras = [{"id": MINTING_FEE_ID, "name": name, "price": mint}]
            else:
                extras = []
            items.append(
                {
                    "item_currency_id": product.currency_id,
                    "item_currency_name": METAL_CURRENCIES[product.currency_id].name,
                    "product_id": product.product_id,
                    "sku": sku,
                    "product_name": product.name,
                    "product_weight": product.weight,
                    "price": unit,
                    "tax_rate": Decimal(0),
                    "tax": Decimal(0),
                    "amount": Decimal(qty),
                    "total": money(unit * qty),
                    "product_images": list(product.images),
                    "prices": extras,
                }
            )
        metal_total = sum((i["total"] for i in items), Decimal(0))
        if held is None:
            held = world.store.balances(customer_owner(customer["id"]))
        holdings = sum((held.get(c.code, ZERO) for c in METAL_CURRENCIES.values()), ZERO)
        fees = world.fees(side, metal_total, holdings, currency, minting_fee=minting_fee)
        if side == "delivery" and not items:
            fees = world.fees("buy", Decimal(0))
        expires = datetime.fromisoformat(basket["expires_at"])
        pricefix = {"remaining": int((expires - now).total_seconds()), "nextUpdate": iso(expires)}
        if refreshed:
            pricefix.update({"updated": True, "token": basket["price_token"]})
        return {
            "pricefix": pricefix,
            "id": basket["id"],
            "guid": basket["guid"],
            "order_creation_status": "basket",
            "external_id": None,
            "increment_id": basket["increment_id"],
            "token": basket["token"],
            "price_token": basket["price_token"],
            "type": side,
            "price": metal_total,
            "tax": Decimal(0),
            "total": fees.total,
            "payment_cost": Decimal(0),
            "paid_total": fees.paid_total,
            "delivery_cost": fees.delivery_cost,
            "insurance_price": Decimal(0),
            "conversion_price": Decimal(0),
            "market_commission": Decimal(0),
            "minted_markup_price": Decimal(0),
            "silver_craftsmanship": Decimal(0),
            "charge_fee": fees.charge_fee,
            "charge_fee_rate": world.rates.charge_fee_rate,
            "minting_fee": fees.minting_fee,
            "storage_fee": fees.storage_fee,
            "storage_fee_rate": world.rates.storage_fee_rate,
            "charges_vat": fees.charges_vat,
            "vat_rate": world.rates.vat_rate,
            "currency_code": currency,
            "status_id": 1,
            "status_name": "Created",
            "customer": world.order_customer(customer),
            "shippingaddress": (basket.get("address") or {}).get("shipping"),
            "billingaddress": (basket.get("address") or {}).get("billing"),
            "payment": None,
            "delivery": None,
            "order_at": datetime.fromisoformat(basket["created_at"]),
            "items": items,
        }


def wallet_items(world: World, external_customer_id: str, metal_types, is_deliverable) -> list:
    customer = world.customer_row(external_customer_id)
    held = world.store.balances(customer_owner(customer["id"]))
    now = world.now()
    currency = world.settings.walletable_currency
    items = []
    for sku, product in PRODUCTS.items():
        units = (
            held.get(_sku_asset(sku))
            if not product.digital
            else held.get(METAL_CURRENCIES[product.currency_id].code)
        )
        if not units:
            continue
        deliverable = not product.digital
        if metal_types and product.metal not in metal_types:
            continue
        if is_deliverable is not None and deliverable != is_deliverable:
            continue
        quote = world.pricing.quote(product, currency, now)
        items.append(
            {
                "productName": product.name,
                "images": list(product.images),
                "sku": sku,
                "metalType": product.metal,
                "amount": units,
                "weight": units * product.weight,
                "isDeliverable": deliverable,
                "value": money(units * quote.sell_price),
                "currencyCode": currency,
            }
        )
    return items


# -- what routes ask of baskets beside changing one ----------------------------------------------
def incomplete(world: World, customer_external_id: str, lang: str) -> list[WalletableOrder]:
    """E-Com Get Incomplete Baskets: the customer's open baskets, newest first."""
    customer = world.customer_row(customer_external_id)
    rows = world.store.query(
        "SELECT data FROM baskets WHERE customer_id = ? AND status = 'basket' ORDER BY id DESC",
        (customer["id"],),
    )
    baskets = Baskets(world)
    return [baskets.render(loads(r["data"]), customer, lang) for r in rows]


def preview(world: World, side: str, body: SummaryRequest, lang: str) -> WalletableOrder:
    """A basket's answer for these items, without a basket: nothing is stored."""
    if not body.external_customer_id:
        raise invalid("external_customer_id", "The external customer id field is required.")
    with world.store.transaction() as db:
        baskets = Baskets(world)
        customer = world.customer_row(body.external_customer_id)
        basket = baskets._new_basket(customer, side, body.currency_code)
        for item in body.items:
            product = PRODUCTS.get(item.sku)
            if product is None or product.digital:
                raise invalid("items", f"{item.sku!r} is not a walletable product")
            basket["items"][item.sku] = int(item.qty)
        preview = baskets.render(basket, customer, lang)
        db.execute("DELETE FROM baskets WHERE token = ?", (basket["token"],))
        return preview
