"""Guidance retrieval: chunking, offline embeddings, the Chroma store and queries."""

from rmcoach.knowledge.base import IndexReport, KnowledgeBase
from rmcoach.knowledge.doctor import knowledge_status
from rmcoach.knowledge.models import Passage
from rmcoach.knowledge.query import build_query
from rmcoach.knowledge.store import KnowledgeUnavailable

__all__ = [
    "IndexReport",
    "KnowledgeBase",
    "KnowledgeUnavailable",
    "Passage",
    "build_query",
    "knowledge_status",
]
