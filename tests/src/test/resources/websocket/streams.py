#!/usr/bin/python3
"""A REST caller of hostbridge's data streams over WebSocket, as docs/rest.md describes them, for
WebSocketStreamTest: it calls a stream verb (POST /api/v1/rpc/...), then attaches the stream with
GET /api/v1/streams/{streamId} upgraded to a WebSocket (Debian's python3-websockets).

usage: streams.py AGENT SCENARIO ARGS...
  AGENT: tls:HOST:PORT:DIR:NAME (client certificate DIR/NAME.pem, key DIR/NAME-key.pem, CA DIR/ca.pem)
         or unix:PATH (the API's unix socket)
  VOLUME: a JSON object of storagedomainID, imageID, volumeID

scenarios (each prints one line of results):
  upload VOLUME SOURCE        sparse source: data extents as binary messages, holes as hole statuses, then ok
  download VOLUME OUT         writes data, skips holes, answers eof with ok
  abort VOLUME SOURCE HOW     sends 8 MiB, then aborts (HOW: error = an error status, drop = the TCP connection)
  attach STREAMID             tries to attach; prints the HTTP status of the refusal
  foreign VOLUME OTHER-AGENT  OTHER-AGENT tries to attach this caller's download, then this caller downloads
  send VOLUME MESSAGE         in an upload, sends MESSAGE (text; 'binary:N' for N zero bytes); prints the answer
  stall VOLUME                a download that reads nothing until the agent gives up on it
"""
import asyncio
import http.client
import json
import os
import socket
import ssl
import sys
import time

import websockets

PACKET = 256 * 1024


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=30)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(30)
        self.sock.connect(self.path)


class Agent:
    def __init__(self, spec):
        kind, _, rest = spec.partition(":")
        if kind == "unix":
            self.socket = rest
        else:
            self.socket = None
            self.host, port, cert_dir, name = rest.split(":")
            self.port = int(port)
            self.tls = ssl.create_default_context(cafile=os.path.join(cert_dir, "ca.pem"))
            self.tls.load_cert_chain(os.path.join(cert_dir, name + ".pem"), os.path.join(cert_dir, name + "-key.pem"))

    def call(self, verb, params):
        if self.socket:
            conn = UnixConnection(self.socket)
        else:
            conn = http.client.HTTPSConnection(self.host, self.port, context=self.tls, timeout=30)
        conn.request("POST", "/api/v1/rpc/" + verb, json.dumps(params), {"Content-Type": "application/json"})
        reply = conn.getresponse()
        body = json.loads(reply.read())
        conn.close()
        return reply.status, body

    def open(self, verb, params):
        status, body = self.call(verb, params)
        if status != 200:
            raise SystemExit("%s: %d %s" % (verb, status, body))
        return body["streamId"]

    def websocket(self, stream_id, **options):
        path = "/api/v1/streams/" + stream_id
        options.setdefault("compression", None)
        options.setdefault("ping_interval", None)
        if self.socket:
            return websockets.unix_connect(self.socket, "ws://localhost" + path, **options)
        return websockets.connect("wss://%s:%d%s" % (self.host, self.port, path), ssl=self.tls, **options)


def extents(fd, size):
    """(start, length, is_data) of a sparse file, from the file system's own map."""
    position = 0
    while position < size:
        try:
            data = os.lseek(fd, position, os.SEEK_DATA)
        except OSError:  # no data after position: a hole to the end
            data = size
        if data > position:
            yield position, data - position, False
        if data >= size:
            return
        hole = os.lseek(fd, data, os.SEEK_HOLE)
        yield data, hole - data, True
        position = hole


async def upload(agent, volume, source):
    size = os.path.getsize(source)
    stream = agent.open("Volume.upload", volume)
    packets = holes = 0
    async with agent.websocket(stream) as ws:
        with open(source, "rb") as f:
            for start, length, is_data in extents(f.fileno(), size):
                if not is_data:
                    await ws.send(json.dumps({"status": "hole", "length": length}))
                    holes += 1
                    continue
                f.seek(start)
                while length:
                    chunk = f.read(min(PACKET, length))
                    await ws.send(chunk)
                    packets += 1
                    length -= len(chunk)
        await ws.send(json.dumps({"status": "ok"}))
        answer = json.loads(await ws.recv())
        await ws.wait_closed()
    print("upload %s: %d data packets, %d holes; closed %s" % (answer["status"], packets, holes, ws.close_code))


