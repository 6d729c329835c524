"""What the journal keeps of a big answer: redacted only where it keeps it, and still exactly
what redacting the whole answer and then clipping it keeps; no secret, ever."""

from __future__ import annotations

import re
import uuid
from urllib.parse import quote

from helpers import envelope, json_response
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as hs

from minted import _json
from minted.journal import _UUID, MAX_BODY_CHARS, _luhn, _shorten, clip_body, redact, redact_clipped

PASSWORD = "s3cret-Pa55"  # the recorder's client password
SECRETS = (PASSWORD, "pa ss/wörd")
CARD = "4111 1111 1111 1111"  # passes the Luhn check
PIECES = hs.sampled_from(
    [
        PASSWORD,
        quote(PASSWORD, safe=""),
        "pa ss/wörd",
        quote("pa ss/wörd"),
        quote("pa ss/wörd", safe=""),
        CARD,
        CARD.replace(" ", ""),
        "5406-6754-0667-5403",
        "ref 12345678901",
        "plain words",
        "",
    ]
)
# A piece after 0–620 characters of padding, so secrets also straddle the 500-character cut.
TEXT = hs.builds(lambda n, piece, tail: "x" * n + piece + tail, hs.integers(0, 620), PIECES, PIECES)
KEYS = hs.sampled_from(["note", "password", "cardNumber", "card_cvv", "guid", "items", "pan"])
LEAVES = (
    hs.none() | hs.integers() | hs.decimals(places=2, allow_nan=False, allow_infinity=False) | TEXT
)
BODIES = hs.recursive(
    LEAVES,
    lambda inner: hs.lists(inner, max_size=12) | hs.dictionaries(KEYS, inner, max_size=5),
    max_leaves=60,
)


def as_before(body, secrets=SECRETS, size=None):
    """The rule `redact_clipped` keeps: the whole body redacted first, then clipped."""
    whole = redact(body, secrets)
    if (size if size is not None else len(_json.dumps(body))) > MAX_BODY_CHARS:
        shortened = _shorten(whole)
        if len(_json.dumps(shortened)) <= MAX_BODY_CHARS:
            return shortened
    return clip_body(whole)


# A body is walked several times each: a loaded machine must not fail it on hypothesis' clock.
RELAXED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def leaks(kept) -> list[str]:
    text = kept if isinstance(kept, str) else _json.dumps(kept)
    found = [s for s in SECRETS if s in text or quote(s) in text or quote(s, safe="") in text]
    for run in re.findall(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)", text):
        digits = re.sub(r"\D", "", run)
        if digits in {"4111111111111111", "5406675406675403"}:
            found.append(run)
    return found


@RELAXED
@given(BODIES)
def test_kept_is_the_whole_body_redacted_then_clipped(body):
    assert redact_clipped(body, SECRETS) == as_before(body)


@RELAXED
@given(hs.lists(BODIES, min_size=6, max_size=12))
def test_a_big_body_is_kept_as_redacting_it_all_then_shortening_it_would(items):
    body = {"data": {"data": items, "total": len(items)}}
    assert redact_clipped(body, SECRETS) == as_before(body)
    assert redact_clipped(body, SECRETS, size=MAX_BODY_CHARS + 1) == as_before(
        body, size=MAX_BODY_CHARS + 1
    )


@RELAXED
@given(BODIES, hs.sampled_from([None, 0, MAX_BODY_CHARS + 1]))
def test_no_secret_is_ever_kept(body, size):
    kept = redact_clipped(body, SECRETS, size)
    assert leaks(kept) == []
    text = kept if isinstance(kept, str) else _json.dumps(kept)
    assert len(text) <= MAX_BODY_CHARS + 40


def test_a_secret_past_the_cut_or_the_fifth_item_is_masked_before_it_is_cut():
    long_note = "x" * 495 + PASSWORD + " and " + CARD
    body = [{"note": long_note, "password": "p" * 600}] * 3 + [{"note": PASSWORD}] * 100
    body.append({"x": "y" * MAX_BODY_CHARS})
    assert leaks(body)  # the check finds them where they are not masked
    kept = redact_clipped(body, SECRETS)
    assert kept[0]["note"].startswith("x" * 495 + "***")  # masked whole, then cut at 500
    assert kept[0]["note"].endswith("… [19 more characters]")  # of the masked text
    assert kept[0]["password"] == "***"
    assert kept[5] == "… 99 more items"
    assert leaks(kept) == []


