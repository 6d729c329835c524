"""pydantic models of every request and response body (see each module for its area)."""

from minted.models.balances import (
    BalanceLine,
    BalancePoint,
    BalanceStats,
    CustomerBalance,
    PartnerBalance,
    Stats,
    StatsPoint,
    StatsRequest,
    WalletItem,
)
from minted.models.base import MintedModel, Page, PageLink
from minted.models.customers import (
    Address,
    CashBalanceUpdate,
    Customer,
    CustomerCreate,
    CustomerRemoved,
    CustomerUpdate,
    KycBulkResult,
    KycRecord,
    KycUpsert,
    OrderAddress,
    OrderCustomer,
    Wallet,
)
from minted.models.delivery import (
    DeliveryCalculateRequest,
    DeliveryCreateRequest,
    DeliveryCustomer,
    DeliveryQuote,
    DeliveryWallet,
)
from minted.models.misc import ImportJob, PartnerLegal, Summary, SummaryItem, SummaryRequest
from minted.models.orders import (
    Basket,
    BasketItem,
    BasketPayment,
    CardDetails,
    CardNumberPayment,
    CardTokenPayment,
    DeliveryOrder,
    DeliveryProduct,
    DigitalBuyRequest,
    DigitalSellRequest,
    EcomOrderLookup,
    Invoice,
    LineItem,
    Order,
    OrderDelivery,
    OrderItem,
    OrderItemRequest,
    OrderLookup,
    OrderPayment,
    OrderResponse,
    OrderStatus,
    PriceFixState,
    Receipt,
    SetAddressRequest,
    WalletableOrder,
)
from minted.models.payments import (
    BinInfo,
    BinQueryRequest,
    CardStorageAdd,
    Installment,
    PaymentType,
    StoredCard,
)
from minted.models.products import (
    CalculatedItem,
    CalculatedPrice,
    CalculatePriceItem,
    CalculatePriceRequest,
    CurrencyRate,
    EcomProduct,
    ItemPrice,
    PriceFix,
    PriceFixRequest,
    ProductPrice,
    RateHistory,
    RatePoint,
    WalletableProduct,
)

__all__ = [name for name in dir() if name[0].isupper()]
