"""Every endpoint fault ends in a Final with the scripted line and a short notice: no
exception, no hang, nothing lost silently, no API key in sight."""

from __future__ import annotations

import time

import pytest

from llm_servers import (
    FAULTS,
    SCRIPTED,
    FaultServer,
    Reply,
    collect,
    enormous,
    good,
    llm_settings,
)
from rmcoach.partner import llm

KEY = "sk-test-SECRET-never-shown-1234"


def assert_scripted_with_notice(final: llm.Final) -> None:
    assert final.source == "scripted"
    assert final.text == SCRIPTED
    assert final.notice and len(final.notice) < 220
    assert "scripted partner answered" in final.notice
    assert KEY not in final.notice and KEY not in final.discarded
    assert "SECRET" not in repr(final)


@pytest.mark.parametrize("fault", sorted(FAULTS))
async def test_each_fault_falls_back_with_a_notice(fault_server: FaultServer, fault: str) -> None:
    fault_server.serve(FAULTS[fault])
    settings = llm_settings(fault_server.url, timeout=1.5, max_retries=1)
    started = time.perf_counter()
    _, final = await collect(settings)
    elapsed = time.perf_counter() - started
    assert_scripted_with_notice(final)
    assert elapsed < settings.timeout * llm.BUDGET_FACTOR + 1.0
    assert 1 <= fault_server.chat_requests <= 2  # the first try and one retry


async def test_connection_refused(closed_port_url: str) -> None:
    started = time.perf_counter()
    _, final = await collect(llm_settings(closed_port_url, max_retries=2))
    assert_scripted_with_notice(final)
    assert "Could not reach" in final.notice
    assert closed_port_url.split("/v1")[0] in final.notice
    assert time.perf_counter() - started < 5


async def test_credentials_in_the_url_stay_out_of_the_notice(closed_port_url: str) -> None:
    url = closed_port_url.replace("http://", f"http://user:{KEY}@")
    _, final = await collect(llm_settings(url, max_retries=0))
    assert_scripted_with_notice(final)


async def test_server_error_then_success_recovers(fault_server: FaultServer) -> None:
    fault_server.serve(FAULTS["server_error"], good("Go on. What does it cost?"))
    _, final = await collect(llm_settings(fault_server.url, max_retries=1))
    assert (final.source, final.text, final.notice) == ("llm", "Go on. What does it cost?", None)
    assert fault_server.chat_requests == 2


async def test_retries_follow_max_retries(fault_server: FaultServer) -> None:
    fault_server.serve(FAULTS["server_error"])
    _, final = await collect(llm_settings(fault_server.url, max_retries=3))
    assert_scripted_with_notice(final)
    assert "HTTP 500" in final.notice
    assert fault_server.chat_requests == 4


async def test_429_waits_for_retry_after(fault_server: FaultServer) -> None:
    fault_server.serve(FAULTS["rate_limited"], good("Fine. Go on."))
    started = time.perf_counter()
    _, final = await collect(llm_settings(fault_server.url, max_retries=1))
    assert final.source == "llm" and final.text == "Fine. Go on."
    assert time.perf_counter() - started >= 1.0  # Retry-After: 1 honoured
    assert fault_server.chat_requests == 2


async def test_429_with_a_long_retry_after_falls_back_at_once(fault_server: FaultServer) -> None:
    fault_server.serve(Reply("status", status=429, headers={"Retry-After": "120"}))
    started = time.perf_counter()
    _, final = await collect(llm_settings(fault_server.url, max_retries=3))
    assert_scripted_with_notice(final)
    assert "rate-limiting" in final.notice and "120s" in final.notice
    assert fault_server.chat_requests == 1
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize("status", [400, 401, 404])
async def test_client_errors_are_not_retried(fault_server: FaultServer, status: int) -> None:
    fault_server.serve(Reply("status", status=status))
    _, final = await collect(llm_settings(fault_server.url, max_retries=3))
    assert_scripted_with_notice(final)
    assert f"HTTP {status}" in final.notice
    assert fault_server.chat_requests == 1


async def test_a_cut_stream_keeps_what_was_streamed(fault_server: FaultServer) -> None:
    fault_server.serve(FAULTS["cut_mid_reply"])
    fragments, final = await collect(llm_settings(fault_server.url, max_retries=0))
    assert_scripted_with_notice(final)
    streamed = "".join(f.text for f in fragments)
    assert streamed and final.discarded == streamed
    assert "cut off" in final.notice and "was set aside" in final.notice


async def test_a_slow_dripping_stream_is_bounded(fault_server: FaultServer) -> None:
    fault_server.serve(Reply("drip", text="Well " * 100 + "done.", delay=0.2))
    settings = llm_settings(fault_server.url, timeout=1.0, max_retries=5)
    started = time.perf_counter()
    fragments, final = await collect(settings)
    assert_scripted_with_notice(final)
    assert "timed out" in final.notice or "too long" in final.notice
    assert fragments  # it did stream before the budget ran out
    assert time.perf_counter() - started < settings.timeout * llm.BUDGET_FACTOR + 1.0


async def test_an_enormous_reply_is_trimmed_to_whole_sentences(fault_server: FaultServer) -> None:
    fault_server.serve(enormous())
    started = time.perf_counter()
    _, final = await collect(llm_settings(fault_server.url))
    assert final.source == "llm"
    assert final.text.endswith("budget.") and len(final.text) <= 1000
    assert final.notice and "cut to its first sentences" in final.notice
    assert fault_server.chat_requests == 1
    assert time.perf_counter() - started < 3


async def test_an_enormous_reply_without_sentences_falls_back(fault_server: FaultServer) -> None:
    fault_server.serve(enormous("and on", 2000))
    _, final = await collect(llm_settings(fault_server.url))
    assert_scripted_with_notice(final)
    assert "too long" in final.notice
    assert fault_server.chat_requests == 2  # regenerated once


async def test_a_length_capped_reply_drops_its_unfinished_sentence(
    fault_server: FaultServer,
) -> None:
    fault_server.serve(Reply(text="Fine. Tell me about the cost and", finish_reason="length"))
    _, final = await collect(llm_settings(fault_server.url))
    assert (final.source, final.text, final.notice) == ("llm", "Fine.", None)


async def test_a_broken_template_falls_back(fault_server: FaultServer, isolated_home) -> None:
    override = isolated_home / "content" / "templates" / "partner_system.j2"
    override.parent.mkdir(parents=True)
    override.write_text("You are {{ persona.name }. {{ broken", encoding="utf-8")
    _, final = await collect(llm_settings(fault_server.url))
    assert_scripted_with_notice(final)
    assert "template" in final.notice
    assert fault_server.chat_requests == 0
