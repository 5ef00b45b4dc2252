"""A VM's serial console over AMQP with Qpid Proton's event API, driven line by line: RealVmConsoleTest's AMQP
caller, written from docs/amqp.md ("Data streams").

usage: console.py AMQPS_URL HOST_ID CERT_DIR NAME VM_ID FORCE     (FORCE: true or false)
Logs in with the client certificate CERT_DIR/NAME.pem (key NAME-key.pem), trusting CERT_DIR/ca.pem (SASL EXTERNAL).

Calls VM.openConsole on hostbridge.host.HOST_ID with a dynamic reply address; the console's packets then flow as
messages (properties stream, status, seq, code, message; the data as a binary body): ours to the host's address,
the agent's to the reply address. Then:
  stdin, a JSON object a line:  {"keys": TEXT} typed (a continue packet); {"status": "ok"} or
                                {"status": "error", "message": ...} sent as that packet
  stdout, a JSON object a line: {"refused": CODE, "message": ...} when the call is refused (then it exits);
                                {"opened": STREAM_ID}; {"data": TEXT} for each continue with data (bytes as
                                Latin-1); {"status": "eof"} for the agent's end of data; {"status": "ok"} and
                                {"status": "error", "code": .., "message": ..} as the agent sends them;
                                {"closed": null} last, once the stream is over (the agent's ok or error, or our
                                error sent).
Exits 2 on a protocol violation (an agent packet out of sequence, for another stream) or when nothing ends the
stream within TIMEOUT seconds.
"""
import json
import sys
import threading
import uuid

from proton import Message, SSLDomain, int32
from proton.handlers import MessagingHandler
from proton.reactor import ApplicationEvent, Container, EventInjector

TIMEOUT = 300


def out(message):
    print(json.dumps(message), flush=True)


class Expire:
    def __init__(self, client):
        self.client = client

    def on_timer_task(self, event):
        self.client.fail("no end of the console within %d s" % TIMEOUT)


class Console(MessagingHandler):
    def __init__(self, url, host_id, certs, name, vm_id, force):
        super().__init__(prefetch=16)
        self.url, self.address = url, "hostbridge.host." + host_id
        self.vm_id, self.force = vm_id, force
        self.tls = SSLDomain(SSLDomain.MODE_CLIENT)
        self.tls.set_trusted_ca_db(certs + "/ca.pem")
        self.tls.set_credentials(certs + "/" + name + ".pem", certs + "/" + name + "-key.pem", None)
        self.tls.set_peer_authentication(SSLDomain.VERIFY_PEER_NAME)
        self.typed = EventInjector()
        self.call_id = str(uuid.uuid4())
        self.stream = None
        self.out_seq = 0
        self.in_seq = 0
        self.violation = None
        self.finished = False
        self.aborted = None

    def on_start(self, event):
        event.container.selectable(self.typed)
        self.conn = event.container.connect(self.url, ssl_domain=self.tls, allowed_mechs="EXTERNAL")
        self.sender = event.container.create_sender(self.conn, self.address)
        self.replies = event.container.create_receiver(self.conn, None, dynamic=True)
        self.timer = event.container.schedule(TIMEOUT, Expire(self))

    def on_link_opened(self, event):
        if event.receiver == self.replies:
            self.sender.send(Message(id=self.call_id, reply_to=self.replies.remote_source.address, body=json.dumps(
                {"jsonrpc": "2.0", "method": "VM.openConsole", "id": self.call_id,
                 "params": {"vmID": self.vm_id, "force": self.force}})))

    def on_message(self, event):
        if self.finished:
            return
        message = event.message
        props = message.properties or {}
        if self.stream is None:
            if message.correlation_id != self.call_id:
                return self.fail("a message before the reply to VM.openConsole: %r" % props)
            reply = json.loads(message.body)
            if "error" in reply:
                error = reply["error"]
                data = error.get("data") if isinstance(error.get("data"), dict) else {}
                out({"refused": data.get("code", error.get("code")), "message": error.get("message")})
                return self.finish()
            self.stream = reply["result"]["streamId"]
            out({"opened": self.stream})
            threading.Thread(target=self.read_stdin, daemon=True).start()
            return
        if props.get("stream") != self.stream:
            return self.fail("a packet of another stream: %r" % props)
        if props.get("seq") != self.in_seq:
            return self.fail("the agent's packet %r where %d was due" % (props.get("seq"), self.in_seq))
        self.in_seq += 1
        status = props.get("status")
        if status == "continue":
            body = message.body or b""
            out({"data": bytes(body).decode("latin-1")} if body else {"status": "eof"})
        elif status == "ok":
            out({"status": "ok"})
            self.finish()
        elif status == "error":
            out({"status": "error", "code": props.get("code"), "message": props.get("message")})
            self.finish()
        else:
            self.fail("an unexpected packet: %r" % props)

    def read_stdin(self):
        """This thread only reads: the container's thread sends (Proton is not thread-safe)."""
        for line in sys.stdin:
            self.typed.trigger(ApplicationEvent("typed", subject=json.loads(line)))

    def on_typed(self, event):
        command = event.subject
        if self.finished:
            return
        if "keys" in command:
            self.packet("continue", command["keys"].encode())
        elif command.get("status") == "ok":
            self.packet("ok")
        elif command.get("status") == "error":
            # after our error the stream is gone, nothing more comes for it: done once the broker has it
            self.aborted = self.packet("error", code=int32(1), message=command.get("message", "aborted"))

    def on_settled(self, event):
        if event.delivery == self.aborted:
            self.finish()

    def packet(self, status, body=b"", **extra):
        properties = {"stream": self.stream, "status": status, "seq": self.out_seq}
        properties.update(extra)
        self.out_seq += 1
        # all of a stream's packets at one priority (below calls'), as the agent does
        return self.sender.send(Message(properties=properties, body=body, inferred=True, priority=1))

    def fail(self, why):
        self.violation = why
        self.finish()

    def finish(self):
        if self.finished:
            return
        self.finished = True
        self.timer.cancel()
        self.conn.close()
        self.typed.close()


if __name__ == "__main__":
    url, host_id, certs, name, vm_id, force = sys.argv[1:7]
    console = Console(url, host_id, certs, name, vm_id, force == "true")
    Container(console).run()
    if console.stream is not None:
        out({"closed": None})
    if console.violation:
        print(console.violation, file=sys.stderr)
        sys.exit(2)
