"""A message's attachments pointed at our copies, in one update that touches nothing else on the message."""
from __future__ import annotations

from pynamodb.exceptions import UpdateError

from ..services.domain import Attachment, Message
from .conditions import condition_failed
from .items.threads import MessageItem
from .translate.threads import attachment_map, message_item


class DynamoMessageFiles:
    def keep_attachments(self, message: Message, attachments: list[Attachment]) -> bool:
        """Sets the attachments of a message still stored (an erased one stays erased): False when it is gone."""
        try:
            message_item(message).update([MessageItem.attachments.set([attachment_map(a) for a in attachments])],
                                         condition=MessageItem.message_id.exists(), add_version_condition=False)
        except UpdateError as failure:
            if not condition_failed(failure):
                raise
            return False
        return True
