#!/usr/bin/env python3
"""Logins against a running Beian, for bench/run-logins.sh.

  logins.py URL LOGINS_FILE PASSWORD storm N
      N logins at once, each from its own address (X-Forwarded-For; the
      server trusts 127.0.0.1 as its proxy)
  logins.py URL LOGINS_FILE PASSWORD steady RATE SECONDS
      RATE logins a second for SECONDS, each from its own address

Each login is what a browser does: GET /api/v1/csrf (the pre-session
cookie and its token), then POST /api/v1/session. Prints one line:
  sent=N ok=N busy=N other=N ok_p50=MS ok_p99=MS ok_max=MS busy_max=MS retry_after=S
(busy: 503 with Retry-After, the bounded hashing queue refusing at once).
"""
import http.client
import json
import sys
import threading
import time


def one_login(host, port, login, password, addr, out):
    t0 = time.monotonic()
    status, retry = 0, ""
    try:
        c = http.client.HTTPConnection(host, port, timeout=120)
        c.request("GET", "/api/v1/csrf", headers={"X-Forwarded-For": addr})
        r = c.getresponse()
        body = r.read()
        cookie = "; ".join(h.split(";", 1)[0] for h in r.headers.get_all("Set-Cookie") or [])
        token = json.loads(body)["csrf_token"]
        c.request("POST", "/api/v1/session",
                  body=json.dumps({"login": login, "password": password}),
                  headers={"Content-Type": "application/json", "X-CSRF-Token": token,
                           "Cookie": cookie, "X-Forwarded-For": addr})
        r = c.getresponse()
        r.read()
        status, retry = r.status, r.headers.get("Retry-After") or ""
        c.close()
    except Exception:  # a refused or dropped connection counts as "other"
        status = -1
    out.append((status, (time.monotonic() - t0) * 1000.0, retry))


def pct(v, p):
    if not v:
        return 0.0
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


def main():
    url, logins_file, password, mode = sys.argv[1:5]
    hostport = url.split("//", 1)[1].rstrip("/")
    host, port = hostport.rsplit(":", 1)
    logins = [l.strip() for l in open(logins_file) if l.strip()]
    out, threads = [], []
    addr = lambda i: "10.%d.%d.%d" % (i // 62500 % 250 + 1, i // 250 % 250, i % 250 + 1)
    if mode == "storm":
        n = int(sys.argv[5])
        for i in range(n):
            threads.append(threading.Thread(target=one_login, args=(
                host, int(port), logins[i % len(logins)], password, addr(i), out)))
        for t in threads:
            t.start()
    else:
        rate, secs = float(sys.argv[5]), float(sys.argv[6])
        start, i = time.monotonic(), 0
        while time.monotonic() - start < secs:
            due = start + i / rate
            now = time.monotonic()
            if due > now:
                time.sleep(due - now)
            t = threading.Thread(target=one_login, args=(
                host, int(port), logins[i % len(logins)], password, addr(i + 100000), out))
            t.start()
            threads.append(t)
            i += 1
    for t in threads:
        t.join()
    ok = [ms for s, ms, _ in out if s == 200]
    busy = [ms for s, ms, _ in out if s == 503]
    retry = sorted({r for s, _, r in out if s == 503 and r})
    print("sent=%d ok=%d busy=%d other=%d ok_p50=%.0f ok_p99=%.0f ok_max=%.0f busy_max=%.0f "
          "retry_after=%s" % (len(out), len(ok), len(busy), len(out) - len(ok) - len(busy),
                              pct(ok, 50), pct(ok, 99), max(ok or [0]), max(busy or [0]),
                              ",".join(retry) or "-"))


if __name__ == "__main__":
    main()
