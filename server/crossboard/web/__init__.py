"""The Starlette app: the websocket route, HTTP routes and the static client."""
