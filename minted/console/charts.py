"""Plotly figures for the console: plain functions of API models, testable without Streamlit.

Every figure that shows a balance or a total names the moment it describes ("as of …"),
because balances move while the page is open.  Money reaches plotly as float only here, at
the very edge, for drawing; labels show the exact Decimal text.

Every text from the API (a wallet's name, a currency code) goes through `plotly_text`, since
plotly reads tags in labels, titles and hovers; days are written as the console writes them
(`day`), not by plotly's English month names.

A figure is plotly's own JSON structure (``{"data": [...], "layout": {...}}``), which
``st.plotly_chart`` checks once as it makes its ``go.Figure``: building a ``go.Figure`` here
and updating its layout checked every property two more times, 3–4 ms a chart on each run of
a page (``go.Figure(chart)`` makes one, for a test or a notebook).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from math import ceil

from minted.console.formatting import (
    METAL_CODES,
    amount,
    day,
    in_zone,
    money,
    plotly_text,
    timestamp,
)
from minted.console.receipts import LABELS as RECEIPT_LABELS
from minted.console.receipts import component_name
from minted.fees import FeeBreakdown
from minted.figures import figures
from minted.models import BalanceStats, CustomerBalance, PartnerBalance, RateHistory, Stats

GOLD = "#B8860B"
PALETTE = {
    "buy": "#2E7D32",
    "sell": "#C62828",
    "delivery": "#1565C0",
    "fees": GOLD,
}


def _as_of(title: str, as_of: datetime | None, lang: str = "en") -> str:
    return f"{title}<br><sup>as of {timestamp(as_of, lang)}</sup>" if as_of else title


Figure = dict  # plotly's figure structure: {"data": [trace, ...], "layout": {...}}


def _figure(
    traces: list[dict], title: str, as_of: datetime | None = None, lang: str = "en", **layout
) -> Figure:
    return {
        "data": traces,
        "layout": {
            "title": {"text": _as_of(title, as_of, lang), "x": 0},
            "margin": {"l": 10, "r": 10, "t": 60, "b": 10},
            "legend": {"orientation": "h", "y": -0.15},
            "height": 360,
            **layout,
        },
    }


def _axis(title: str) -> dict:
    return {"title": {"text": title}}


DAY_TICKS = 10  # at most, on an axis of days: a year of days would be 365 labels


def _day_axis(days: Sequence[date], lang: str) -> dict:
    """An axis of days labelled as the console writes a day (``07 Ara``), every few days."""
    shown = list(days)[:: max(1, ceil(len(days) / DAY_TICKS))]
    return {
        "tickmode": "array",
        "tickvals": shown,
        "ticktext": [day(d, lang, year=False) for d in shown],
    }


def _on_days(days: Sequence[date], texts: Sequence[str], lang: str) -> dict:
    """A trace's hover: each point's day in full and its text (``07 Ara 2026: ₺1.234,50``),
    the exact Decimal where plotly would write the float in English."""
    return {
        "customdata": [
            plotly_text(f"{day(d, lang)}: {t}") for d, t in zip(days, texts, strict=True)
        ],
        "hovertemplate": "%{customdata}",
    }


def fee_breakdown_chart(fees: FeeBreakdown, currency: str, lang: str = "en") -> Figure:
    """Waterfall from the metal's price to what the customer pays (or receives)."""
    parts = fees.components()
    words = RECEIPT_LABELS.get(lang, RECEIPT_LABELS["en"])  # as the receipt beside it says
    total = words["paid"] if fees.type != "sell" else words["received"]
    labels = [component_name(name, lang) for name, _ in parts] + [total]
    values = [float(value) for _, value in parts] + [float(fees.paid_total)]
    texts = [plotly_text(money(value, currency, lang)) for _, value in parts] + [
        plotly_text(money(fees.paid_total, currency, lang))
    ]
    waterfall = {
        "type": "waterfall",
        "x": labels,
        "y": values,
        "measure": ["relative"] * len(parts) + ["total"],
        "text": texts,
        "textposition": "outside",
        "connector": {"line": {"color": "#bbb"}},
        "increasing": {"marker": {"color": GOLD}},
        "decreasing": {"marker": {"color": PALETTE["sell"]}},
        "totals": {"marker": {"color": "#444"}},
    }
    title = f"{fees.type.capitalize()} — fee breakdown ({currency})"
    return _figure([waterfall], plotly_text(title))


def holdings_chart(
    lines: list[CustomerBalance] | list[PartnerBalance],
    as_of: datetime | None,
    lang: str = "en",
) -> Figure:
    """Grams held per metal wallet; for the partner, its own metal and its customers'."""
    metal = [line for line in lines if line.currency_code in METAL_CODES]
    partner = any(isinstance(line, PartnerBalance) for line in metal)
    if partner:
        metal = [line for line in metal if line.balance or line.held_for_customers]
    else:
        metal = [line for line in metal if line.balance]
    names = [plotly_text(line.name or line.currency_code) for line in metal]
    traces = [
        {
            "type": "bar",
            "x": names,
            "y": [float(line.balance or 0) for line in metal],
            "name": "Partner's own" if partner else "Held",
            "marker": {"color": GOLD},
            "hovertext": [plotly_text(amount(x.balance, x.currency_code, lang)) for x in metal],
        }
    ]
    layout: dict = {"yaxis": _axis("grams")}
    if partner:
        traces.append(
            {
                "type": "bar",
                "x": names,
                "y": [float(line.held_for_customers or 0) for line in metal],
                "name": "Held for customers",
                "marker": {"color": "#8D6E63"},
                "hovertext": [
                    plotly_text(amount(x.held_for_customers, x.currency_code, lang)) for x in metal
                ],
            }
        )
        layout["barmode"] = "stack"
    if not metal:
        layout["annotations"] = [
            {
                "text": "No metal held",
                "showarrow": False,
                "x": 0.5,
                "y": 0.5,
                "xref": "paper",
                "yref": "paper",
            }
        ]
    return _figure(traces, "Holdings by metal", as_of, lang, **layout)


