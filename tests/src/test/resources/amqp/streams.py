"""Data streams over AMQP with Qpid Proton's event API, written from docs/amqp.md ("Data streams") alone, as
AmqpStreamsTest drives the agent with it: several uploads and downloads at once on ONE connection while Host.ping2
is called every few milliseconds on that same connection.

Usage: streams.py AMQPS_URL HOST_ID CERT_DIR NAME JOB
Logs in with the client certificate CERT_DIR/NAME.pem (key NAME-key.pem), trusting CERT_DIR/ca.pem (SASL EXTERNAL).
JOB is JSON:
  {"uploads":   [{"file": PATH, "volume": {"storagedomainID": .., "imageID": .., "volumeID": ..},
                  "abortAfter": BYTES (optional: send ERROR once this much data is out),
                  "pauseAfter": BYTES, "pausedFile": PATH, "resumeFile": PATH (optional: once this much data is
                  out, create pausedFile and send nothing more on the stream until resumeFile exists)}],
   "downloads": [{"file": PATH, "volume": {...}, "own_reply_address": true|false}],
   "pingInterval": 0.01, "pingsInFlight": 8, "window": 2, "credit": 4, "dataPriority": 1, "timeout": 300,
   "claim": false}
  window: the client's data packets the broker has not settled yet, all streams together;
  credit: the messages each of the client's receivers may hold ahead (Proton's prefetch);
  pingsInFlight: a ping is skipped (and counted) while this many are unanswered;
  claim: first learn the user the broker validates this client as (one message to its own reply address comes back
  stamped with it), then claim it on every call and packet, so the broker need not rewrite them.
Prints one JSON line per stream: {"kind", "file", "status": "ok" | "error", "code", "message", "dataBytes",
"holeBytes", "packets", "seconds"}, then {"kind": "pings", "count", "failed", "p50", "p99", "max"} (milliseconds,
and "claim": the user claimed, or null).
Exits 0 when the job ran to its end (whatever the streams' outcome), 2 on a protocol violation or time-out.
"""
import json
import math
import os
import sys
import time
import uuid

from proton import Message, SSLDomain
from proton.handlers import MessagingHandler
from proton.reactor import Container

MAX_PACKET = 256 * 1024


def extents(path):
    """(offset, length, is_data) of a file, from the file system's view of its holes (SEEK_DATA / SEEK_HOLE)."""
    size = os.path.getsize(path)
    out = []
    with open(path, "rb") as f:
        fd = f.fileno()
        offset = 0
        while offset < size:
            try:
                data = os.lseek(fd, offset, os.SEEK_DATA)
            except OSError:  # ENXIO: only a hole up to the end
                data = size
            if data > offset:
                out.append((offset, data - offset, False))
            if data >= size:
                break
            hole = os.lseek(fd, data, os.SEEK_HOLE)
            out.append((data, hole - data, True))
            offset = hole
    return out


class Stream:
    """One stream's state, either way."""

    def __init__(self, kind, spec):
        self.kind = kind
        self.spec = spec
        self.id = None
        self.out_seq = 0        # our packets to the agent
        self.in_seq = 0         # the agent's packets to us
        self.result = None
        self.data_bytes = 0
        self.hole_bytes = 0
        self.packets = 0
        self.started = time.monotonic()
        self.receiver = None    # a download's own reply address, if it asked for one
        if kind == "upload":
            self.plan = extents(spec["file"])
            self.file = open(spec["file"], "rb")
            self.finished_sending = False
            self.paused = False
        else:
            self.file = open(spec["file"], "wb")
            self.offset = 0
            self.answered_end = False

    def finish(self, status, code=None, message=None):
        if self.result is None:
            self.result = {"kind": self.kind, "file": self.spec["file"], "status": status, "code": code,
                           "message": message, "dataBytes": self.data_bytes, "holeBytes": self.hole_bytes,
                           "packets": self.packets, "seconds": round(time.monotonic() - self.started, 3)}
            if self.kind == "download":
                self.file.truncate(self.offset)
            self.file.close()


class Later:
    """A timer's handler: runs an action."""

    def __init__(self, action):
        self.action = action

    def on_timer_task(self, event):
        self.action(event)


