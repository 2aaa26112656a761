"""Outgoing email: the message, the sender interface, and the console sender.

Services compose an `EmailMessage`; the outbox worker hands it to the configured `EmailSender`.
A sender raises `TransientDeliveryError` when trying again later may work (timeouts, 5xx, an
open circuit) and `PermanentDeliveryError` when it will not (the provider refused the message).
"""

from dataclasses import dataclass
from typing import Protocol

import structlog

logger = structlog.get_logger("talent_hub.email")


@dataclass(frozen=True, slots=True)
class EmailMessage:
    to: str
    subject: str
    text: str
    # The same for every try of one delivery attempt, so a provider can drop duplicates.
    idempotency_key: str


class DeliveryError(Exception):
    """The message was not delivered; the text is kept as the outbox row's last error."""


class TransientDeliveryError(DeliveryError):
    """Worth trying again later."""


class PermanentDeliveryError(DeliveryError):
    """Trying again will not help: the message goes straight to the dead state."""


class EmailSender(Protocol):
    def ready(self) -> bool:
        """False while the sender would refuse every message (an open circuit)."""
        ...

    async def send(self, message: EmailMessage) -> None: ...

    async def aclose(self) -> None: ...


class ConsoleSender:
    """Development sender: each message is a structlog event, link included, sent nowhere.

    The event carries the whole text (a reset link is a credential), which is why production
    refuses this sender unless `EMAIL_SENDER=console` is set on purpose.
    """

    def ready(self) -> bool:
        return True

    async def send(self, message: EmailMessage) -> None:
        logger.info("email_printed", to=message.to, subject=message.subject, text=message.text)

    async def aclose(self) -> None:
        return None
