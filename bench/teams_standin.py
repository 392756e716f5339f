"""A local stand-in for the Bot Connector and the Bot Framework's signing keys, for the benchmarks.

    BENCH_JWKS='{"keys": [...]}' python bench/teams_standin.py   # prints its port, then serves

It answers what a Teams bot calls while it works a turn, as the Bot Connector does: a new
activity (`POST /v3/conversations/{id}/activities`, and replies to one) with an id, a member's
profile (`GET .../members/29:amira.okafor` gives `amira.okafor@example.org`, the bench's users
being named after their email), and `GET /jwks` with the keys the bench signs its tokens with.
`GET /_posts` says how many activities landed (the replies the turns sent).
"""

from __future__ import annotations

import itertools
import json
import os
import socket
import sys

from aiohttp import web


def app(jwks: dict) -> web.Application:
    ids = itertools.count(1)
    posts = [0]

    async def activity(_: web.Request) -> web.Response:
        posts[0] += 1
        return web.json_response({"id": str(next(ids))})

    async def member(request: web.Request) -> web.Response:
        user = request.match_info["user"]
        local = user.removeprefix("29:")
        return web.json_response(
            {
                "id": user,
                "name": local.replace(".", " ").title(),
                "aadObjectId": f"aad-{local}",
                "email": f"{local}@example.org",
            }
        )

    async def keys(_: web.Request) -> web.Response:
        return web.json_response(jwks)

    async def count(_: web.Request) -> web.Response:
        return web.json_response({"posts": posts[0]})

    served = web.Application()
    served.router.add_post("/v3/conversations/{conversation}/activities", activity)
    served.router.add_post("/v3/conversations/{conversation}/activities/{reply_to}", activity)
    served.router.add_get("/v3/conversations/{conversation}/members/{user}", member)
    served.router.add_get("/jwks", keys)
    served.router.add_get("/_posts", count)
    return served


def main() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    print(sock.getsockname()[1], flush=True)
    web.run_app(app(json.loads(os.environ["BENCH_JWKS"])), sock=sock, print=None, access_log=None)


if __name__ == "__main__":
    sys.exit(main())
