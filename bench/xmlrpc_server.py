#!/usr/bin/env python3
"""The baseline for the XML-RPC benchmark: Python's SimpleXMLRPCServer answering VDSM's legacy 'ping'
with the same envelope the agent sends ({'status': {'code': 0, 'message': 'Done'}}), as the stack that
legacy callers come from did. Usage: xmlrpc_server.py PORT MODE. Prints 'ready' when listening.

MODE 'default' is the server as Python ships it: one thread, HTTP/1.0 (a connection per call).
'keepalive' switches HTTP/1.1 keep-alive on, so connection set-up is not measured; 'threaded' adds
ThreadingMixIn to that, as VDSM's own server did."""
import socketserver
import sys
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer


class Quiet(SimpleXMLRPCRequestHandler):
    def log_message(self, *args):
        pass


class KeepAlive(Quiet):
    protocol_version = "HTTP/1.1"


class Threaded(socketserver.ThreadingMixIn, SimpleXMLRPCServer):
    daemon_threads = True


def main():
    port = int(sys.argv[1])
    mode = sys.argv[2]
    server_class = Threaded if mode == "threaded" else SimpleXMLRPCServer
    handler = Quiet if mode == "default" else KeepAlive
    server = server_class(("127.0.0.1", port), requestHandler=handler, logRequests=False, allow_none=False)
    server.register_function(lambda: {"status": {"code": 0, "message": "Done"}}, "ping")
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
