"""Partner › Buy and Sell: digital metal against a price token, B2B and B2B2C."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from minted import endpoints as ep
from minted.models import (
    BinInfo,
    BinQueryRequest,
    CardNumberPayment,
    CardStorageAdd,
    CardTokenPayment,
    DigitalBuyRequest,
    DigitalSellRequest,
    Order,
    OrderCustomer,
    OrderItemRequest,
    OrderResponse,
    PaymentType,
    PriceFix,
    StoredCard,
)
from minted.resources._base import Resource, drop_none

Items = Iterable[OrderItemRequest | Mapping]


def _items(items: Items) -> list[OrderItemRequest]:
    return [OrderItemRequest.model_validate(item) for item in items]


def _customer(customer: OrderCustomer | Mapping | str) -> OrderCustomer:
    if isinstance(customer, str):
        return OrderCustomer(external_id=customer)
    return OrderCustomer.model_validate(customer)


class _DigitalOrders(Resource):
    """Every digital buy and sell is one of two calls; the variants only shape the body."""

    def _place(
        self, side: str, price_token: str, external_id: str, items: Items, **fields
    ) -> OrderResponse:
        request_type, endpoint = {
            "buy": (DigitalBuyRequest, ep.DIGITAL_BUY),
            "sell": (DigitalSellRequest, ep.DIGITAL_SELL),
        }[side]
        request = request_type(
            price_token=price_token,
            external_id=external_id,
            items=_items(items),
            **drop_none(**fields),
        )
        return self._call(endpoint, OrderResponse, body=request)


class B2B(_DigitalOrders):
    """Partner - B2B: the partner buys or sells for its own account (gold GAU, silver GAG,
    platinum GPT — the metal is the SKU)."""

    def buy(
        self, price_token: str, external_id: str, items: Items, *, currency_code: str | None = None
    ) -> OrderResponse:
        return self._place("buy", price_token, external_id, items, currency_code=currency_code)

    def sell(
        self, price_token: str, external_id: str, items: Items, *, currency_code: str | None = None
    ) -> OrderResponse:
        return self._place("sell", price_token, external_id, items, currency_code=currency_code)


class B2B2C(_DigitalOrders):
    """Customer - B2B2C: the partner buys or sells on behalf of one of its customers."""

    def buy(
        self,
        price_token: str,
        external_id: str,
        customer: OrderCustomer | Mapping | str,
        items: Items,
        *,
        currency_code: str | None = None,
        price: Decimal | None = None,
    ) -> OrderResponse:
        """From amount: items carry ``amount`` (grams).  From total price: use a token from
        ``price_fix.get(total=…)`` and give items without ``amount``."""
        return self._place(
            "buy",
            price_token,
            external_id,
            items,
            customer=_customer(customer),
            currency_code=currency_code,
            price=price,
        )

    def sell(
        self,
        price_token: str,
        external_id: str,
        customer: OrderCustomer | Mapping | str,
        items: Items,
        *,
        currency_code: str | None = None,
    ) -> OrderResponse:
        return self._place(
            "sell",
            price_token,
            external_id,
            items,
            customer=_customer(customer),
            currency_code=currency_code,
        )


class CardPayments(_DigitalOrders):
    """Partner › Buy › Card Payment (payments go through Sipay)."""

    def types(self) -> list[PaymentType]:
        return self._call(ep.PAYMENT_TYPES, list[PaymentType])

    def bin_query(self, bin: str, amount: Decimal, *, currency_code: str | None = None) -> BinInfo:
        """Installments and commissions for a card's first six digits."""
        body = BinQueryRequest(bin=bin, amount=amount, **drop_none(currency_code=currency_code))
        return self._call(ep.BIN_QUERY, BinInfo, body=body)

    def price_fix(
        self, *, customer_external_id: str | None = None, currency: str | None = None
    ) -> PriceFix:
        body = drop_none(
            type="digital",
            payment_type="creditcard",
            customer_external_id=customer_external_id,
            currency=currency,
        )
        return self._call(ep.PRICE_FIX, PriceFix, body=body)

    def buy_with_card_token(
        self,
        price_token: str,
        external_id: str,
        customer: OrderCustomer | Mapping | str,
        items: Items,
        payment: CardTokenPayment | Mapping,
        *,
        currency_code: str | None = None,
    ) -> OrderResponse:
        return self._buy(
            price_token,
            external_id,
            customer,
            items,
            CardTokenPayment.model_validate(payment),
            currency_code,
        )

    def buy_with_card_number(
        self,
        price_token: str,
        external_id: str,
        customer: OrderCustomer | Mapping | str,
        items: Items,
        payment: CardNumberPayment | Mapping,
        *,
        currency_code: str | None = None,
    ) -> OrderResponse:
        return self._buy(
            price_token,
            external_id,
            customer,
            items,
            CardNumberPayment.model_validate(payment),
            currency_code,
        )

    def _buy(self, price_token, external_id, customer, items, payment, currency_code):
        return self._place(
            "buy",
            price_token,
            external_id,
            items,
            customer=_customer(customer),
            payment_type="creditcard",
            payment=payment,
            currency_code=currency_code,
        )

    def get_order(self, external_order_id: str) -> Order:
        """Card Payment - Get Order: the order with its card ``payment`` state.  The same page
        as Get Order (ADDENDUM §1)."""
        return self._call(ep.ORDER_GET, Order, path={"external_order_id": external_order_id})


class CardStorage(Resource):
    def list(self, customer_external_id: str) -> list[StoredCard]:
        body = {"customer_external_id": customer_external_id}
        return self._call(ep.CARD_STORAGE_LIST, list[StoredCard], body=body)

    def add(self, card: CardStorageAdd) -> StoredCard:
        return self._call(ep.CARD_STORAGE_ADD, StoredCard, body=card)

    def delete(self, customer_external_id: str, card_token: str) -> None:
        body = {"customer_external_id": customer_external_id, "card_token": card_token}
        self._call(ep.CARD_STORAGE_DELETE, object, body=body)