def balance_history_chart(
    stats: BalanceStats, as_of: datetime | None, currency: str, lang: str = "en"
) -> Figure:
    """End-of-day value of each wallet over the last days (Customer Balance 7d Stats)."""
    series: dict[str, list] = defaultdict(list)
    for point in sorted(stats.points, key=lambda p: p.date):
        series[point.currency_code].append(point)
    traces = [
        {
            "type": "scatter",
            "x": [p.date for p in points],
            "y": [float(p.value if p.value is not None else p.balance) for p in points],
            "mode": "lines+markers",
            "name": plotly_text(code),
            **_on_days(
                [p.date for p in points], [_held(p, code, currency, lang) for p in points], lang
            ),
        }
        for code, points in series.items()
    ]
    days = sorted({p.date for p in stats.points})
    return _figure(
        traces,
        "Balance, last 7 days",
        as_of,
        lang,
        xaxis=_day_axis(days, lang),
        yaxis=_axis(f"value ({plotly_text(currency)})"),
    )


def _held(point, code: str, currency: str, lang: str) -> str:
    """A wallet's end of day: ``24 g · ₺185.000,00`` (its value, where the API gave one)."""
    held = amount(point.balance, code, lang)
    return held if point.value is None else f"{held} · {money(point.value, currency, lang)}"


def activity_chart(stats: Stats, as_of: datetime | None, lang: str = "en") -> Figure:
    """Daily buy, sell and delivery volume (bars) and fees (line)."""
    days = [p.date for p in stats.points]
    code = stats.currency_code
    currency = plotly_text(code)

    def totals(field: str) -> tuple[list[float], dict]:
        values = [getattr(p, field) for p in stats.points]
        hover = _on_days(days, [money(v, code, lang) for v in values], lang)
        return [float(v) for v in values], hover

    traces = []
    for kind in ("buy", "sell", "delivery"):
        y, hover = totals(f"{kind}_total")
        bar = {"type": "bar", "x": days, "y": y, "name": kind.capitalize()}
        traces.append({**bar, "marker": {"color": PALETTE[kind]}, **hover})
    y, hover = totals("fee_total")
    traces.append(
        {
            "type": "scatter",
            "x": days,
            "y": y,
            "name": "Fees",
            "mode": "lines+markers",
            "line": {"color": PALETTE["fees"], "width": 3},
            "yaxis": "y2",
            **hover,
        }
    )
    return _figure(
        traces,
        f"Activity per day ({currency})",
        as_of,
        lang,
        barmode="stack",
        xaxis=_day_axis(days, lang),
        yaxis=_axis(f"volume ({currency})"),
        yaxis2={**_axis("fees"), "overlaying": "y", "side": "right", "showgrid": False},
    )


def fees_over_time_chart(stats: Stats, as_of: datetime | None, lang: str = "en") -> Figure:
    cumulative, total = [], Decimal(0)
    with figures():
        for point in stats.points:
            total += point.fee_total
            cumulative.append(total)
    days = [p.date for p in stats.points]
    line = {
        "type": "scatter",
        "x": days,
        "y": [float(v) for v in cumulative],
        "mode": "lines",
        "fill": "tozeroy",
        "line": {"color": GOLD},
        "name": "Fees (cumulative)",
        **_on_days(days, [money(v, stats.currency_code, lang) for v in cumulative], lang),
    }
    return _figure(
        [line],
        "Fees earned, cumulative",
        as_of,
        lang,
        xaxis=_day_axis(days, lang),
        yaxis=_axis(f"fees ({plotly_text(stats.currency_code)})"),
    )


def rate_history_chart(history: RateHistory, as_of: datetime | None, lang: str = "en") -> Figure:
    """A rate over time.  plotly.js drops a time's offset and draws its wall-clock time, so
    every point is first put in the API's zone (one given in UTC sat three hours off), and
    the hover says the moment as every other time in the console."""
    code, base = plotly_text(history.currency_code), plotly_text(history.base_currency)
    line = {
        "type": "scatter",
        "x": [in_zone(p.at) for p in history.points],
        "y": [float(p.rate) for p in history.points],
        "customdata": [timestamp(p.at, lang) for p in history.points],
        "hovertemplate": "%{customdata}<br>%{y}<extra></extra>",
        "mode": "lines",
        "line": {"color": GOLD},
        "name": code,
    }
    return _figure([line], f"{code} in {base}", as_of, lang, yaxis=_axis(f"{base} per {code}"))
