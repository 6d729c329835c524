from __future__ import annotations

from datetime import date
from decimal import Decimal

from minted import endpoints as ep
from minted.models import (
    BalanceStats,
    CashBalanceUpdate,
    CustomerBalance,
    PartnerBalance,
    Stats,
    StatsRequest,
    WalletItem,
)
from minted.resources._base import Resource, drop_none


class Balances(Resource):
    def partner(self) -> list[PartnerBalance]:
        return self._call(ep.PARTNER_BALANCE, list[PartnerBalance])

    def customer(self, customer_external_id: str) -> list[CustomerBalance]:
        return self._call(
            ep.CUSTOMER_BALANCE,
            list[CustomerBalance],
            path={"customer_external_id": customer_external_id},
        )

    def update_cash(
        self,
        customer_external_id: str,
        amount: Decimal,
        *,
        currency_code: str = "TRY",
        external_id: str | None = None,
        description: str | None = None,
    ) -> list[CustomerBalance]:
        """Add (positive ``amount``) or take (negative) cash; ``external_id`` makes it safe
        to repeat."""
        body = CashBalanceUpdate(
            amount=amount,
            currency_code=currency_code,
            **drop_none(external_id=external_id, description=description),
        )
        return self._call(
            ep.CASH_BALANCE_UPDATE,
            list[CustomerBalance],
            path={"customer_external_id": customer_external_id},
            body=body,
        )

    def stats(
        self,
        start_date: date,
        end_date: date,
        *,
        currency_code: str | None = None,
        customer_external_id: str | None = None,
    ) -> Stats:
        body = StatsRequest(
            start_date=start_date,
            end_date=end_date,
            **drop_none(currency_code=currency_code, customer_external_id=customer_external_id),
        )
        return self._call(ep.STATS, Stats, body=body)

    def customer_7d_stats(self, customer_external_id: str) -> BalanceStats:
        return self._call(
            ep.CUSTOMER_7D_STATS,
            BalanceStats,
            path={"customer_external_id": customer_external_id},
        )

    def wallet(
        self,
        external_customer_id: str,
        *,
        metal_type: list[str] | str | None = None,
        is_deliverable: bool | None = None,
    ) -> list[WalletItem]:
        """Walletable › Balance / Wallet (``metal_type=gold,silver``)."""
        params = drop_none(
            external_customer_id=external_customer_id,
            metal_type=metal_type,
            is_deliverable=is_deliverable,
        )
        return self._call(ep.WALLET_BALANCE, list[WalletItem], params=params)
