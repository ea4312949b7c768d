"""Meta's files, read to keep a copy: Messenger's and Instagram's CDN links as they are, a WhatsApp media id
through the Graph API with the account's token (which answers a link that also needs the token)."""
from __future__ import annotations

from typing import Any

from ..services.domain.media import WHATSAPP_MEDIA
from ..services.ports.channels import AccountLookup
from ..services.ports.media import File, MediaTooLarge, MediaUnavailable
from .graph import GRAPH_URL, GRAPH_VERSION

GONE = {400, 401, 403, 404, 410}  # Meta no longer serves it to us: retrying will not help
CHUNK = 64 * 1024


class MetaMedia:
    def __init__(self, accounts: AccountLookup | None, base_url: str = GRAPH_URL, session: Any = None) -> None:
        self.accounts = accounts
        self.base_url = base_url.rstrip("/")
        self._session = session

    def fetch(self, channel: str, account: str, url: str, limit: int) -> File:
        if not url.startswith(WHATSAPP_MEDIA):
            return self._download(url, {}, limit)
        found = self.accounts.find("whatsapp", account) if self.accounts else None
        if found is None or self.accounts is None:
            raise MediaUnavailable(f"no connected whatsapp account {account}")
        auth = {"Authorization": f"Bearer {self.accounts.token_for(found)}"}
        media_id = url.removeprefix(WHATSAPP_MEDIA)
        answer = self._get(f"{self.base_url}/{GRAPH_VERSION}/{media_id}", auth, stream=False)
        info = answer.json() if answer.content else {}
        if not isinstance(info, dict) or not isinstance(info.get("url"), str):
            raise MediaUnavailable("Meta answered no link for the media id")
        if isinstance(info.get("file_size"), int) and info["file_size"] > limit:
            raise MediaTooLarge(f"{info['file_size']} bytes")
        file = self._download(info["url"], auth, limit)
        return File(file.data, file.content_type or info.get("mime_type"))

    def _download(self, url: str, headers: dict[str, str], limit: int) -> File:
        """The file, read in chunks and given up past the limit (a missing or false length is not trusted)."""
        answer = self._get(url, headers, stream=True)
        declared = answer.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise MediaTooLarge(f"{declared} bytes")
        data = bytearray()
        for chunk in answer.iter_content(CHUNK):
            data += chunk
            if len(data) > limit:
                raise MediaTooLarge(f"over {limit} bytes")
        content_type = answer.headers.get("Content-Type")
        return File(bytes(data), content_type.split(";")[0].strip() if content_type else None)

    def _get(self, url: str, headers: dict[str, str], stream: bool) -> Any:
        from ..adapters.timeouts import GRAPH

        answer = self._http().get(url, headers=headers, stream=stream, timeout=(GRAPH.connect, GRAPH.read))
        if answer.status_code in GONE:
            raise MediaUnavailable(f"Meta answered {answer.status_code}")
        answer.raise_for_status()  # 429 and 5xx: a passing failure, the stream retries
        return answer

    def _http(self) -> Any:
        if self._session is None:
            import requests

            self._session = requests.Session()
        return self._session
