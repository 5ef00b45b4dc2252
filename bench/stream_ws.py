# A WebSocket stream client for bench/streams.sh: Volume.upload of FILE or Volume.download into FILE through the
# agent's unix socket, as docs/rest.md describes; prints "<seconds>" (from the call to the agent's final ok).
# usage: stream_ws.py SOCKET upload|download SD IMG VOL FILE
import asyncio, http.client, json, os, socket, sys, time
import websockets

SOCKET, OPERATION, SD, IMG, VOL, PATH = sys.argv[1:7]
PACKET = 256 * 1024


class UnixConnection(http.client.HTTPConnection):
    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.connect(SOCKET)


def call(verb, params):
    c = UnixConnection("localhost")
    c.request("POST", "/api/v1/rpc/" + verb, json.dumps(params), {"Content-Type": "application/json"})
    r = c.getresponse()
    body = json.loads(r.read())
    if r.status != 200:
        sys.exit("%s: %s" % (verb, body))
    return body["streamId"]


async def upload(volume):
    size = os.path.getsize(PATH)
    sid = call("Volume.upload", dict(volume, size=size))
    async with websockets.unix_connect(SOCKET, "ws://localhost/api/v1/streams/" + sid, compression=None,
                                       max_size=2 * PACKET) as ws:
        with open(PATH, "rb", buffering=0) as f:
            while True:
                chunk = f.read(PACKET)
                if not chunk:
                    break
                await ws.send(chunk)
        await ws.send('{"status":"ok"}')
        answer = json.loads(await ws.recv())
    if answer["status"] != "ok":
        sys.exit("upload: %s" % answer)


async def download(volume):
    sid = call("Volume.download", volume)
    async with websockets.unix_connect(SOCKET, "ws://localhost/api/v1/streams/" + sid, compression=None,
                                       max_size=2 * PACKET) as ws:
        with open(PATH, "wb") as f:
            async for message in ws:
                if isinstance(message, bytes):
                    f.write(message)
                    continue
                status = json.loads(message)
                if status["status"] == "hole":
                    f.seek(status["length"], os.SEEK_CUR)
                elif status["status"] == "eof":
                    f.truncate()
                    await ws.send('{"status":"ok"}')
                elif status["status"] != "ok":
                    sys.exit("download: %s" % status)


volume = {"storagedomainID": SD, "imageID": IMG, "volumeID": VOL}
start = time.monotonic()
asyncio.run(upload(volume) if OPERATION == "upload" else download(volume))
print("%.3f" % (time.monotonic() - start))