async def download(agent, volume, out):
    stream = agent.open("Volume.download", volume)
    packets = holes = hole_bytes = offset = 0
    async with agent.websocket(stream) as ws:
        with open(out, "wb") as f:
            while True:
                message = await ws.recv()
                if isinstance(message, bytes):
                    f.seek(offset)
                    f.write(message)
                    offset += len(message)
                    packets += 1
                    continue
                status = json.loads(message)
                if status["status"] == "hole":
                    offset += status["length"]
                    holes += 1
                    hole_bytes += status["length"]
                elif status["status"] == "eof":
                    f.truncate(offset)
                    await ws.send(json.dumps({"status": "ok"}))
                elif status["status"] == "ok":
                    break
                else:
                    raise SystemExit("download failed: " + message)
        await ws.wait_closed()
    print("download ok: %d bytes, %d data packets, %d holes of %d bytes; closed %s"
          % (offset, packets, holes, hole_bytes, ws.close_code))


async def abort(agent, volume, source, how):
    stream = agent.open("Volume.upload", volume)
    ws = await agent.websocket(stream)
    try:
        with open(source, "rb") as f:
            for _ in range(8 * 1024 * 1024 // PACKET):
                await ws.send(f.read(PACKET))
        if how == "drop":
            ws.transport.abort()
        else:
            await ws.send(json.dumps({"status": "error", "code": 100, "message": "the client gave up"}))
            await ws.wait_closed()
    finally:
        closed = ws.close_code
    # the volume is the aborted upload's until the agent has ended it: then it takes another
    deadline = time.monotonic() + 30
    while True:
        status, body = agent.call("Volume.upload", volume)
        if status == 200 or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.05)  # the event loop runs meanwhile: it closes a dropped connection's socket
    if status == 200:
        async with agent.websocket(body["streamId"]) as ws:
            await ws.send(json.dumps({"status": "error", "code": 100, "message": "only checking"}))
            await ws.wait_closed()
    print("aborted (%s): closed %s; the volume is free again: %s" % (how, closed, status == 200))


async def attach(agent, stream):
    try:
        async with agent.websocket(stream):
            print("attached")
    except websockets.exceptions.InvalidStatusCode as e:
        print("refused: HTTP %d" % e.status_code)


async def foreign(agent, volume, other):
    stream = agent.open("Volume.download", volume)
    await attach(other, stream)
    async with agent.websocket(stream) as ws:
        while True:
            message = await ws.recv()
            if isinstance(message, str) and json.loads(message)["status"] == "eof":
                await ws.send(json.dumps({"status": "ok"}))
            elif isinstance(message, str) and json.loads(message)["status"] == "ok":
                break
        await ws.wait_closed()
    print("the opener downloaded it: closed %s" % ws.close_code)


async def send(agent, volume, message):
    stream = agent.open("Volume.upload", volume)
    async with agent.websocket(stream, max_size=4 * 1024 * 1024) as ws:
        if message.startswith("binary:"):
            await ws.send(bytes(int(message[len("binary:"):])))
        else:
            await ws.send(message)
        try:
            answer = await ws.recv()
        except websockets.exceptions.ConnectionClosed:
            answer = "nothing"
        await ws.wait_closed()
    print("answer %s; closed %s %s" % (answer, ws.close_code, ws.close_reason))


async def stall(agent, volume):
    stream = agent.open("Volume.download", volume)
    started = time.monotonic()
    # one message queued at most, 64 KiB read ahead: past that this client reads nothing from the socket
    async with agent.websocket(stream, max_queue=1, read_limit=65536) as ws:
        # the agent gives up on the stream when it ends, and the volume is free to delete
        deadline = time.monotonic() + 60
        while True:
            status, body = agent.call("Volume.delete", volume)
            if status == 200 or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.1)
        released = time.monotonic() - started
        received = 0
        last = None
        try:
            while True:
                message = await ws.recv()
                received += len(message)
                last = message if isinstance(message, str) else last
        except websockets.exceptions.ConnectionClosed:
            pass
    print("stalled: deleted %s after %.1f s; received %d bytes; last status %s; closed %s"
          % (status == 200, released, received, last, ws.close_code))


def main(argv):
    agent = Agent(argv[1])
    scenario, args = argv[2], argv[3:]
    if scenario == "attach":
        run = attach(agent, args[0])
    elif scenario == "foreign":
        run = foreign(agent, json.loads(args[0]), Agent(args[1]))
    elif scenario in ("upload", "download", "abort", "send", "stall"):
        run = globals()[scenario](agent, json.loads(args[0]), *args[1:])
    else:
        raise SystemExit(__doc__)
    asyncio.run(run)


if __name__ == "__main__":
    main(sys.argv)
