"""Error mapping, retries and the journal, with httpx.MockTransport (no network)."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from decimal import Decimal

import httpx
import pytest
from helpers import envelope, json_response
from hypothesis import given
from hypothesis import strategies as hs

import minted
from minted.errors import (
    APIError,
    APITimeoutError,
    AuthenticationError,
    ConflictError,
    InvalidResponseError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    TransportError,
    UnprocessableEntityError,
)

PASSWORD = "s3cret-Pa55"  # the recorder's client password


def test_import_minted_does_not_import_streamlit():
    code = "import sys, minted, minted.models; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_data_is_unwrapped_with_exact_money(recorder):
    recorder.handler = lambda r: httpx.Response(
        200,
        content=b'{"data":[{"currency_code":"TRY","balance":1853.90,"is_cash":true}],'
        b'"success":true,"code":0,"message":""}',
    )
    [line] = recorder.client().balances.customer("C-1")
    assert line.balance == Decimal("1853.90")
    assert isinstance(line.balance, Decimal)


@pytest.mark.parametrize(
    "status,error",
    [
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, ServerError),
        (503, ServerError),
        (418, APIError),
    ],
)
def test_status_maps_to_error_class(recorder, status, error):
    recorder.handler = lambda r: json_response(
        status, envelope(None, success=False, code=1203, message="Refused by the test")
    )
    with pytest.raises(error) as info:
        recorder.client(max_retries=0).customers.create(external_id="C-1")
    exc = info.value
    assert type(exc) is error
    assert exc.status == status and exc.code == 1203 and exc.message == "Refused by the test"
    assert exc.method == "POST" and exc.path == "/partner/customer"
    assert "POST /partner/customer" in str(exc)


def test_validation_error_carries_field_errors(recorder):
    body = envelope(None, success=False, code=422, message="The given data was invalid.")
    body["errors"] = {"external_id": ["The external id field is required."], "email": "bad"}
    recorder.handler = lambda r: json_response(422, body)
    with pytest.raises(UnprocessableEntityError) as info:
        recorder.client().customers.create(external_id="")
    assert info.value.field_errors == {
        "external_id": ["The external id field is required."],
        "email": ["bad"],
    }


def test_success_false_with_200_is_a_refusal(recorder):
    recorder.handler = lambda r: json_response(
        200, envelope(None, success=False, code=4001, message="Price token expired")
    )
    with pytest.raises(UnprocessableEntityError) as info:
        recorder.client().b2b.buy("tok", "B-1", [{"sku": "GAU", "amount": 1}])
    assert info.value.code == 4001 and "expired" in info.value.message


def test_rate_limit_reads_retry_after(recorder):
    recorder.handler = lambda r: httpx.Response(429, headers={"Retry-After": "7"}, text="slow")
    with pytest.raises(RateLimitError) as info:
        recorder.client().customers.create(external_id="C-1")
    assert info.value.retry_after == 7.0


def test_non_envelope_success_is_invalid_response(recorder):
    recorder.handler = lambda r: httpx.Response(200, text="<html>proxy page</html>")
    with pytest.raises(InvalidResponseError):
        recorder.client().customers.get("C-1")


def test_wrong_shape_is_invalid_response(recorder):
    recorder.handler = lambda r: json_response(200, envelope({"no": "guid"}))
    with pytest.raises(InvalidResponseError) as info:
        recorder.client().orders.get("X")
    assert "guid" in info.value.message


def test_get_is_retried_on_gateway_errors_and_connection_failures(recorder):
    answers = iter(
        [
            httpx.Response(503),
            "connect",
            httpx.Response(502),
        ]
    )

    def handler(request):
        answer = next(answers, None)
        if answer == "connect":
            raise httpx.ConnectError("refused", request=request)
        return answer or json_response(200, envelope({"external_id": "C-1"}))

    recorder.handler = handler
    client = recorder.client(max_retries=3)
    client._transport._sleep = lambda s: None
    assert client.customers.get("C-1").external_id == "C-1"
    assert len(recorder.requests) == 4
    assert client.journal.entries()[-1].retries == 3


def test_get_gives_up_after_max_retries(recorder):
    recorder.handler = lambda r: httpx.Response(504)
    client = recorder.client(max_retries=2)
    client._transport._sleep = lambda s: None
    with pytest.raises(ServerError):
        client.customers.get("C-1")
    assert len(recorder.requests) == 3


@pytest.mark.parametrize("failure", ["503", "connect", "timeout"])
def test_writes_are_never_retried(recorder, failure):
    def handler(request):
        if failure == "connect":
            raise httpx.ConnectError("refused", request=request)
        if failure == "timeout":
            raise httpx.ReadTimeout("slow", request=request)
        return httpx.Response(503)

    recorder.handler = handler
    client = recorder.client(max_retries=5)
    client._transport._sleep = lambda s: None
    with pytest.raises((ServerError, TransportError)):
        client.complete.buy("C-1", "t" * 32)
    assert len(recorder.requests) == 1


def test_write_timeout_says_outcome_unknown(recorder):
    def handler(request):
        raise httpx.ReadTimeout("slow", request=request)

    recorder.handler = handler
    with pytest.raises(APITimeoutError) as info:
        recorder.client().complete.buy("C-1", "t" * 32)
    assert "unknown" in str(info.value)
    assert isinstance(info.value, TransportError)


# -- the journal --------------------------------------------------------------------------------


def test_journal_records_each_call(recorder):
    recorder.handler = lambda r: json_response(
        404, envelope(None, success=False, message="Customer not found")
    )
    client = recorder.client(environment="staging")
    with pytest.raises(NotFoundError):
        client.customers.get("nobody")
    [entry] = client.journal.entries()
    assert entry.environment == "staging"
    assert (entry.method, entry.path, entry.status) == ("GET", "/partner/customer/nobody", 404)
    assert entry.at.tzinfo is not None
    assert entry.duration_ms >= 0 and entry.retries == 0
    assert entry.response_body["message"] == "Customer not found"
    assert entry.error.startswith("NotFoundError")
    assert not entry.ok


def test_journal_never_holds_secrets(recorder):
    recorder.handler = lambda r: json_response(
        200, envelope({"echo": f"password was {PASSWORD}", "card_number": "4111111111111111"})
    )
    client = recorder.client()
    with contextlib.suppress(InvalidResponseError):
        client.card_payments.buy_with_card_number(
            "tok",
            "B-1",
            "C-1",
            [{"sku": "GAU", "amount": 1}],
            {
                "card_holder_name": "John Due",
                "card_number": "4111 1111 1111 1111",
                "card_expire_month": "12",
                "card_expire_year": "2030",
                "card_cvv": "123",
            },
        )
    entry = client.journal.entries()[-1]
    text = repr(entry) + entry.to_curl()
    assert PASSWORD not in text
    assert "4111111111111111" not in text and "4111 1111 1111 1111" not in text
    assert "************1111" in text
    assert '"card_cvv":"***"' in entry.to_curl()
    assert "authorization" not in {k.lower() for k in entry.request_headers}


@pytest.mark.parametrize(
    "key", ["cardNumber", "card-number", "PAN", "pan", "cvv2", "security_code", "CVC", "apiKey"]
)
def test_card_data_is_masked_under_any_spelling_of_its_key(key):
    from minted.journal import redact

    shown = redact({"payment": {key: "4111111111111111", "card_holder": "Ada"}})
    assert "4111111111111111" not in repr(shown) and shown["payment"]["card_holder"] == "Ada"


def test_card_numbers_are_masked_under_any_key_and_in_free_text():
    from minted.journal import redact

    shown = redact(
        {"note": "paid with 5406 6754 0667 5403, ref 12345678901", "n": "4111111111111112"}
    )
    assert "5406 6754 0667 5403" not in shown["note"] and shown["note"].endswith(
        "5403, ref 12345678901"
    )
    assert shown["n"] == "4111111111111112"  # not a card number (fails the Luhn check): kept


def test_two_card_numbers_written_together_are_both_masked():
    from minted.journal import redact

    shown = redact("4111 1111 1111 11114111 1111 1111 1111, 5406-6754-0667-54035406-6754-0667-5403")
    assert "4111 1111 1111 1111" not in shown and "5406-6754-0667-5403" not in shown


def test_the_password_in_a_url_path_is_not_journaled(recorder):
    recorder.handler = lambda r: json_response(404, envelope(None, success=False, message="nope"))
    client = recorder.client()
    with pytest.raises(minted.NotFoundError):
        client.customers.get(f"x{PASSWORD}/y")  # pasted into the wrong field
    entry = client.journal.entries()[-1]
    assert PASSWORD not in entry.url + entry.path + entry.to_curl()
    assert "s3cret" not in entry.url  # nor its URL-encoded form


def test_journal_entry_renders_as_curl(recorder):
    recorder.handler = lambda r: json_response(200, envelope({"external_id": "C-1"}))
    client = recorder.client()
    client.customers.create(external_id="C-1", firstname="Ayşe")
    curl = client.journal.entries()[-1].to_curl()
    assert curl.startswith(
        "curl --location --request POST 'https://api.staging.mintedconnect.com/partner/customer'"
    )
    assert '--digest --user "partner-user:${MINTED_PASSWORD}"' in curl
    assert "--header 'x-client-id: web'" in curl
    assert "--header 'api-version: 2'" in curl
    assert "--header 'Accept-Language: tr'" in curl
    assert """--data-raw '{"external_id":"C-1","firstname":"Ayşe"}'""" in curl
    assert PASSWORD not in curl


def test_curl_runs_in_a_shell_as_written(recorder, tmp_path):
    """The curl text is valid shell: parsed by bash, the body arrives intact."""
    recorder.handler = lambda r: json_response(200, envelope({"external_id": "x"}))
    client = recorder.client()
    client.customers.create(external_id="O'Brien-1", lastname="O'Brien")
    curl = client.journal.entries()[-1].to_curl()
    script = tmp_path / "args.sh"
    script.write_text('printf "%s\\n" "$@"\n')
    out = subprocess.run(
        ["bash", "-c", curl.replace("curl ", f"bash {script} ", 1)],
        capture_output=True,
        text=True,
        env={"MINTED_PASSWORD": "pw-from-env"},
        check=True,
    ).stdout.splitlines()
    assert out[out.index("--data-raw") + 1] == '{"external_id":"O\'Brien-1","lastname":"O\'Brien"}'
    assert out[out.index("--user") + 1] == "partner-user:pw-from-env"


def test_journal_is_bounded():
    journal = minted.Journal(maxlen=3)
    for i in range(5):
        journal.add(
            minted.JournalEntry(
                id=i,
                at=None,
                environment="sandbox",
                method="GET",
                url="u",
                path="p",
                status=200,
                duration_ms=1,
                retries=0,
            )
        )
    assert [e.id for e in journal.entries()] == [2, 3, 4]


def test_client_repr_and_auth_repr_hide_the_password(recorder):
    client = recorder.client()
    assert PASSWORD not in repr(client) and PASSWORD not in repr(client._transport.auth)


def test_unknown_environment_and_missing_sandbox_url_are_clear():
    with pytest.raises(ValueError, match="choose one of"):
        minted.Client("u", "p", environment="prod")
    with pytest.raises(ValueError, match="needs a base_url"):
        minted.Client("u", "p", environment="sandbox")


def test_call_context_sets_language_and_tags_the_journal(recorder):
    from concurrent.futures import ThreadPoolExecutor

    recorder.handler = lambda r: json_response(200, envelope({"external_id": "C-1"}))
    client = recorder.client(language="tr")

    def in_session(tag, language):
        with client.context(language=language, tag=tag):
            client.customers.get("C-1")

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(in_session, ["s1", "s2"], ["en", "tr"]))
    client.customers.get("C-1")  # outside any context: the client's own language, no tag
    seen = {e.tag: e.request_headers["Accept-Language"] for e in client.journal.entries()}
    assert seen == {"s1": "en", "s2": "tr", None: "tr"}


@pytest.mark.parametrize(
    "cause,hint",
    [
        ("[Errno -2] Name or service not known", "its name does not resolve"),
        ("[Errno 111] Connection refused", "nothing listens there"),
        ("something new", ""),
    ],
)
def test_an_unreachable_host_is_named_with_what_to_check(recorder, cause, hint):
    def unreachable(request):
        raise httpx.ConnectError(cause, request=request)

    recorder.handler = unreachable
    with pytest.raises(minted.TransportError) as info:
        recorder.client(max_retries=0).customers.get("C-1")
    assert info.value.message.startswith("Could not reach api.staging.mintedconnect.com")
    assert hint in info.value.message and cause in info.value.message


def test_a_big_answer_is_kept_as_a_shorter_tree_not_cut_text():
    from minted.journal import MAX_BODY_CHARS, clip_body

    orders = [{"guid": f"G-{i}", "note": "x" * 300} for i in range(100)]
    kept = clip_body({"data": {"current_page": 1, "data": orders, "total": 100}})
    assert kept["data"]["total"] == 100 and kept["data"]["current_page"] == 1
    assert kept["data"]["data"][:5] == orders[:5]
    assert kept["data"]["data"][5] == "… 95 more items"
    text = "t" * (MAX_BODY_CHARS + 10)
    assert clip_body(text).endswith("… [10 more characters]")


@given(
    hs.recursive(
        hs.none() | hs.integers() | hs.text(max_size=2000),
        lambda inner: (
            hs.lists(inner, max_size=60) | hs.dictionaries(hs.text(max_size=5), inner, max_size=8)
        ),
        max_leaves=200,
    )
)
def test_whatever_the_answer_the_journal_keeps_at_most_its_limit(body):
    from minted import _json
    from minted.journal import MAX_BODY_CHARS, clip_body

    kept = clip_body(body)
    text = kept if isinstance(kept, str) else _json.dumps(kept)
    assert len(text) <= MAX_BODY_CHARS + 40
