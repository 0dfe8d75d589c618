#!/usr/bin/env python3
"""One guest TCP connection <-> 127.0.0.1:PORT. QEMU's user network runs this for each
connection the guest opens to the guestfwd address (guestfwd=tcp:ADDR:80-cmd:...), with
the connection on stdin/stdout; so the guest reaches the test's feed server on the host's
loopback and nothing else. If that server is gone, the guest's connection just closes."""
import os
import select
import socket
import sys

try:
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
except OSError:
    sys.exit(0)
s.settimeout(None)
fds = [0, s.fileno()]
while fds:
    for fd in select.select(fds, [], [], 60)[0] or [None]:
        if fd is None:
            sys.exit(0)  # idle for a minute
        if fd == 0:
            data = os.read(0, 65536)
            if not data:
                s.shutdown(socket.SHUT_WR)
                fds.remove(0)
            else:
                s.sendall(data)
        else:
            data = s.recv(65536)
            if not data:
                sys.exit(0)
            os.write(1, data)
