from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import StreamingResponse

from app.core.auth import scoped
from app.core.db import SessionDep
from app.core.errors import InsufficientScope, InvalidToken
from app.core.principal import Principal
from app.core.problems import problem_responses
from app.core.scopes import Scope
from app.services.stream import live
from app.services.stream.hub import StreamHub
from app.services.stream.live import TooManyStreams

router = APIRouter(tags=["conversations"])

SSE_DESCRIPTION = """Server-Sent Events (`text/event-stream`). Each new message in one of your
conversations arrives as

```
id: <message id>
event: message
data: {"id": ..., "conversation_id": ..., "kind": "text", "body": ..., ...}
```

(system messages and retractions too; a retracted message comes again with `body: null`),
and each new notification as `event: notification` with the notification (as in
`GET /v1/notifications`) as data.
A comment line (`: heartbeat`) comes every 15 seconds. Reconnect with `Last-Event-ID` to be
sent what was written since. At most 5 streams per user (429 `too_many_streams`). Clients
that cannot hold a stream poll `GET /v1/conversations/{id}/messages?after=`."""


@router.get(
    "/v1/me/stream",
    summary="Open my live stream",
    description=SSE_DESCRIPTION,
    response_class=StreamingResponse,
    responses={
        200: {"content": {"text/event-stream": {"schema": {"type": "string"}}}},
        **problem_responses(InvalidToken, InsufficientScope, TooManyStreams),
    },
)
async def open_stream(
    request: Request,
    principal: Annotated[Principal, scoped(Scope.messages_read)],
    session: SessionDep,
    last_event_id: Annotated[str | None, Header(max_length=100)] = None,
) -> StreamingResponse:
    hub: StreamHub = request.app.state.stream_hub
    slot_id = await live.claim_stream_slot(session, principal)
    events = live.live_events(hub, principal, slot_id, live.parse_last_event_id(last_event_id))
    return StreamingResponse(
        events,
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
