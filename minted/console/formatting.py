"""How the console writes money, grams, times and statuses (plain functions, no Streamlit)."""

from __future__ import annotations

import functools
import html
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext
from zoneinfo import ZoneInfo

from minted.figures import HUGE_DIGITS, is_absurd
from minted.moments import API_TIMEZONE, MinuteTimestamp

SYMBOLS = {"TRY": "₺", "USD": "$", "EUR": "€", "GBP": "£"}
METAL_CODES = {"GAU", "GAG", "BGAU", "BGAG", "GPT", "GPD", "DGAU", "DGAG"}

STATUS_COLORS = {
    "Created": "gray",
    "New": "gray",
    "Pending": "orange",
    "Processing": "orange",
    "Preparing": "orange",
    "Packed": "blue",
    "Shipped": "blue",
    "Transferring": "blue",
    "Payment Confirmed": "blue",
    "Completed": "green",
    "Cancelled": "red",
    "Refunding": "violet",
    "Refunded": "violet",
}


def _grouped(amount: Decimal, places: int, lang: str) -> str:
    text = f"{amount:,.{places}f}"
    if lang == "tr":  # 1.234,56
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def _rounded(amount: Decimal, step: str, *, trimmed: bool = False) -> Decimal:
    """``amount`` to ``step`` (half up; ``trimmed``: without trailing zeros), however many
    digits it has: the default context's 28 digits made a balance of 1E+30 raise."""
    value = Decimal(amount)
    with localcontext() as context:
        context.prec = max(28, value.adjusted() + 8)
        rounded = value.quantize(Decimal(step), rounding=ROUND_HALF_UP)
        return rounded.normalize() if trimmed else rounded


def _unwritable(amount: Decimal) -> str | None:
    """The text for an amount that has no place in a grouped figure (NaN, infinite, or more
    digits before its point than any real balance has, `minted.figures.HUGE_DIGITS`): such a
    value (an API's 1E+999999999) is written as it came, never expanded into a billion
    digits."""
    value = Decimal(amount)
    if not value.is_finite() or value.adjusted() > HUGE_DIGITS:
        return str(value)
    return None


def money(amount: Decimal | None, currency: str | None = None, lang: str = "en") -> str:
    """``Decimal("1853.9"), "TRY"`` → ``₺1,853.90`` (en) / ``₺1.853,90`` (tr)."""
    if amount is None:
        return "—"
    if (raw := _unwritable(amount)) is not None:
        return f"{raw} {currency}" if currency else raw
    rounded = _rounded(amount, "0.01")
    sign = "−" if rounded < 0 else ""
    text = _grouped(rounded.copy_abs(), 2, lang)  # abs() would round to the context's 28 digits
    if currency in SYMBOLS:
        return f"{sign}{SYMBOLS[currency]}{text}"
    return f"{sign}{text} {currency}" if currency else f"{sign}{text}"


def grams(amount: Decimal | None, lang: str = "en") -> str:
    """``Decimal("3.5000")`` → ``3.5 g``; up to four decimals, as the API keeps grams."""
    if amount is None:
        return "—"
    if (raw := _unwritable(amount)) is not None:
        return f"{raw} g"
    rounded = _rounded(amount, "0.0001", trimmed=True)
    places = max(0, -rounded.as_tuple().exponent)
    return f"{_grouped(rounded, places, lang)} g"


def number(value: Decimal | None, lang: str = "en", *, trimmed: bool = False) -> str:
    """An exact decimal with every digit it has: a rate ``42.1234`` (en) / ``42,1234`` (tr);
    ``trimmed``, without the zeros that end its fraction (an amount ``2.5000`` → ``2.5``),
    never rounded (`Decimal.normalize` rounds to 28 digits, and raises past ``1E+999999``).
    One whose digits are absurdly many, an amount of ``1E+999999999`` or ``1E-999999999``, is
    written as it came: grouped, either would be a billion characters."""
    if value is None:
        return "—"
    exact = Decimal(value)
    if (raw := _unwritable(exact)) is not None:
        return raw
    _, digits, exponent = exact.as_tuple()
    places = max(0, -int(exponent))
    if trimmed:
        kept = len(digits)
        while kept and not digits[kept - 1]:  # the zeros its digits end with
            kept -= 1
        places = max(0, places - (len(digits) - kept)) if kept else 0
    return str(exact) if places > HUGE_DIGITS else _grouped(exact, places, lang)


