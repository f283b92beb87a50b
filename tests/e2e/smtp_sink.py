#!/usr/bin/python3
"""An SMTP server for the end-to-end tests (test_e2e_smtp.c).

    smtp_sink.py PORT FOLDER

Listens on 127.0.0.1:PORT with Debian's aiosmtpd and writes each message it
accepts to FOLDER/<time>-<pid>-<n>.eml, whole (written aside, then renamed),
the envelope's recipients first as X-Envelope-To headers. Prints "ready"
once it listens; stops on SIGTERM.
"""
import os
import signal
import sys
import threading
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.n = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.n += 1
            name = "%d-%d-%d" % (time.time_ns(), os.getpid(), self.n)
        head = "".join("X-Envelope-To: %s\r\n" % r for r in envelope.rcpt_tos)
        data = head.encode() + envelope.original_content
        tmp = os.path.join(self.folder, "." + name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(data)
        os.rename(tmp, os.path.join(self.folder, name + ".eml"))
        return "250 OK"


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    controller = Controller(Sink(folder), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    done.wait()
    controller.stop()


if __name__ == "__main__":
    main()
