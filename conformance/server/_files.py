"""Uploaded files, and adding them to a vector store: what LF-WRITE-* need of the server.

A vector store's file is an uploaded file attached to the store, so the suite's writes to
List vector store files upload a file (``POST /files``, multipart, as upstream) and then
attach it (``POST /vector_stores/{id}/files`` with its ``file_id``); the cleanup detaches
and deletes both.  The multipart body is read with the standard library's MIME parser.
"""

from __future__ import annotations

import email.parser
import email.policy
from typing import Any

from conformance.server._data import Collection, StoredRun, make_id
from conformance.server._items import attached_file
from conformance.server._steps import ApiError, Server
from conformance.server._wire import creation_clock

__all__ = ["attach_file", "delete_file", "detach_file", "upload_file"]

_MAX_UPLOAD = 1 << 20
"""Bytes of an upload this server keeps (the suite's are a few dozen)."""


def _form(content_type: str, body: bytes) -> dict[str, tuple[str | None, bytes]]:
    """The parts of a multipart/form-data body by field name: (filename, content)."""
    if not content_type.lower().startswith("multipart/form-data"):
        raise ApiError(400, "The request must be multipart/form-data.")
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    parts: dict[str, tuple[str | None, bytes]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if isinstance(name, str) and isinstance(payload, bytes):
            parts[name] = (part.get_filename(), payload)
    return parts


def upload_file(server: Server, content_type: str, body: bytes) -> dict[str, Any]:
    """POST /files: ``file`` and ``purpose`` are required, as upstream."""
    if len(body) > _MAX_UPLOAD:
        raise ApiError(413, "The file is larger than this server keeps.")
    form = _form(content_type, body)
    for name in ("file", "purpose"):
        if name not in form:
            raise ApiError(
                400,
                f"Missing required parameter: '{name}'.",
                param=name,
                code="missing_required_parameter",
            )
    filename, content = form["file"]
    uploaded = {
        "id": make_id("file-", server.rng),
        "object": "file",
        "bytes": len(content),
        "created_at": creation_clock(server),
        "filename": filename or "upload",
        "purpose": form["purpose"][1].decode("utf-8", "replace"),
        "status": "processed",
    }
    server.files[str(uploaded["id"])] = uploaded
    return uploaded


def delete_file(server: Server, file_id: str) -> dict[str, Any]:
    """DELETE /files/{file_id}."""
    if server.files.pop(file_id, None) is None:
        raise ApiError(404, f"No such File object: {file_id}")
    return {"id": file_id, "object": "file", "deleted": True}


def _store_files(server: Server, store_id: str) -> Collection:
    files = server.collections.get(("vector-store-files", store_id))
    if files is None:
        raise ApiError(404, f"No vector store found with id '{store_id}'.")
    return files


def attach_file(server: Server, store_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """POST /vector_stores/{id}/files: an uploaded file joins the store, processed at once."""
    files = _store_files(server, store_id)
    file_id = body.get("file_id")
    if not isinstance(file_id, str) or not file_id:
        raise ApiError(
            400,
            "Missing required parameter: 'file_id'.",
            param="file_id",
            code="missing_required_parameter",
        )
    uploaded = server.files.get(file_id)
    if uploaded is None:
        raise ApiError(404, f"No file found with id '{file_id}'.")
    if any(item.id == file_id for item in files.runs):
        raise ApiError(400, f"The file '{file_id}' is already in the vector store.")
    attributes = body.get("attributes")
    item = attached_file(
        file_id,
        store_id,
        int(uploaded["bytes"]),
        creation_clock(server),
        attributes if isinstance(attributes, dict) else None,
    )
    files.runs.append(StoredRun(max((f.seq for f in files.runs), default=-1) + 1, item))
    _count(server, store_id, item, +1)
    return item


def _count(server: Server, store_id: str, item: dict[str, Any], change: int) -> None:
    """Keep the store's ``file_counts`` and ``usage_bytes`` true to its files, as upstream does."""
    store = next(
        (s.body for s in server.collections[("vector-stores",)].runs if s.id == store_id), None
    )
    if store is None:  # the seeded second store is not listed
        return
    counts = store["file_counts"]
    status = str(item.get("status", "completed"))
    counts[status] = counts.get(status, 0) + change
    counts["total"] = counts.get("total", 0) + change
    store["usage_bytes"] = max(
        0, int(store.get("usage_bytes", 0)) + change * int(item["usage_bytes"])
    )


def detach_file(server: Server, store_id: str, file_id: str) -> dict[str, Any]:
    """DELETE /vector_stores/{id}/files/{file_id}: the file leaves the store (it stays uploaded)."""
    files = _store_files(server, store_id)
    if not any(item.id == file_id for item in files.runs):
        raise ApiError(404, f"No file found with id '{file_id}' in vector store '{store_id}'.")
    gone = next(item for item in files.runs if item.id == file_id)
    files.runs[:] = [item for item in files.runs if item.id != file_id]
    _count(server, store_id, gone.body, -1)
    for order in ("asc", "desc"):
        server.sorted.pop((files.id, order), None)
    return {"id": file_id, "object": "vector_store.file.deleted", "deleted": True}
