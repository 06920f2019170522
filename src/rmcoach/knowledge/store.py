"""The Chroma side: open the embedded store or a server, with telemetry always off.

Every Chroma or network failure is turned into `KnowledgeUnavailable`, the one error
the session catches to show "guidance unavailable" instead of breaking a rehearsal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from rmcoach.errors import RmcoachError

if TYPE_CHECKING:
    from rmcoach.config import Settings

COLLECTION = "rmcoach-guidance"


class KnowledgeUnavailable(RmcoachError):
    """The guidance store cannot be opened, read or written."""


def describe_location(settings: Settings) -> tuple[str, str]:
    """("embedded", index dir) or ("server", URL): where the index lives."""
    if settings.chroma_url:
        return "server", settings.chroma_url
    return "embedded", str(settings.paths.index_dir)


def open_client(settings: Settings) -> Any:
    """A Chroma client for the settings; raises KnowledgeUnavailable on any failure."""
    try:
        import chromadb
        from chromadb.config import Settings as ChromaSettings
    except ImportError as exc:  # pragma: no cover - chromadb is a core dependency
        raise KnowledgeUnavailable(f"chromadb is not installed: {exc}") from exc
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if settings.chroma_url:
            host, port, ssl = parse_url(settings.chroma_url)
            client = chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=chroma_settings)
            client.heartbeat()
            return client
        settings.paths.index_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(str(settings.paths.index_dir), settings=chroma_settings)
    except KnowledgeUnavailable:
        raise
    except Exception as exc:  # chromadb raises many types (HTTP, sqlite, value errors)
        where = describe_location(settings)[1]
        raise KnowledgeUnavailable(f"cannot open the guidance index at {where}: {exc}") from exc


def parse_url(url: str) -> tuple[str, int, bool]:
    """host, port and TLS flag of a Chroma server URL such as http://127.0.0.1:8000."""
    parsed = urlparse(url if "://" in url else f"http://{url}")
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise KnowledgeUnavailable(
            f"RMCOACH_CHROMA_URL must look like http://host:port, got {url!r}"
        )
    ssl = parsed.scheme == "https"
    try:
        port = parsed.port or (443 if ssl else 8000)
    except ValueError:
        raise KnowledgeUnavailable(f"RMCOACH_CHROMA_URL has a bad port: {url!r}") from None
    return parsed.hostname, port, ssl
