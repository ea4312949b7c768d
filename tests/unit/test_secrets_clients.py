"""Every outbound client carries a timeout and bounded retries: Twilio's REST client, SES, Comprehend, SSM."""
from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from chalicelib.adapters import secrets, timeouts
from chalicelib.adapters.comprehend_sentiment import ComprehendSentiment
from chalicelib.adapters.mail import SesMailer
from chalicelib.channels.twilio_sms import TwilioRestTransport
from chalicelib.config import MissingSetting
from chalicelib.services.domain.errors import DeliveryDeferred


def assert_limits(client: object, limits: timeouts.Limits) -> None:
    config = client.meta.config  # type: ignore[attr-defined]
    assert (config.connect_timeout, config.read_timeout) == (limits.connect, limits.read)
    assert config.retries == {"total_max_attempts": limits.attempts, "mode": "standard"}


def test_ses_comprehend_and_ssm_clients_have_timeouts_and_bounded_standard_retries() -> None:
    assert_limits(SesMailer("no-reply@example.com")._ses(), timeouts.SES)
    assert_limits(ComprehendSentiment()._comprehend(), timeouts.COMPREHEND)
    assert_limits(secrets.ParameterSecrets().provider().client, timeouts.SSM)
    for limits in (timeouts.SES, timeouts.COMPREHEND, timeouts.SSM):
        assert 0 < limits.connect <= 5 and 0 < limits.read <= 10 and 1 <= limits.attempts <= 3


def test_twilios_client_has_a_timeout_and_retries_only_what_cannot_send_twice() -> None:
    client = TwilioRestTransport("AC" + "0" * 32, "token").build_client()
    http = client.http_client
    assert http.timeout == timeouts.TWILIO_TIMEOUT_SECONDS == 5.0
    retry = http.session.get_adapter("https://api.twilio.com").max_retries
    assert retry.total == timeouts.TWILIO_MAX_RETRIES == 2
    # urllib3 retries a read failure only for idempotent methods: a POST that may have reached Twilio is not
    # sent again (no duplicate SMS); a connection that never opened is.
    assert "POST" not in retry.allowed_methods


def test_a_function_without_twilio_credentials_refuses_to_send() -> None:
    with pytest.raises(MissingSetting, match="no Twilio credentials"):
        TwilioRestTransport("", "").build_client()


@pytest.fixture
def silent_proxy() -> Iterator[str]:
    """A proxy that accepts connections and never answers: Twilio as seen through a dead network path."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


def test_a_twilio_that_never_answers_defers_the_message_within_the_timeout(
        silent_proxy: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timeouts, "TWILIO_TIMEOUT_SECONDS", 0.3)
    monkeypatch.setenv("HTTPS_PROXY", silent_proxy)
    monkeypatch.delenv("NO_PROXY", raising=False)
    transport = TwilioRestTransport("AC" + "0" * 32, "token")
    started = time.monotonic()
    with pytest.raises(DeliveryDeferred, match="unreachable"):
        transport.send_sms(to="+33612345678", from_="+15550000001", body="hello", status_callback=None)
    elapsed = time.monotonic() - started
    assert 0.3 <= elapsed < 0.3 * (timeouts.TWILIO_MAX_RETRIES + 1) + 1.5  # timed out, with bounded retries


def test_twilio_refusing_our_credentials_defers_the_message_rather_than_failing_it() -> None:
    """During a rotation a function may hold the old auth token for a few minutes: its sends are retried."""
    from twilio.base.exceptions import TwilioRestException

    class Refusing:
        class messages:  # noqa: N801  (the shape of Twilio's client)
            @staticmethod
            def create(**_: object) -> None:
                raise TwilioRestException(401, "https://api.twilio.com", msg="Authenticate", code=20003)

    transport = TwilioRestTransport("AC" + "0" * 32, "old-token", client=Refusing())
    with pytest.raises(DeliveryDeferred):
        transport.send_sms(to="+33612345678", from_="+15550000001", body="hello", status_callback=None)