def exact_digits(value: Decimal) -> str:
    """A decimal's exact digits as a file keeps them, positional (``1E+2`` is ``100``); an
    absurd one (`minted.figures.is_absurd`) as it came, not as a billion digits."""
    return str(value) if is_absurd(value) else f"{value:f}"


def amount(value: Decimal | None, code: str | None, lang: str = "en") -> str:
    """A balance in its own unit: grams for metal wallets, money for cash."""
    return grams(value, lang) if code in METAL_CODES else money(value, code, lang)


MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "tr": ("Oca", "Şub", "Mar", "Nis", "May", "Haz", "Tem", "Ağu", "Eyl", "Eki", "Kas", "Ara"),
}


def timestamp(moment: datetime | None, lang: str = "en", tz: ZoneInfo = API_TIMEZONE) -> str:
    """The one way the console writes a moment, on screen, in a CSV and on a receipt:
    ``25 Nov 2026 07:37:33 +03`` (en) / ``25 Kas 2026 07:37:33 +03`` (tr), in the API's zone.

    Month names come from here, not from the server's locale (``%b`` would follow it).  A
    moment the API gave to the minute only (`MinuteTimestamp`) is written ``07:37``: its
    seconds are unknown, and ``07:37:00`` would contradict the same order's ``07:37:33``.
    """
    if moment is None:
        return "—"
    local = in_zone(moment, tz)
    # written field by field, not by strftime: an export writes 50,000 of these
    clock = f"{local.hour:02d}:{local.minute:02d}"
    if not isinstance(moment, MinuteTimestamp):
        clock += f":{local.second:02d}"
    return f"{day(local, lang)} {clock} {_offset(local.utcoffset())}"


def day(value: date | None, lang: str = "en", *, year: bool = True) -> str:
    """A calendar date as the console writes it, also as `timestamp`'s first part:
    ``05 Apr 1970`` (en) / ``05 Nis 1970`` (tr); without the year for a chart's axis."""
    if value is None:
        return "—"
    written = f"{value.day:02d} {MONTHS.get(lang, MONTHS['en'])[value.month - 1]}"
    return f"{written} {value.year}" if year else written


def in_zone(moment: datetime, tz: ZoneInfo = API_TIMEZONE) -> datetime:
    """``moment`` where the console shows times (the API's zone); a moment that would fall
    past year 9999 or before year 1 there stays in the offset it came with (the same
    instant), rather than raising OverflowError on the page that shows it."""
    try:
        return moment.astimezone(tz)
    except OverflowError:
        return moment


@functools.lru_cache(maxsize=64)
def _offset(delta: timedelta | None) -> str:
    """A UTC offset as `timestamp` writes it: ``+03``, ``+05:30`` where it has minutes, and
    ``+01:56:56`` where it has seconds (Istanbul mean time, before 1910)."""
    if delta is None:
        return ""
    sign = "-" if delta < timedelta(0) else "+"
    hours, rest = divmod(abs(delta), timedelta(hours=1))
    minutes, rest = divmod(rest, timedelta(minutes=1))
    written = f"{sign}{hours:02d}"
    if minutes or rest:
        written += f":{minutes:02d}"
    if rest:
        written += f":{rest.seconds:02d}" + (
            f".{rest.microseconds:06d}" if rest.microseconds else ""
        )
    return written


def today(tz: ZoneInfo = API_TIMEZONE) -> date:
    """Today where the times are shown (the API's zone), not where the server runs."""
    return datetime.now(tz).date()


def day_range(
    period: Sequence[date], tz: ZoneInfo = API_TIMEZONE
) -> tuple[datetime | None, datetime | None]:
    """A date input's period (no, one or two days) as whole days where the screen shows
    them: from the first day's midnight to the midnight after the last, in the API's zone
    (a UTC day hid the writes made between 00:00 and 03:00, which the table dates to it)."""
    since = datetime.combine(period[0], time.min, tz) if len(period) > 0 else None
    until = datetime.combine(period[1] + timedelta(1), time.min, tz) if len(period) > 1 else None
    return since, until


