from minted.resources.balances import Balances
from minted.resources.catalog import CurrencyRates, PriceFixes, Products
from minted.resources.customers import Customers, Kyc
from minted.resources.delivery import Delivery
from minted.resources.ecom import Ecom
from minted.resources.orders import Legal, Orders
from minted.resources.trading import B2B, B2B2C, CardPayments, CardStorage
from minted.resources.walletable import Baskets, Complete, Imports, Summaries

__all__ = [
    "B2B",
    "B2B2C",
    "Balances",
    "Baskets",
    "CardPayments",
    "CardStorage",
    "Complete",
    "CurrencyRates",
    "Customers",
    "Delivery",
    "Ecom",
    "Imports",
    "Kyc",
    "Legal",
    "Orders",
    "PriceFixes",
    "Products",
    "Summaries",
]
