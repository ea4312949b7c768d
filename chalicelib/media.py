"""Wires the keeping of customers' files for the composition root: S3 on AWS, the data folder on the local stage."""
from __future__ import annotations

import os
from pathlib import Path

from .config import Settings
from .services.ports.channels import Channels
from .services.ports.media import MediaStore
from .services.usecases.conversations.access import ThreadAccess
from .services.usecases.media import KeepMedia

BUCKET_VARIABLE = "COMPTOIR_MEDIA_BUCKET"


def build_media(settings: Settings, access: ThreadAccess, channels: Channels,
                store: MediaStore | None = None) -> KeepMedia | None:
    """The use case over the stage's storage (`store` replaces it in tests); None on AWS without a bucket:
    files then stay the platform's links rather than be kept somewhere that does not last."""
    from .channels.meta_media import MetaMedia
    from .models.message_files import DynamoMessageFiles
    from .sandbox.media import SandboxMedia

    store = store or _store(settings)
    source = SandboxMedia() if settings.local else MetaMedia(channels.accounts)  # the local stage is offline
    return KeepMedia(source, store, DynamoMessageFiles(), access) if store else None


def _store(settings: Settings) -> MediaStore | None:
    from .adapters.media_files import FolderMediaStore, MemoryMediaStore

    if settings.local:
        return FolderMediaStore(Path(settings.data_dir) / "media") if settings.data_dir else MemoryMediaStore()
    bucket = os.environ.get(BUCKET_VARIABLE)
    if not bucket:
        return None
    from .adapters.media_s3 import S3MediaStore

    return S3MediaStore(bucket)
