"""The reference server's vector-store writes: what LV-WRITE-* need from the embedded server."""

from __future__ import annotations

from typing import Any

import anyio
import httpx
import pytest

from conformance import schema_validator
from conformance.server import ServerConfig, create_app

KEY = "rc-unit-key"
HEADERS = {"x-portkey-api-key": KEY, "OpenAI-Beta": "assistants=v2"}


class InProcess:
    """The app driven without a socket (httpx's ASGI transport is async, hence anyio)."""

    def __init__(self) -> None:
        self.app = create_app(ServerConfig(api_key=KEY))

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        async def send() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://ref") as client:
                return await client.request(method, url, **kwargs)

        return anyio.run(send)

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", url, **kwargs)


@pytest.fixture
def client() -> InProcess:
    return InProcess()


def _newest(client: InProcess) -> str:
    page = client.get("/v1/vector_stores", headers=HEADERS, params={"limit": 1}).json()
    return str(page["first_id"])


def test_a_created_vector_store_is_a_vector_store_object_listed_first(client: InProcess) -> None:
    created = client.post(
        "/v1/vector_stores", headers=HEADERS, json={"name": "s", "metadata": {"k": "v"}}
    )
    store = created.json()
    assert created.status_code == 200
    assert schema_validator("VectorStoreObject").is_valid(store)
    assert (store["name"], store["metadata"], _newest(client)) == ("s", {"k": "v"}, store["id"])


def test_a_created_vector_store_has_an_empty_files_list(client: InProcess) -> None:
    store = client.post("/v1/vector_stores", headers=HEADERS, json={}).json()
    files = client.get(f"/v1/vector_stores/{store['id']}/files", headers=HEADERS)
    assert (files.status_code, files.json()["data"]) == (200, [])


def test_a_deleted_vector_store_is_gone_from_the_list_and_its_files(client: InProcess) -> None:
    store = client.post("/v1/vector_stores", headers=HEADERS, json={}).json()
    gone = client.delete(f"/v1/vector_stores/{store['id']}", headers=HEADERS).json()
    assert gone == {"id": store["id"], "object": "vector_store.deleted", "deleted": True}
    assert _newest(client) != store["id"]
    files = client.get(f"/v1/vector_stores/{store['id']}/files", headers=HEADERS)
    assert files.status_code == 404


def test_deleting_an_unknown_vector_store_is_404(client: InProcess) -> None:
    assert client.delete("/v1/vector_stores/vs_nobody", headers=HEADERS).status_code == 404


def test_a_vector_store_with_a_name_that_is_no_string_is_400(client: InProcess) -> None:
    response = client.post("/v1/vector_stores", headers=HEADERS, json={"name": 3})
    assert (response.status_code, response.json()["error"]["param"]) == (400, "name")


def _upload(client: InProcess) -> dict[str, Any]:
    response = client.post(
        "/v1/files",
        headers=HEADERS,
        data={"purpose": "assistants"},
        files={"file": ("a.txt", b"hello", "text/plain")},
    )
    assert response.status_code == 200
    return dict(response.json())


def test_an_uploaded_file_attached_to_a_store_is_listed_first_and_detached_is_gone(
    client: InProcess,
) -> None:
    from conformance.server import SEEDED_VECTOR_STORE_ID

    uploaded = _upload(client)
    assert (uploaded["object"], uploaded["bytes"], uploaded["filename"]) == ("file", 5, "a.txt")
    files = f"/v1/vector_stores/{SEEDED_VECTOR_STORE_ID}/files"
    attached = client.post(files, headers=HEADERS, json={"file_id": uploaded["id"]}).json()
    assert schema_validator("VectorStoreFileObject").is_valid(attached)
    newest = client.get(files, headers=HEADERS, params={"limit": 1}).json()["first_id"]
    assert newest == uploaded["id"]
    client.delete(f"{files}/{uploaded['id']}", headers=HEADERS)
    newest = client.get(files, headers=HEADERS, params={"limit": 1}).json()["first_id"]
    assert newest != uploaded["id"]
    gone = client.delete(f"/v1/files/{uploaded['id']}", headers=HEADERS).json()
    assert gone == {"id": uploaded["id"], "object": "file", "deleted": True}


def test_attaching_a_file_nobody_uploaded_is_404(client: InProcess) -> None:
    from conformance.server import SEEDED_VECTOR_STORE_ID

    files = f"/v1/vector_stores/{SEEDED_VECTOR_STORE_ID}/files"
    assert client.post(files, headers=HEADERS, json={"file_id": "file-nobody"}).status_code == 404


def test_an_upload_without_purpose_is_400(client: InProcess) -> None:
    response = client.post(
        "/v1/files", headers=HEADERS, files={"file": ("a.txt", b"x", "text/plain")}
    )
    assert (response.status_code, response.json()["error"]["param"]) == (400, "purpose")


def test_a_store_s_file_counts_follow_a_file_attached_and_detached(client: InProcess) -> None:
    store = client.post("/v1/vector_stores", headers=HEADERS, json={}).json()
    files = f"/v1/vector_stores/{store['id']}/files"

    def counted() -> tuple[int, int, int]:
        listed = client.get("/v1/vector_stores", headers=HEADERS, params={"limit": 1}).json()
        (found,) = listed["data"]
        counts = found["file_counts"]
        return counts["completed"], counts["total"], found["usage_bytes"]

    uploaded = _upload(client)
    client.post(files, headers=HEADERS, json={"file_id": uploaded["id"]})
    assert counted() == (1, 1, 5)
    client.delete(f"{files}/{uploaded['id']}", headers=HEADERS)
    assert counted() == (0, 0, 0)


def _every_item(client: InProcess, url: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    after: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 100, **({"after": after} if after else {})}
        page = client.get(url, headers=HEADERS, params=params).json()
        items += page["data"]
        if not page["has_more"]:
            return items
        after = page["last_id"]


def test_the_seeded_store_s_file_counts_total_its_files(client: InProcess) -> None:
    from conformance.server import SEEDED_VECTOR_STORE_ID

    stores = _every_item(client, "/v1/vector_stores")
    (store,) = [s for s in stores if s["id"] == SEEDED_VECTOR_STORE_ID]
    files = _every_item(client, f"/v1/vector_stores/{SEEDED_VECTOR_STORE_ID}/files")
    assert store["file_counts"]["total"] == len(files)
