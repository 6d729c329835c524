"""The sandbox's services: every rule of the partner API, between the routes and the state.

FastAPI's full-stack template splits a backend into routes that parse a request and answer
it, and the code beneath them that owns the data; the sandbox does the same:

- ``minted.sandbox.routes`` parse (the request models of `minted.sandbox.requests`, queries,
  headers), call *one* service function, and wrap its answer in the envelope.  No SQL and no
  rule lives there.
- ``minted.sandbox.services`` (this package) own the rules, split by job:

  - `customers` — customers, their addresses, wallet KYC and the Excel import;
  - `trading` — Price Fix, digital buy and sell (B2B and B2B2C, cash or card), stored cards,
    BIN queries and partner Delivery;
  - `baskets` — walletable baskets and Complete Buy / Sell / Delivery, and the fee previews
    that use a basket without keeping it;
  - `catalog` — products, prices, currency rates and their history, E-Com products;
  - `orders` — order lists and lookups, statuses, invoices, receipts, legal texts;
  - `balances` — partner and customer balances, cash updates, wallets, summaries, statistics;
  - `render` — each kind of order rendered once, through the client's own models
    (`minted.models.Order`, `DeliveryOrder`, `WalletableOrder`, `OrderResponse` …).

- `minted.sandbox.world.World` is the state they share: one store (SQLite), one clock, one
  pricing engine, the ledger (no balance below zero), the one-external-id-one-order rule and
  the order ids.  Services take the world as their first argument; nothing else is global.

Services return the client's models (or plain data the route's model validates); they raise
`minted.sandbox.errors.SandboxError`, which the app answers in the envelope.
"""
