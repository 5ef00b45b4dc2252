"""A client that gets data streams wrong on purpose, written from docs/amqp.md ("Data streams"), as AmqpStreamsTest
drives the agent with it while a well-behaved client streams and pings beside it.

Usage: abuse.py AMQPS_URL HOST_ID CERT_DIR NAME JOB
JOB is JSON: {"uploads": [VOLUME, VOLUME, VOLUME] (three volumes to open uploads into),
              "download": VOLUME (one with more than 16 MiB of data), "stalledFile": PATH, "resumeFile": PATH}
Prints one JSON line per check:
  unknown      a packet for a stream nobody opened
  order        seq 0, then seq 2
  large        a continue of 1 MiB
  afterError   ERROR (abort), then OK on the same stream
  stopsReading a download whose reply address the client stops reading: once the stream is open it creates
               stalledFile, waits for resumeFile, then reads what the broker kept for it
"""
import json
import os
import sys
import time
import uuid

from proton import Message, SSLDomain
from proton.utils import BlockingConnection

url, host_id, certs, name, job = sys.argv[1:6]
job = json.loads(job)
tls = SSLDomain(SSLDomain.MODE_CLIENT)
tls.set_trusted_ca_db(certs + "/ca.pem")
tls.set_credentials(certs + "/" + name + ".pem", certs + "/" + name + "-key.pem", None)
tls.set_peer_authentication(SSLDomain.VERIFY_PEER_NAME)
connection = BlockingConnection(url, ssl_domain=tls, allowed_mechs="EXTERNAL", timeout=30)
replies = connection.create_receiver(None, dynamic=True)
requests = connection.create_sender("hostbridge.host." + host_id)


def call(method, params, receiver=replies):
    request = Message(id=str(uuid.uuid4()), reply_to=receiver.link.remote_source.address, body=json.dumps(
        {"jsonrpc": "2.0", "method": method, "params": params, "id": 1}))
    requests.send(request)
    reply = receiver.receive(timeout=30)
    receiver.accept()
    assert reply.correlation_id == request.id, reply
    return json.loads(reply.body)["result"]["streamId"]


def packet(stream, seq, status, data=b"", **extra):
    properties = dict(stream=stream, status=status, **extra)
    if seq is not None:
        properties["seq"] = seq
    message = Message(id=str(uuid.uuid4()), reply_to=replies.link.remote_source.address, priority=1,
                      properties=properties, body=data, inferred=True)
    requests.send(message)
    return message.id


def answer(check, sent_id=None, receiver=replies, **more):
    m = receiver.receive(timeout=30)
    receiver.accept()
    p = m.properties
    report = {"check": check, "status": p.get("status"), "code": int(p["code"]) if "code" in p else None,
              "seq": int(p["seq"]) if "seq" in p else None, "message": p.get("message"),
              "stream": p.get("stream"), "correlated": sent_id is not None and m.correlation_id == sent_id}
    report.update(more)
    print(json.dumps(report), flush=True)


sent = packet("no-such-stream", 0, "continue", b"x" * 1024)
answer("unknown", sent)

stream = call("Volume.upload", job["uploads"][0])
packet(stream, 0, "continue", b"x" * 1024)
packet(stream, 2, "continue", b"x" * 1024)
answer("order")

stream = call("Volume.upload", job["uploads"][1])
packet(stream, 0, "continue", b"x" * (1 << 20))
answer("large")

stream = call("Volume.upload", job["uploads"][2])
packet(stream, 0, "error", code=100, message="changed my mind")
sent = packet(stream, 1, "ok")
answer("afterError", sent)

# a reply address of its own that the client reads once (the call's reply), then no more for a while
stalled = connection.create_receiver(None, dynamic=True)
stream = call("Volume.download", job["download"], stalled)
open(job["stalledFile"], "w").close()
deadline = time.monotonic() + 120
while not os.path.exists(job["resumeFile"]):
    if time.monotonic() > deadline:
        raise SystemExit("no resume file within 120 s")
    time.sleep(0.05)
data, packets, seq_ok = 0, 0, True
while True:
    m = stalled.receive(timeout=30)
    stalled.accept()
    if m.properties["status"] != "continue":
        break
    seq_ok = seq_ok and m.properties["seq"] == packets
    packets += 1
    data += len(m.body or b"")
p = m.properties
print(json.dumps({"check": "stopsReading", "status": p["status"], "code": int(p.get("code", 0)),
                  "message": p.get("message"), "seq": p.get("seq"), "packets": packets, "dataBytes": data,
                  "inOrder": seq_ok}), flush=True)
connection.close()
