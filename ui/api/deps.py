"""What a route depends on: the home's :class:`~ui.api.owner.Owner`, the caller (by role), and
:func:`bounded`, which runs blocking work in a thread with a time limit and drops it when the
client goes away (only that request: the other clients never notice)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import anyio
from fastapi import Depends, HTTPException, Request

from ui.api.auth import Principal, require
from ui.api.owner import Owner

T = TypeVar("T")

DISCONNECT_POLL_S = 0.25


def get_owner(request: Request) -> Owner:
    owner: Owner | None = getattr(request.app.state, "owner", None)
    if owner is None:
        raise HTTPException(503, "the server is still opening its home: try again in a moment")
    return owner


OwnerDep = Annotated[Owner, Depends(get_owner)]
Reader = Annotated[Principal, Depends(require("reader"))]
Editor = Annotated[Principal, Depends(require("editor"))]
Admin = Annotated[Principal, Depends(require("admin"))]


class ClientGone(Exception):
    """The client closed its connection before its answer was ready."""


async def bounded(
    request: Request,
    fn: Callable[..., T],
    *args: Any,
    timeout: float | None = None,
    **kwargs: Any,
) -> T:
    """``fn(*args, **kwargs)`` in a worker thread, abandoned after ``timeout`` seconds (504) or
    when the client disconnects (:class:`ClientGone`); the thread's result is then dropped."""
    limit = float(request.app.state.answer_timeout_s)  # the server.answer_timeout_s setting
    if timeout is not None:
        limit = min(timeout, limit)
    result: list[T] = []
    error: list[Exception] = []
    gone = False

    async def work(scope: anyio.CancelScope) -> None:
        call = functools.partial(fn, *args, **kwargs)
        try:
            result.append(await anyio.to_thread.run_sync(call, abandon_on_cancel=True))
        except Exception as exc:  # raised below, outside the task group (no ExceptionGroup)
            error.append(exc)
        scope.cancel()

    async def watch(scope: anyio.CancelScope) -> None:
        nonlocal gone
        while not await request.is_disconnected():
            await anyio.sleep(DISCONNECT_POLL_S)
        gone = True
        scope.cancel()

    with anyio.move_on_after(limit) as deadline:
        async with anyio.create_task_group() as group:
            group.start_soon(work, group.cancel_scope)
            group.start_soon(watch, group.cancel_scope)
    if error:
        raise error[0]
    if result:
        return result[0]
    if gone:
        raise ClientGone()
    if deadline.cancelled_caught:
        raise HTTPException(
            504,
            f"no answer within {limit:.0f} s: ask a narrower question or try again",
        )
    raise HTTPException(500, "the request stopped without a result")
