"""The one place that talks to an OpenAI-compatible endpoint.

`make_client` builds `openai.AsyncOpenAI` from Settings; `stream_text` is the one
streaming function (TUI, CLI, judge and retries all use it). Failures come out as
`EndpointError`, whose message is safe to show: it never contains the API key, and it
says whether trying again could help.

The SDK's own retries are turned off (`max_retries=0`): the partner retries in one
place (`partner.llm`), where it can honour Retry-After up to a cap, respect a total time
budget, and know what was already streamed.
"""

from __future__ import annotations

import email.utils
import functools
import ssl
import time
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rmcoach.config import Settings
from rmcoach.errors import RmcoachError

if TYPE_CHECKING:
    import openai

#: Connecting never waits longer than this, whatever the read timeout.
CONNECT_TIMEOUT = 5.0
#: Sent when no key is configured: local servers (Ollama, llama.cpp) ignore it, and the
#: SDK refuses to build a client without one.
PLACEHOLDER_KEY = "no-key-needed"


class EndpointError(RmcoachError):
    """The endpoint failed. `kind` names the failure; `retryable` says whether to try again.

    `partial` is the text streamed before the failure (empty if none).
    """

    def __init__(
        self,
        kind: str,
        message: str,
        *,
        retryable: bool,
        retry_after: float | None = None,
        partial: str = "",
    ):
        super().__init__(message)
        self.kind = kind
        self.retryable = retryable
        self.retry_after = retry_after
        self.partial = partial


@dataclass(frozen=True)
class StreamEnd:
    """How a stream ended: `finish_reason` from the server ("stop", "length", ...)."""

    finish_reason: str | None


def make_client(settings: Settings, timeout: float | None = None) -> openai.AsyncOpenAI:
    """An async client for the configured endpoint, with connect and read timeouts."""
    import openai

    read = timeout if timeout is not None else settings.timeout
    return openai.AsyncOpenAI(
        base_url=settings.base_url,
        api_key=settings.api_key or PLACEHOLDER_KEY,
        timeout=openai.Timeout(read, connect=min(CONNECT_TIMEOUT, read)),
        max_retries=0,
        # a client is cheap once the TLS context exists; building that context from the
        # certificate bundle costs 20-45 ms, so it is built once per process
        http_client=openai.DefaultAsyncHttpxClient(verify=_tls_context()),
    )


@functools.cache
def _tls_context() -> ssl.SSLContext:
    return ssl.create_default_context()


async def stream_text(
    settings: Settings,
    messages: list[dict[str, str]],
    *,
    max_tokens: int | None = None,
    stop: list[str] | None = None,
    temperature: float | None = None,
    client: openai.AsyncOpenAI | None = None,
    end: list[StreamEnd] | None = None,
) -> AsyncGenerator[str, None]:
    """Yield the reply's text fragments as they arrive (None deltas and empty choices skipped).

    Raises EndpointError on any failure, including a stream that ends without a
    finish_reason (cut mid-reply). If `end` is given, the StreamEnd is appended to it.
    """
    import openai

    own_client = client is None
    api = client or make_client(settings)
    request: dict[str, Any] = {"model": settings.model or "default", "messages": messages}
    if max_tokens is not None:
        request["max_tokens"] = max_tokens
    if stop:
        request["stop"] = stop[:4]  # OpenAI accepts at most four stop sequences
    if temperature is not None:
        request["temperature"] = temperature
    received: list[str] = []
    finish: str | None = None
    try:
        stream = await api.chat.completions.create(stream=True, **request)
        try:
            async for chunk in stream:
                choices = getattr(chunk, "choices", None) or []
                if not choices:
                    continue
                choice = choices[0]
                piece = getattr(getattr(choice, "delta", None), "content", None)
                if isinstance(piece, str) and piece:
                    received.append(piece)
                    yield piece
                finish = getattr(choice, "finish_reason", None) or finish
        finally:
            await stream.close()
    except EndpointError:
        raise
    except openai.APIStatusError as exc:
        raise _status_error(exc, "".join(received)) from None
    except openai.APITimeoutError:
        raise EndpointError(
            "timeout", "The AI endpoint timed out", retryable=True, partial="".join(received)
        ) from None
    except openai.APIConnectionError:
        if received:  # the SDK reports a connection dropped mid-stream as a connection error
            raise EndpointError(
                "cut",
                "The AI reply was cut off mid-stream",
                retryable=True,
                partial="".join(received),
            ) from None
        raise EndpointError(
            "connection",
            f"Could not reach the AI endpoint at {_where(settings)}",
            retryable=True,
        ) from None
    except openai.APIError:
        raise EndpointError(
            "server",
            "The AI endpoint reported an error mid-reply",
            retryable=True,
            partial="".join(received),
        ) from None
    except (ValueError, TypeError, AttributeError, KeyError):
        raise EndpointError(
            "malformed",
            "The AI endpoint sent a malformed stream",
            retryable=True,
            partial="".join(received),
        ) from None
    except Exception as exc:  # transport errors mid-stream escape the SDK unwrapped
        kind = _transport_kind(exc)
        if kind is None:
            raise
        what = (
            "The AI endpoint timed out mid-reply"
            if kind == "timeout"
            else ("The AI reply was cut off mid-stream")
        )
        raise EndpointError(kind, what, retryable=True, partial="".join(received)) from None
    finally:
        if own_client:
            await api.close()
    if finish is None:
        kind, what = (
            ("cut", "The AI reply was cut off mid-stream")
            if received
            else ("empty", "The AI endpoint sent no reply")
        )
        raise EndpointError(kind, what, retryable=True, partial="".join(received))
    if end is not None:
        end.append(StreamEnd(finish))


def _transport_kind(exc: BaseException) -> str | None:
    """ "timeout" or "cut" for the HTTP library's transport errors (httpx or httpx2,
    whichever the installed SDK uses) and socket errors; None for anything else."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    if "TimeoutException" in names:
        return "timeout"
    if "TransportError" in names or isinstance(exc, OSError):
        return "cut"
    return None


def _where(settings: Settings) -> str:
    """The endpoint for messages: scheme, host, port and path only (no user:password@)."""
    from urllib.parse import urlsplit

    if not settings.base_url:
        return "the default OpenAI URL"
    parts = urlsplit(settings.base_url)
    host = parts.hostname or "?"
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def _status_error(exc: Any, partial: str) -> EndpointError:
    """Map an HTTP error status to an EndpointError (message never includes the key)."""
    status = int(getattr(exc, "status_code", 0) or 0)
    if status == 429:
        return EndpointError(
            "rate_limit",
            "The AI endpoint is rate-limiting requests",
            retryable=True,
            retry_after=retry_after_seconds(getattr(exc, "response", None)),
            partial=partial,
        )
    if status >= 500:
        return EndpointError(
            "server",
            f"The AI endpoint had a server error (HTTP {status})",
            retryable=True,
            partial=partial,
        )
    hints = {
        401: "the API key was rejected",
        403: "access was refused",
        404: "not found: check the base URL and model name",
    }
    hint = hints.get(status, "the request was refused")
    return EndpointError(
        "refused", f"The AI endpoint said HTTP {status}: {hint}", retryable=False, partial=partial
    )


def retry_after_seconds(response: Any) -> float | None:
    """Seconds to wait from `retry-after-ms` or `Retry-After` (seconds or an HTTP date)."""
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
