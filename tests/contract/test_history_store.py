"""Where an import of history writes, in DynamoDB (moto and DynamoDB Local): the account's import state, and
messages stored once whether the import or the webhook came first."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.models.channel_accounts import DynamoChannelAccounts
from chalicelib.models.history import DynamoHistory
from chalicelib.models.threads import DynamoThreads
from chalicelib.services.domain import Message
from chalicelib.services.domain.channel_accounts import CONNECTED, ChannelAccount
from chalicelib.services.domain.errors import NotFound
from chalicelib.services.domain.history import HistoryState, message_id, provider_key
from tests.dynamodb_local_support import OnBothBackends

AT = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
ACCOUNT = ChannelAccount(id="ch_1", brand_id="maison", store_id="paris", kind="messenger", external_id="1045",
                         name="Maison Paris", status=CONNECTED, receive_comments=True, created_at=AT, updated_at=AT)


def message(n: int) -> Message:
    mid = f"m_{n}"
    return Message(brand_id="maison", thread_id="t1", id=message_id("messenger", mid), direction="in",
                   author="customer", text=f"bonjour {n}", created_at=AT - timedelta(days=40, minutes=-n),
                   channel="messenger", store_id="paris", customer_address="9001", store_address="1045",
                   status="received", provider_id=mid, applied=True)


class TestDynamoHistory(OnBothBackends):
    @pytest.fixture(autouse=True)
    def _tables(self) -> Iterator[None]:
        with self.fresh_table():
            self.accounts, self.history = DynamoChannelAccounts(), DynamoHistory()
            yield

    def test_the_import_state_is_kept_on_the_account_and_cleared_field_by_field(self) -> None:
        self.accounts.add(ACCOUNT)
        state = HistoryState(status="importing", threads=2, messages=40, cursor="QVFI", updated_at=AT)
        self.history.set_history(ACCOUNT, state)
        found = self.accounts.get("maison", "ch_1")
        assert found is not None and found.history == state
        done = HistoryState(status="failed", threads=2, messages=40, reason="Meta answered 400", updated_at=AT)
        self.history.set_history(ACCOUNT, done)
        again = self.accounts.get("maison", "ch_1")
        assert again is not None and again.history == done and again.history.cursor is None
        self.accounts.remove(ACCOUNT)
        with pytest.raises(NotFound):
            self.history.set_history(ACCOUNT, state)

    def test_messages_are_stored_once_across_imports_and_the_webhook(self) -> None:
        messages = [message(n) for n in range(30)]  # more than one transaction's worth
        keys = [provider_key("messenger", m.provider_id or "") for m in messages]
        assert self.history.add_messages(messages, keys, AT) == 30
        assert self.history.add_messages(messages, keys, AT) == 0
        webhook_first = replace(message(30), id="mwebhook", created_at=AT, applied=False)  # its own id and time
        DynamoThreads().record_inbound(webhook_first, provider_key("messenger", "m_30"))
        later = [message(30), message(31)]
        assert self.history.add_messages(later, ["messenger:m_30", "messenger:m_31"], AT) == 1
        stored = DynamoThreads().list_messages("maison", "t1", None, 100).items
        assert len(stored) == 32
