"""Wires the keeping of customers' files: S3 on AWS, the data folder on the local stage."""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Settings
from .services.ports.channels import Channels
from .services.ports.media import MediaStore
from .services.usecases.conversations.access import ThreadAccess
from .services.usecases.media import KeepMedia

if TYPE_CHECKING:
    from .bootstrap import Services

BUCKET_VARIABLE = "COMPTOIR_MEDIA_BUCKET"
_BUILT: dict[int, tuple[object, KeepMedia | None]] = {}  # per object graph of the process (tests build several)


def media_of(services: Services) -> KeepMedia | None:
    """The file keeping of this object graph, built on first use beside it (the composition root stays as it is)."""
    built = _BUILT.get(id(services))
    if built is None or built[0] is not services:
        built = (services, build_media(services.settings, services.conversations.thread_access,
                                       services.delivery.channels))
        _BUILT.clear()  # one graph per process; an older one (a previous test's) is dropped
        _BUILT[id(services)] = built
        services.reactions.platform_names.pictures = built[1]  # customers' pictures are kept beside their files
    return built[1]


def install_store(services: Services, store: MediaStore) -> KeepMedia | None:
    """Replaces the storage of this graph's file keeping (tests)."""
    _BUILT[id(services)] = (services, build_media(services.settings, services.conversations.thread_access,
                                                  services.delivery.channels, store))
    services.reactions.platform_names.pictures = _BUILT[id(services)][1]
    return _BUILT[id(services)][1]


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