def test_a_big_answer_through_the_client_is_kept_short_and_without_secrets(recorder):
    orders = [
        {"guid": f"G-{i}", "note": f"{'n' * 498}{PASSWORD}", "card_number": CARD}
        for i in range(100)
    ]
    page = {"current_page": 1, "data": orders, "total": 100}
    recorder.handler = lambda r: json_response(200, envelope(page))
    client = recorder.client()
    client.request("ORDERS", params={"page": 1})
    entry = client.journal.entries()[-1]
    kept = entry.response_body["data"]
    assert kept["total"] == 100 and kept["data"][5] == "… 95 more items"
    assert kept["data"][0]["note"] == "n" * 498 + "**… [1 more characters]"
    assert kept["data"][0]["card_number"] == "************1111"
    assert PASSWORD not in repr(entry) and "4111 1111 1111 1111" not in repr(entry)


# -- card numbers wherever they stand ----------------------------------------------------------
@hs.composite
def cards(draw) -> str:
    """A Luhn-valid card number of 13–19 digits that starts as a scheme's numbers do."""
    first = draw(
        hs.sampled_from(["4", "51", "55", "22", "27", "34", "37", "36", "35", "6", "9792"])
    )
    length = draw(hs.integers(min_value=13, max_value=19))
    digits = first + draw(
        hs.text("0123456789", min_size=length - 1 - len(first), max_size=length - 1 - len(first))
    )
    return next(digits + d for d in "0123456789" if _luhn(digits + d))


beside = hs.text(  # what stands before and after it: anything but the separators
    alphabet=hs.characters(blacklist_categories=["Cs"], blacklist_characters=" -"),
    max_size=30,
)
separators = hs.sampled_from(["", " ", "-", "  ", " - "])


@settings(max_examples=300, deadline=None)
@given(cards(), beside, beside, separators, hs.sampled_from([4, 6]))
def test_no_card_number_survives_wherever_it_stands(card, before, after, separator, group):
    """Alone, with its CVV or expiry glued on, after other digits, in groups of four or six
    with spaces or dashes: its digits in a row are never in what the journal keeps."""
    written = separator.join(card[i : i + group] for i in range(0, len(card), group))
    # A card's digits that, with what stands beside them, make a UUID are taken for its guid.
    assume(not re.search(_UUID, before + written + after))
    shown = redact({"note": before + written + after})["note"]
    assert card not in shown.replace(" ", "").replace("-", "")


def test_a_card_glued_to_its_cvv_or_next_to_another_is_masked_and_a_plain_number_is_not():
    assert redact("4111111111111111123") == "***************1123"  # card + CVV
    assert "4111" not in redact("ref 20261207 4111111111111111 12/28")
    assert "4111111111111111" not in redact("41111111111111114111111111111111")
    assert redact("4111111111111112") == "4111111111111112"  # fails Luhn, no card inside
    assert redact("order 70449103087") == "order 70449103087"  # an order code: 11 digits
    # a receipt's number is a date and a sequence, not a card's start: as the Luhn check says
    receipts = [f"RCPT-20261207-{n:06d}" for n in range(1000)]
    kept = sum(redact(r) == r for r in receipts)
    assert kept == sum(not _luhn(f"20261207{n:06d}") for n in range(1000))
    assert redact({"amount": 4111111111111111}) == {"amount": "************1111"}
    assert redact({"id": 10**12, "on": True}) == {"id": 10**12, "on": True}  # no card inside


@settings(max_examples=300)
@given(hs.uuids(), hs.booleans())
@example(uuid.UUID("36EA38D7-AE26-4470-B003-123456789012"), True)  # a Luhn-valid 003-1234…
def test_an_order_guid_is_never_taken_for_a_card(guid, upper):
    """About one random guid in two hundred holds a run of digits that passes for a card
    (across its dashes, as in its last two groups here); the journal keeps it whole, in a
    path, a body or a list of them."""
    text = str(guid).upper() if upper else str(guid)
    path = f"/partner/order/{text}"
    assert redact(path) == path
    assert redact({"data": [{"guid": text, "note": f"order {text}, card 4111111111111111"}]}) == {
        "data": [{"guid": text, "note": f"order {text}, card ************1111"}]
    }
