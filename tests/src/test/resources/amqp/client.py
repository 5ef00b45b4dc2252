"""One AMQP client action against the agent's broker, with Qpid Proton, as AmqpSecurityTest tries them.

Usage: client.py URL AUTH ACTION [ARG...]
  AUTH:   cert:DIR/NAME (client certificate DIR/NAME.pem, key DIR/NAME-key.pem, SASL EXTERNAL),
          trust:DIR (TLS without a certificate, no credentials), password:DIR:USER:PASSWORD (SASL PLAIN over TLS),
          or plain (no TLS, no credentials); every TLS client trusts DIR/ca.pem.
  ACTION: call HOST_ID METHOD PARAMS_JSON   a JSON-RPC request, waits for its reply
          subscribe ADDRESS                 waits for one message
          consume ADDRESS                   attaches a receiver and waits 2 s for a message
          publish ADDRESS                   sends one JSON text message
Prints one JSON line: {"ok": true, ...} when the action worked, {"ok": false, "error": "..."} when the broker
(or the TLS handshake) refused it. Exits 0 either way.
"""
import json
import sys
import uuid

from proton import Message, SSLDomain
from proton.utils import BlockingConnection

url, auth, action, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]


def connect():
    kind, _, rest = auth.partition(":")
    if kind == "plain":
        return BlockingConnection(url, timeout=10, allowed_mechs="ANONYMOUS")
    tls = SSLDomain(SSLDomain.MODE_CLIENT)
    tls.set_peer_authentication(SSLDomain.VERIFY_PEER_NAME)
    if kind == "cert":
        certs, _, name = rest.rpartition("/")
        tls.set_trusted_ca_db(certs + "/ca.pem")
        tls.set_credentials(certs + "/" + name + ".pem", certs + "/" + name + "-key.pem", None)
        return BlockingConnection(url, ssl_domain=tls, allowed_mechs="EXTERNAL", timeout=10)
    if kind == "trust":
        tls.set_trusted_ca_db(rest + "/ca.pem")
        return BlockingConnection(url, ssl_domain=tls, timeout=10)
    certs, user, password = rest.split(":", 2)
    tls.set_trusted_ca_db(certs + "/ca.pem")
    return BlockingConnection(url, ssl_domain=tls, allowed_mechs="PLAIN", user=user, password=password,
                              timeout=10)


def run(connection):
    if action == "call":
        host_id, method, params = args
        replies = connection.create_receiver(None, dynamic=True)
        requests = connection.create_sender("hostbridge.host." + host_id)
        requests.send(Message(id=uuid.uuid4(), reply_to=replies.link.remote_source.address,
                              body=json.dumps({"jsonrpc": "2.0", "method": method, "params": json.loads(params),
                                               "id": 1})))
        reply = replies.receive(timeout=10)
        replies.accept()
        return {"reply": json.loads(reply.body)}
    if action == "subscribe":
        receiver = connection.create_receiver(args[0])
        message = receiver.receive(timeout=10)
        receiver.accept()
        return {"body": json.loads(message.body)}
    if action == "consume":
        receiver = connection.create_receiver(args[0])
        try:
            message = receiver.receive(timeout=2)
            receiver.accept()
            return {"received": message.body}
        except Exception:  # attached, but nothing came: that it attached is the point
            return {"received": None}
    if action == "publish":
        sender = connection.create_sender(args[0])
        sender.send(Message(body=json.dumps({"topic": "vm.status", "forged": True})))
        return {}
    raise SystemExit("unknown action " + action)


try:
    connection = connect()
except Exception as e:
    print(json.dumps({"ok": False, "stage": "connect", "error": "%s: %s" % (type(e).__name__, e)}))
    sys.exit(0)
try:
    result = run(connection)
    result["ok"] = True
    print(json.dumps(result))
except Exception as e:
    print(json.dumps({"ok": False, "stage": action, "error": "%s: %s" % (type(e).__name__, e)}))
finally:
    try:
        connection.close()
    except Exception:
        pass
