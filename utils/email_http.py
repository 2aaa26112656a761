"""The HTTP provider sender: one shared client, retries with backoff, a circuit breaker.

One delivery is up to `EMAIL_SEND_ATTEMPTS` tries, retried by tenacity (a well-kept library,
rather than a hand-written loop) on timeouts, connection errors and 5xx, with exponential
backoff and full jitter so many processes do not retry in step. A 4xx is the provider refusing this
message: it is never retried and is permanent. The circuit breaker counts deliveries whose
every try failed; once open, messages wait in the outbox instead of queueing on a dead
provider, and the outbox worker stops claiming until the cool-down is over.
"""

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_random_exponential

from config import Settings
from utils.circuit_breaker import CircuitBreaker, CircuitOpen
from utils.email import EmailMessage, PermanentDeliveryError, TransientDeliveryError

Sleep = Callable[[float], Awaitable[None]]


class ProviderUnavailable(Exception):
    """A 5xx answer: the provider is failing, not refusing this message."""


def _is_transient(error: BaseException) -> bool:
    return isinstance(error, ProviderUnavailable | httpx.TransportError)


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


class HttpEmailSender:
    def __init__(
        self,
        *,
        settings: Settings,
        breaker: CircuitBreaker,
        client: httpx.AsyncClient | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        if settings.email_provider_url is None or settings.email_provider_api_key is None:
            raise ValueError("the HTTP sender needs EMAIL_PROVIDER_URL and EMAIL_PROVIDER_API_KEY")
        self._url = settings.email_provider_url
        self._sender_address = settings.email_from
        self._settings = settings
        self.breaker = breaker
        self._sleep = sleep
        timeout = httpx.Timeout(
            settings.email_read_timeout_seconds, connect=settings.email_connect_timeout_seconds
        )
        api_key = settings.email_provider_api_key.get_secret_value()
        self.client = client or httpx.AsyncClient(
            timeout=timeout, headers={"Authorization": f"Bearer {api_key}"}
        )

    def ready(self) -> bool:
        return self.breaker.retry_in() == 0

    async def send(self, message: EmailMessage) -> None:
        try:
            self.breaker.before_call()
        except CircuitOpen as error:
            raise TransientDeliveryError(str(error)) from error
        try:
            await self._send_with_retries(message)
        except PermanentDeliveryError:
            self.breaker.record_success()  # the provider answered: it is up
            raise
        except Exception as error:
            self.breaker.record_failure()
            raise TransientDeliveryError(_describe(error)) from error
        self.breaker.record_success()

    async def _send_with_retries(self, message: EmailMessage) -> None:
        options: dict[str, Any] = {"sleep": self._sleep} if self._sleep else {}
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._settings.email_send_attempts),
            # "Full jitter": a random wait up to initial·2^n, so retries never move in step.
            wait=wait_random_exponential(
                multiplier=self._settings.email_retry_initial_seconds,
                max=self._settings.email_retry_max_seconds,
            ),
            retry=retry_if_exception(_is_transient),
            reraise=True,
            **options,
        )
        async for attempt in retrying:
            with attempt:
                await self._post(message)

    async def _post(self, message: EmailMessage) -> None:
        response = await self.client.post(
            self._url,
            json={
                "from": self._sender_address,
                "to": message.to,
                "subject": message.subject,
                "text": message.text,
            },
            headers={"Idempotency-Key": message.idempotency_key},
        )
        if response.status_code >= 500:
            raise ProviderUnavailable(f"provider answered {response.status_code}")
        if response.status_code >= 400:
            raise PermanentDeliveryError(f"provider refused the message: {response.status_code}")

    async def aclose(self) -> None:
        await self.client.aclose()
