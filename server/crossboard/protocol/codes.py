"""Error codes and websocket close codes: data, so both sides agree on what each one means.

Error codes are strings carried in `error` and `rejected` frames. Close codes are integers
sent when the server ends a connection; `RECONNECT_CLOSE_CODES` says which ones a client
should retry after (with resume) and which mean "stop, ask the human".
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class ErrorCode(StrEnum):
    """Why a frame or an op was refused. Sent in `error` and `rejected` frames."""

    # Frame level (answered with `error`, the connection stays open).
    MALFORMED = "malformed"  # not msgpack, not a map, or a text frame
    UNKNOWN_TYPE = "unknown_type"  # the frame's `type` is not one the server knows
    INVALID_FRAME = "invalid_frame"  # known type, wrong field names or types
    ALREADY_JOINED = "already_joined"  # a second `hello` on one connection
    # Op level (answered with `rejected` carrying the op's cid).
    UNKNOWN_OP = "unknown_op"  # op.kind is not one the server knows
    INVALID_OP = "invalid_op"  # known kind, wrong field names or types
    TEXT_TOO_LONG = "text_too_long"  # a text field is over the limit
    RATE_LIMITED = "rate_limited"  # too many ops per second on this connection
    FORBIDDEN = "forbidden"  # the role may not do this (e.g. the screen edits)
    NOT_FOUND = "not_found"  # the target block or item does not exist
    DUPLICATE_ID = "duplicate_id"  # an add reuses an existing id
    WRONG_BLOCK = "wrong_block"  # the item kind does not belong in that block kind
    CYCLE = "cycle"  # the reparent would put a goal node under its own descendant
    INVALID_PATCH = "invalid_patch"  # an update sets a field the item kind does not have
    BOARD_FULL = "board_full"  # the board reached its item limit
    LOCKED = "locked"  # the facilitator locked the block or the board
    PRIVATE_BLOCK = "private_block"  # moving into or out of a private block
    STORAGE_UNAVAILABLE = "storage_unavailable"  # the engine could not make it durable; retry
    CLOSED = "closed"  # the vote or poll round is not open (or one is already open)
    BUDGET_EXCEEDED = "budget_exceeded"  # no dots left, or the item has its maximum of yours


class CloseCode(IntEnum):
    """Websocket close codes the server uses. 1xxx are RFC 6455; 4xxx are ours."""

    GOING_AWAY = 1001  # server shutting down: reconnect and resume
    MESSAGE_TOO_BIG = 1009  # a frame over the size limit (sent by the websocket layer)
    INTERNAL_ERROR = 1011  # a bug on our side: reconnect and resume
    UNAUTHORIZED = 4001  # bad, expired or revoked token: ask for a new link
    PROTOCOL_MISMATCH = 4002  # client speaks another protocol version: reload the page
    BAD_HELLO = 4003  # the first frame was not a valid `hello`
    BOARD_NOT_FOUND = 4004  # no such board
    HELLO_TIMEOUT = 4005  # no `hello` within the handshake time
    SLOW_CONSUMER = 4008  # the client did not read fast enough; reconnect and resume
    FLOOD = 4009  # far over the rate limit; reconnect later
    BOARD_RELOADED = 4010  # the board's log was lost and re-seeded: reconnect, take it whole
    LINK_ROTATED = 4011  # the join link was replaced: ask the facilitator for the new one
    REMOVED = 4012  # the facilitator removed this participant
    TOO_MANY_CONNECTIONS = 4013  # per-IP or per-board connection limit; reconnect later
    IDENTITY_REFUSED = 4014  # hello named a participant without their credential (I2)
    TOO_MANY_IDENTITIES = 4015  # this address minted too many identities lately (I4)


RECONNECT_CLOSE_CODES: frozenset[int] = frozenset(
    {
        CloseCode.GOING_AWAY,
        CloseCode.MESSAGE_TOO_BIG,
        CloseCode.INTERNAL_ERROR,
        CloseCode.HELLO_TIMEOUT,
        CloseCode.SLOW_CONSUMER,
        CloseCode.FLOOD,
        CloseCode.BOARD_RELOADED,
        CloseCode.TOO_MANY_CONNECTIONS,
        CloseCode.TOO_MANY_IDENTITIES,
        1006,  # abnormal closure (network drop, server killed)
    }
)
"""Close codes after which a client reconnects (with capped, jittered backoff) and resumes."""
