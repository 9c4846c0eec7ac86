#!/usr/bin/env python3
"""Slowloris trial (RELIABILITY.md): opens N connections that send a request's headers one
byte at a time, every few seconds, and never finish; meanwhile asks the server for /healthz
once a second. Prints how many slow connections the server has closed by each moment and how
long the normal requests took.

usage: scripts/slowloris.py HOST:PORT [connections=200] [seconds=40] [gap=2]
"""
import socket, sys, time, urllib.request

host, port = sys.argv[1].rsplit(":", 1)
n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
duration = float(sys.argv[3]) if len(sys.argv) > 3 else 40
gap = float(sys.argv[4]) if len(sys.argv) > 4 else 2

socks = []
for _ in range(n):
    s = socket.create_connection((host, int(port)))
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
    s.setblocking(False)
    socks.append(s)
start = time.time()
worst = 0.0
failures = 0
last_sent = 0.0
while time.time() - start < duration:
    now = time.time()
    if now - last_sent >= gap:
        last_sent = now
        for s in socks:
            if s.fileno() < 0:
                continue
            try:
                s.send(b"X")
            except OSError:
                s.close()
    closed = 0
    for s in socks:
        if s.fileno() < 0:
            closed += 1
            continue
        try:
            if s.recv(1024) == b"":
                s.close()
                closed += 1
        except BlockingIOError:
            pass
        except OSError:
            s.close()
            closed += 1
    t0 = time.time()
    try:
        urllib.request.urlopen(f"http://{host}:{port}/healthz", timeout=10).read()
    except Exception:
        failures += 1
    took = time.time() - t0
    worst = max(worst, took)
    print(f"t={now - start:5.1f}s slow connections closed by the server: {closed}/{n}; "
          f"/healthz took {took * 1000:.0f} ms", flush=True)
    time.sleep(1)
print(f"summary: {n} slow connections for {duration:.0f}s: closed by the server {closed}/{n}; "
      f"normal requests failed {failures}, slowest {worst * 1000:.0f} ms")
