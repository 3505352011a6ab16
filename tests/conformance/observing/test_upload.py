"""Client.upload: a multipart POST /files the reference server reads, only with writes allowed."""

from __future__ import annotations

import pytest

from conformance.observing import Client, Target, WritesNotAllowedError
from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread

KEY = "rc-test-key-0123456789"


def test_an_upload_is_a_multipart_post_the_reference_server_keeps_with_a_fixed_boundary() -> None:
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        target = Target(server.base_url, SEEDED_THREAD_ID, KEY, allow_writes=True)
        with Client(target) as client:
            exchange = client.upload("upload", "a.txt", "hello\n")
    assert exchange.status == 200
    body = exchange.json()
    assert (body["object"], body["bytes"], body["filename"]) == ("file", 6, "a.txt")
    content_type = dict((n.lower(), v) for n, v in exchange.request_headers)["content-type"]
    assert content_type == "multipart/form-data; boundary=runs-conformance-upload-boundary"


def test_an_upload_without_writes_allowed_is_refused_before_any_request() -> None:
    target = Target("http://127.0.0.1:9/v1", "thread_a", KEY)
    with Client(target) as client, pytest.raises(WritesNotAllowedError):
        client.upload("upload", "a.txt", "hello\n")
    assert client.exchanges == []
