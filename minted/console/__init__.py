"""minted.console — the Streamlit console's own code (``pip install '…[console]'``).

app.py is the frame, pages/ holds thin page scripts and serve.py the server that runs them;
everything they share is here, by job:

| module | job | Streamlit? |
|---|---|---|
| `session` | environment, person, language, the shared clients, sandbox and audit log | yes |
| `calls` | reads that show their errors; writes exactly once, audited | yes |
| `frame` | navigation frame, header, tabs, the remembered customer | yes |
| `data` | cached reads, prefetch in parallel | yes |
| `workers` | the thread pool for reads beside a run, and the one timer thread | yes |
| `startup` | the sandbox started soon (serve.py); what was imported, frozen | no |
| `search` | the sidebar's search box: jump to what was found, or offer the choices | yes |
| `quotes` | baskets and quotes in the session, price countdowns | yes |
| `policy` | roles and the typed production confirmation, as a client hook | no |
| `settings` | secrets.toml and environment variables | no |
| `sandbox` | starting the local sandbox, or reaching a shared one | no |
| `intents` | the exactly-once intent store | no |
| `finder` | what a pasted id may be, the lookups that find it, the page that shows it | no |
| `index` | the customers (and cart tokens) a server has seen, by name, e-mail, phone | no |
| `explorer` | the API explorer: catalogue, search, form starts and fields, answer rows | no |
| `urlstate` | the Orders view (filters, page, open order) as URL parameters and back | no |
| `export`, `rows` | the Orders page's full export (CSV, Excel); the fields a row reads | no |
| `wallet` | a customer's wallets, and their cash changed | yes |
| `cash` | the partner's prefunded cash before a trade, and after it | no |
| `health`, `peer` | what the sidebar says of the connection; who is on a session's other end | no |
| `drift` | the drift report (`minted.conformance`) as a table and files | no |
| `audit` | the audit log of write attempts (SQLAlchemy) | no |
| `formatting`, `charts`, `frames`, `receipts`, `rates` | text, plotly, pandas, HTML | no |
| `labels` | tables' human column labels, the API field in each tooltip | no |

The modules without Streamlit are plain functions, tested without it.  This package imports
nothing on its own import, so each module brings only what it needs.
"""
