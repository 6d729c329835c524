from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from minted import endpoints as ep
from minted.models import (
    CalculatedPrice,
    CalculatePriceItem,
    CalculatePriceRequest,
    CurrencyRate,
    PriceFix,
    PriceFixRequest,
    ProductPrice,
    RateHistory,
    WalletableProduct,
)
from minted.resources._base import Resource, drop_none


class Products(Resource):
    def list(
        self, *, currency_code: str | None = None, metal_type: str | None = None
    ) -> list[WalletableProduct]:
        """Walletable › Get Products."""
        params = drop_none(currency_code=currency_code, metal_type=metal_type)
        return self._call(ep.WALLETABLE_PRODUCTS, list[WalletableProduct], params=params)

    def prices(self, *, currency: str | None = None) -> list[ProductPrice]:
        """Partner › Product Prices: current spot, buy and sell per SKU."""
        return self._call(
            ep.PRODUCT_PRICES, list[ProductPrice], params=drop_none(currency=currency)
        )


class CurrencyRates(Resource):
    def list(self, *, base_currency: str | None = None) -> list[CurrencyRate]:
        params = drop_none(base_currency=base_currency)
        return self._call(ep.CURRENCY_RATES, list[CurrencyRate], params=params)

    def history(
        self,
        currency_code: str,
        *,
        base_currency: str | None = None,
        start_date: date | None = None,
        end_date: date | None = None,
    ) -> RateHistory:
        """A currency's (or a metal's, per gram) rate over time."""
        params = drop_none(
            currency_code=currency_code,
            base_currency=base_currency,
            startDate=start_date,
            endDate=end_date,
        )
        return self._call(ep.RATE_HISTORY, RateHistory, params=params)


class PriceFixes(Resource):
    """Price Fix (Get Prices): a price token that holds prices for ``expire_ttl`` seconds."""

    def get(
        self,
        *,
        customer_external_id: str | None = None,
        currency: str | None = None,
        total: Decimal | None = None,
        type: str = "digital",
        payment_type: str | None = None,
    ) -> PriceFix:
        """From amount: no ``total``.  From total price: ``total`` (and ``currency``)."""
        body = PriceFixRequest(
            type=type,
            **drop_none(
                customer_external_id=customer_external_id,
                currency=currency,
                total=total,
                payment_type=payment_type,
            ),
        )
        return self._call(ep.PRICE_FIX, PriceFix, body=body)

    def calculate(
        self,
        price_token: str,
        items: Iterable[CalculatePriceItem | Mapping],
        *,
        currency_code: str | None = None,
    ) -> CalculatedPrice:
        """B2B2C › From Amount › Calculate Price: the cost of ``items`` at the token's prices."""
        body = CalculatePriceRequest(
            price_token=price_token,
            items=[CalculatePriceItem.model_validate(i) for i in items],
            **drop_none(currency_code=currency_code),
        )
        return self._call(ep.CALCULATE_PRICE, CalculatedPrice, body=body)