def countdown(seconds: float | None) -> str:
    """Seconds left on a quote: ``3:59``, or ``expired``."""
    if seconds is None:
        return "—"
    if seconds <= 0:
        return "expired"
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def literal(value: object) -> str:
    """Markdown that shows ``value``'s text exactly as it is, for Streamlit's markdown.

    Data from the API is data, never markup: a customer named ``**x** :red[y] $z$`` or
    ``![p](http://host/pixel.png)`` must not be bold, red, a formula or a request to that host.
    Backslash escapes are not enough in Streamlit: its icon shortcodes (``:material/x:``) still
    fire.  So every ASCII punctuation mark becomes a numeric character reference, which
    Markdown shows as the character and never parses as syntax; letters, digits, spaces and
    non-ASCII text stay as they are (the page's text, and what a support engineer copies from
    it, is the value itself).  Line breaks become spaces: every place this is used is one line.

    One thing no escape stops: GFM turns a bare ``www.…``, ``http(s)://…`` or e-mail address
    into a link after parsing.  Such a link shows the data's own text, opens only when clicked,
    and is never a ``javascript:`` URL or an image (tests/test_console_hostile_data.py).
    """
    text = "—" if value is None else str(value)
    return "".join(
        f"&#{ord(ch)};" if ch.isascii() and not ch.isalnum() and ch != " " else ch
        for ch in text.replace("\r", " ").replace("\n", " ")
    )


def plotly_text(value: object) -> str:
    """``value``'s text for a plotly label, title or hover, shown as it is: plotly reads
    ``<b>``, ``<br>``, ``<a href>`` and ``<span style>`` in those as markup, and decodes
    character references, so ``&``, ``<`` and ``>`` are written as references."""
    return html.escape("—" if value is None else str(value), quote=False)


def side_by_side(pairs: Sequence[tuple[object, object]], *, bold: bool = False) -> str:
    """Markdown for labelled values side by side: a one-row table, its labels as the header,
    every text made literal.  One element for the browser to draw, where a column each
    (Streamlit's columns, a Markdown in each) was twice as many plus one."""
    labels = [literal(label) for label, _ in pairs]
    values = [literal(value) for _, value in pairs]
    return "\n".join(
        [
            "| " + " | ".join(labels) + " |",
            "|" + "---|" * len(pairs),
            "| " + " | ".join(f"**{v}**" if bold else v for v in values) + " |",
        ]
    )


def cash_row(lines: Sequence, lang: str = "en") -> str:
    """Cash wallets (``name``, ``currency_code``, ``balance``) side by side, figures bold."""
    return side_by_side(
        [
            (line.name or line.currency_code, money(line.balance, line.currency_code, lang))
            for line in lines
        ],
        bold=True,
    )


def filters_summary(chosen: Sequence[str]) -> str:
    """A list's filters in a line (Markdown, each made literal; the empty ones left out), so
    that what narrows a list shows while its Filters expander is closed."""
    shown = [literal(text) for text in chosen if text]
    return "filters: " + " · ".join(shown) if shown else "no filters"


def status_badge(status_name: str | None) -> str:
    """Markdown for a coloured status (Streamlit renders ``:color[text]``)."""
    if not status_name:
        return "—"
    return f":{STATUS_COLORS.get(status_name, 'gray')}[{literal(status_name)}]"


def seconds_left(expires_at: datetime, now: datetime) -> float:
    return (expires_at - now).total_seconds()


METAL_SWATCHES = {
    "gold": ("#D4AF37", "Au"),
    "silver": ("#C0C0C0", "Ag"),
    "platinum": ("#E5E4E2", "Pt"),
    "palladium": ("#CED0DD", "Pd"),
}


def metal_swatch(metal: str | None) -> str:
    """A small SVG (as a data URI) for a metal: works offline, where product photos do not."""
    import base64

    color, symbol = METAL_SWATCHES.get(metal or "", ("#999", "?"))
    svg = (
        "<svg xmlns='http://www.w3.org/2000/svg' width='48' height='48'>"
        f"<circle cx='24' cy='24' r='22' fill='{color}' stroke='#8a6d1d' stroke-width='2'/>"
        "<text x='24' y='30' font-family='sans-serif' font-size='16' font-weight='bold' "
        f"text-anchor='middle' fill='#333'>{symbol}</text></svg>"
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
