"""A VM's serial console over the agent's WebSocket, driven line by line: RealVmConsoleTest's WebSocket caller.

usage: console.py BASE_URL VM_ID FORCE     (BASE_URL: http://127.0.0.1:PORT, the agent's plain loopback listener;
                                            FORCE: true or false)

Calls VM.openConsole over REST, attaches GET /api/v1/streams/{streamId} as a WebSocket (docs/rest.md), then:
  stdin, a JSON object a line:  {"keys": TEXT} typed (a binary message); any other object sent as a status
                                ({"status": "ok"}, {"status": "error", "message": ...})
  stdout, a JSON object a line: {"refused": CODE, "message": ...} when the call is refused (then it exits);
                                {"opened": STREAM_ID}; {"data": TEXT} for each binary message (bytes as Latin-1);
                                each status the agent sends, as it came; {"closed": CLOSE_CODE} last.
"""
import asyncio
import http.client
import json
import sys
import urllib.parse

import websockets


def out(message):
    print(json.dumps(message), flush=True)


def call(base, verb, params):
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    connection.request("POST", "/api/v1/rpc/" + verb, json.dumps(params), {"Content-Type": "application/json"})
    reply = connection.getresponse()
    return reply.status, json.loads(reply.read())


async def typist(ws):
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while line := await reader.readline():
        command = json.loads(line)
        await ws.send(command["keys"].encode() if "keys" in command else json.dumps(command))


async def main(base, vm_id, force):
    status, body = call(base, "VM.openConsole", {"vmID": vm_id, "force": force})
    if status != 200:
        out({"refused": body.get("code"), "message": body.get("detail")})
        return
    stream_id = body["streamId"]
    async with websockets.connect(base.replace("http", "ws", 1) + "/api/v1/streams/" + stream_id,
                                  compression=None) as ws:
        out({"opened": stream_id})
        typing = asyncio.ensure_future(typist(ws))
        try:
            async for message in ws:  # until the agent closes the WebSocket after the stream's last status
                if isinstance(message, bytes):
                    out({"data": message.decode("latin-1")})
                else:
                    out(json.loads(message))
        except websockets.ConnectionClosed:
            pass
        typing.cancel()
        out({"closed": ws.close_code})


asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3] == "true"))