class Client(MessagingHandler):
    def __init__(self, url, host_id, certs, name, job):
        super().__init__(prefetch=job.get("credit", 4))
        self.url, self.host_id, self.job = url, host_id, job
        self.tls = SSLDomain(SSLDomain.MODE_CLIENT)
        self.tls.set_trusted_ca_db(certs + "/ca.pem")
        self.tls.set_credentials(certs + "/" + name + ".pem", certs + "/" + name + "-key.pem", None)
        self.tls.set_peer_authentication(SSLDomain.VERIFY_PEER_NAME)
        self.window = job.get("window", 2)
        self.priority = job.get("dataPriority", 1)
        self.streams = [Stream("upload", u) for u in job.get("uploads", [])] + \
                       [Stream("download", d) for d in job.get("downloads", [])]
        self.by_id = {}
        self.calls = {}          # message id -> callback(reply)
        self.pings = []          # latencies, ms
        self.ping_failures = 0
        self.ping_errors = {}    # code -> how many
        self.pings_in_flight = 0
        self.pings_skipped = 0   # pings not sent because pingsInFlight were still unanswered
        self.ping_timer = None
        self.violation = None
        self.unsettled = 0       # our packets the broker has not settled yet, all streams together
        self.turn = 0            # the stream whose turn it is to send
        self.claim = None        # the user claimed on every message sent, once learnt

    # ---- connection ----

    def on_start(self, event):
        self.container = event.container
        self.conn = event.container.connect(self.url, ssl_domain=self.tls, allowed_mechs="EXTERNAL")
        address = "hostbridge.host." + self.host_id
        self.requests = event.container.create_sender(self.conn, address, name="calls")
        self.data = event.container.create_sender(self.conn, address, name="data")
        self.replies = event.container.create_receiver(self.conn, None, dynamic=True, name="replies")
        self.deadline = event.container.schedule(self.job.get("timeout", 300), Later(self.expire))

    def on_link_opened(self, event):
        if event.receiver == self.replies:
            self.reply_to = event.receiver.remote_source.address
            if self.job.get("claim"):
                # the broker stamps this with the user it validated us as; on_message starts the job then
                event.container.create_sender(self.conn, self.reply_to).send(
                    Message(properties={"whoami": True}, body="whoami"))
            else:
                self.begin(event)
        else:
            for s in self.streams:
                if s.receiver is not None and event.receiver == s.receiver:
                    self.open(s, s.receiver.remote_source.address)

    def begin(self, event):
        for s in self.streams:
            if s.kind == "download" and s.spec.get("own_reply_address"):
                s.receiver = event.container.create_receiver(self.conn, None, dynamic=True)
            else:
                self.open(s, self.reply_to)
        self.ping_timer = event.container.schedule(self.job.get("pingInterval", 0.01), Later(self.ping))

    def expire(self, event):
        self.violation = "time-out: " + json.dumps([s.result or {"file": s.spec["file"]} for s in self.streams])
        if self.ping_timer is not None:
            self.ping_timer.cancel()
        self.conn.close()

    def ping(self, event):
        if self.all_done():
            return
        self.ping_timer = event.container.schedule(self.job.get("pingInterval", 0.01), Later(self.ping))
        if self.pings_in_flight >= self.job.get("pingsInFlight", 8):
            self.pings_skipped += 1  # as a manager would: no pile of calls to an agent that is slow to answer
            return
        self.pings_in_flight += 1
        sent = time.monotonic()

        def pong(reply):
            self.pings_in_flight -= 1
            if "result" in reply:
                self.pings.append((time.monotonic() - sent) * 1000)
            else:
                self.ping_failures += 1
                code = str(reply["error"].get("code"))
                self.ping_errors[code] = self.ping_errors.get(code, 0) + 1

        self.call("Host.ping2", {}, pong, self.reply_to)

    # ---- calls ----

    def call(self, method, params, callback, reply_to):
        message_id = str(uuid.uuid4())
        self.calls[message_id] = callback
        self.requests.send(Message(id=message_id, reply_to=reply_to, properties=self.claimed({}), body=json.dumps(
            {"jsonrpc": "2.0", "method": method, "params": params, "id": message_id})))

    def claimed(self, properties):
        if self.claim is not None:
            properties["_AMQ_VALIDATED_USER"] = self.claim
        return properties

    def open(self, stream, reply_to):
        method = "Volume.upload" if stream.kind == "upload" else "Volume.download"

        def opened(reply):
            if "error" in reply:
                stream.finish("error", reply["error"].get("code"), reply["error"].get("message"))
                self.check_done()
                return
            stream.id = reply["result"]["streamId"]
            self.by_id[stream.id] = stream
            self.pump()

        self.call(method, stream.spec["volume"], opened, reply_to)

    # ---- packets ----

    def packet(self, stream, status, body=b"", **properties):
        properties.update(self.claimed({"stream": stream.id, "status": status, "seq": stream.out_seq}))
        stream.out_seq += 1
        self.unsettled += 1
        stream.packets += 1
        delivery = self.data.send(Message(properties=properties, body=body, inferred=True,
                                          priority=self.priority))
        delivery.stream = stream
        return delivery

    def pump(self):
        """Sends what the uploads have next, in turns: at most `window` packets (all streams together) that the
        broker has not settled yet, and only while the broker gives the link credit."""
        progress = True
        while progress:
            progress = False
            for _ in range(len(self.streams)):
                if self.unsettled >= self.window or self.data.credit <= 0:
                    return
                s = self.streams[self.turn]
                self.turn = (self.turn + 1) % len(self.streams)  # the next packet is the next stream's
                if s.kind == "upload" and s.id and s.result is None and not s.finished_sending \
                        and not self.pause(s):
                    self.next_upload_packet(s)
                    progress = True

    def pause(self, s):
        """Whether the stream waits for its resume file (then polls for it)."""
        after = s.spec.get("pauseAfter")
        if after is None or s.data_bytes < after or os.path.exists(s.spec["resumeFile"]):
            return False
        if not s.paused:
            s.paused = True
            open(s.spec["pausedFile"], "w").close()

            def poll(event):
                if os.path.exists(s.spec["resumeFile"]):
                    self.pump()
                else:
                    self.container.schedule(0.05, Later(poll))

            self.container.schedule(0.05, Later(poll))
        return True

    def next_upload_packet(self, s):
        abort_after = s.spec.get("abortAfter")
        if abort_after is not None and s.data_bytes >= abort_after:
            # done once the broker has it (on_settled): the agent learns of the abort from this packet alone
            self.packet(s, "error", code=100, message="the client gives up").aborts = True
            s.finished_sending = True
            return
        if not s.plan:
            self.packet(s, "ok")
            s.finished_sending = True
            return
        offset, length, is_data = s.plan[0]
        if not is_data:
            self.packet(s, "hole", length=length)
            s.hole_bytes += length
            s.plan.pop(0)
            return
        n = min(length, MAX_PACKET)
        s.file.seek(offset)
        chunk = s.file.read(n)
        self.packet(s, "continue", chunk)
        s.data_bytes += n
        if n == length:
            s.plan.pop(0)
        else:
            s.plan[0] = (offset + n, length - n, True)

    def on_sendable(self, event):
        if event.sender == self.data:
            self.pump()

    def on_settled(self, event):
        stream = getattr(event.delivery, "stream", None)
        if stream is not None:
            self.unsettled -= 1
            if event.delivery.remote_state != event.delivery.ACCEPTED and stream.result is None:
                stream.finish("error", None, "the broker did not accept a packet: %s" % event.delivery.remote_state)
                self.check_done()
            elif getattr(event.delivery, "aborts", False):
                stream.finish("aborted")
                self.check_done()
            self.pump()

    def on_message(self, event):
        m = event.message
        props = m.properties or {}
        if props.get("whoami") and self.claim is None:
            self.claim = props.get("_AMQ_VALIDATED_USER")
            if self.claim is None:
                self.violation = "the broker stamped no user on our own message"
                self.conn.close()
                return
            self.begin(event)
            return
        if "stream" not in props:
            callback = self.calls.pop(m.correlation_id, None)
            if callback is not None:
                callback(json.loads(m.body))
            return
        stream = self.by_id.get(props["stream"])
        if stream is None or stream.result is not None:
            return  # e.g. a late packet of a stream we aborted
        status = props["status"]
        if props.get("seq") != stream.in_seq:
            self.violation = "stream %s: seq %s, expected %s" % (stream.id, props.get("seq"), stream.in_seq)
        stream.in_seq += 1
        if status == "error":
            stream.finish("error", props.get("code"), props.get("message"))
        elif status == "ok":
            stream.finish("ok")
        elif stream.kind == "download" and status == "continue":
            body = m.body or b""
            if len(body) == 0:
                self.packet(stream, "ok")  # the end of data: answer OK, the agent confirms with OK
                stream.answered_end = True
            else:
                os.pwrite(stream.file.fileno(), body, stream.offset)
                stream.offset += len(body)
                stream.data_bytes += len(body)
                stream.packets += 1
        elif stream.kind == "download" and status == "hole":
            stream.offset += props["length"]
            stream.hole_bytes += props["length"]
            stream.packets += 1
        else:
            self.violation = "stream %s: unexpected %s" % (stream.id, status)
        self.check_done()

    # ---- the end ----

    def all_done(self):
        return all(s.result is not None for s in self.streams)

    def check_done(self):
        if self.all_done() and self.ping_timer is not None:
            self.ping_timer.cancel()
            self.ping_timer = None
            self.deadline.cancel()
            self.conn.close()

    def report(self):
        for s in self.streams:
            print(json.dumps(s.result or {"kind": s.kind, "file": s.spec["file"], "status": "unfinished"}))
        lat = sorted(self.pings)

        def pct(p):
            return round(lat[max(0, math.ceil(p * len(lat)) - 1)], 2) if lat else None

        print(json.dumps({"kind": "pings", "count": len(lat), "failed": self.ping_failures,
                          "errors": self.ping_errors, "skipped": self.pings_skipped, "p50": pct(0.5),
                          "p99": pct(0.99), "max": round(lat[-1], 2) if lat else None, "claim": self.claim}))


if __name__ == "__main__":
    url, host_id, certs, name, job = sys.argv[1:6]
    client = Client(url, host_id, certs, name, json.loads(job))
    Container(client).run()
    client.report()
    if client.violation:
        print(client.violation, file=sys.stderr)
        sys.exit(2)
