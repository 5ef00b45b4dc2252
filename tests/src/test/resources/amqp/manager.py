"""A cluster manager in a few lines of Qpid Proton, as AmqpPythonTest drives the agent with it.

Usage: manager.py AMQPS_URL HOST_ID CERT_DIR NAME: logs in with the client certificate CERT_DIR/NAME.pem (key
NAME-key.pem) over TLS, trusting CERT_DIR/ca.pem (SASL EXTERNAL). Prints one JSON line per step:
  1. a JSON-RPC call to hostbridge.host.<hostId>, replies on a dynamic (temporary) address, for each kind
     of message id a manager may use (UUID, string, integer): the reply's correlation id must equal it;
     the last one sends its JSON as a data section with content type application/json instead of a string;
  2. one host.stats event from hostbridge.events.<hostId>, picked with a selector on its 'topic' property.
"""
import json
import sys
import uuid

from proton import Message, SSLDomain
from proton.reactor import Selector
from proton.utils import BlockingConnection

url, host_id, certs, name = sys.argv[1:5]
tls = SSLDomain(SSLDomain.MODE_CLIENT)
tls.set_trusted_ca_db(certs + "/ca.pem")
tls.set_peer_authentication(SSLDomain.VERIFY_PEER_NAME)
tls.set_credentials(certs + "/" + name + ".pem", certs + "/" + name + "-key.pem", None)
connection = BlockingConnection(url, ssl_domain=tls, allowed_mechs="EXTERNAL", timeout=10)
try:
    replies = connection.create_receiver(None, dynamic=True)
    reply_to = replies.link.remote_source.address
    requests = connection.create_sender("hostbridge.host." + host_id)
    for n, message_id in enumerate([uuid.uuid4(), "manager-%s" % uuid.uuid4(), 4711, uuid.uuid4()]):
        body = json.dumps({"jsonrpc": "2.0", "method": "Host.getCapabilities", "id": n})
        if n < 3:
            request = Message(id=message_id, reply_to=reply_to, body=body)
        else:
            request = Message(id=message_id, reply_to=reply_to, body=body.encode(), inferred=True,
                              content_type="application/json")
        requests.send(request)
        reply = replies.receive(timeout=10)
        replies.accept()
        print(json.dumps({"step": "call", "idType": type(message_id).__name__,
                          "correlated": reply.correlation_id == request.id, "reply": json.loads(reply.body)}))

    events = connection.create_receiver("hostbridge.events." + host_id, name="stats",
                                        options=Selector("topic = 'host.stats'"))
    event = events.receive(timeout=10)
    events.accept()
    print(json.dumps({"step": "event", "properties": dict(event.properties), "event": json.loads(event.body)}))
    events.close()
    replies.close()
finally:
    connection.close()
