"""A small HTTP/1.1 load generator: keep-alive connections, one thread each, fixed duration.

Standard library only, and lean on purpose: the server shares this 2-core machine with it, so
every microsecond the client spends parsing is taken from the server. Responses are parsed by
hand (status line, Content-Length or chunked, Connection) instead of with http.client, whose
header parsing costs several times more. The client's own CPU use is measured and reported so a
reader can see it wasn't the bottleneck.
"""

import os
import random
import socket
import statistics
import threading
import time
from dataclasses import dataclass, field

RECV_BYTES = 256 * 1024
ERROR_SAMPLES_KEPT = 5


class ResponseError(Exception):
    """The server closed the connection or sent something that isn't HTTP/1.1."""


@dataclass
class Response:
    status: int
    head: bytes  # status line and headers, undecoded
    body: bytes
    keep_alive: bool

    def header_values(self, name):
        """Every value of header ``name`` (e.g. each Set-Cookie)."""
        prefix = name.lower().encode("latin-1") + b":"
        return [
            line[len(prefix) :].strip().decode("latin-1")
            for line in self.head.split(b"\r\n")[1:]
            if line.lower().startswith(prefix)
        ]


def _header(lowered_head, name):
    """The value of header ``name`` (lower-case bytes) in a lower-cased head, or None."""
    start = lowered_head.find(b"\r\n" + name + b":")
    if start < 0:
        return None
    start += len(name) + 3
    end = lowered_head.find(b"\r\n", start)
    return lowered_head[start : end if end >= 0 else len(lowered_head)].strip()


class Connection:
    """One keep-alive HTTP/1.1 connection to host:port."""

    def __init__(self, host, port, timeout=30.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""
        self.used = False

    def close(self):
        self.sock.close()

    def request(self, raw_request):
        self.sock.sendall(raw_request)
        self.used = True
        return self._read_response()

    def _recv(self):
        chunk = self.sock.recv(RECV_BYTES)
        if not chunk:
            raise ResponseError("connection closed by the server")
        return chunk

    def _read_response(self):
        data = self.buffer
        end = data.find(b"\r\n\r\n")
        while end < 0:
            data += self._recv()
            end = data.find(b"\r\n\r\n")
        head = data[:end]
        if not head.startswith(b"HTTP/1."):
            raise ResponseError(f"not an HTTP response: {head[:80]!r}")
        # Only three headers matter, so the rest are not parsed (that would cost more CPU than
        # the bare view's server side on some requests).
        lowered = head.lower()
        status = int(head[9:12])
        rest = data[end + 4 :]
        size = _header(lowered, b"content-length")
        if size is not None:
            body, self.buffer = self._read_sized(rest, int(size))
        elif _header(lowered, b"transfer-encoding") == b"chunked":
            body, self.buffer = self._read_chunked(rest)
        else:  # The body runs until the server closes the connection.
            body, self.buffer = self._read_to_close(rest), b""
            return Response(status, head, body, keep_alive=False)
        return Response(status, head, body, _header(lowered, b"connection") != b"close")

    def _read_sized(self, data, size):
        if len(data) >= size:
            return data[:size], data[size:]
        parts, have = [data], len(data)
        while have < size:
            chunk = self._recv()
            parts.append(chunk)
            have += len(chunk)
        data = b"".join(parts)
        return data[:size], data[size:]

    def _read_chunked(self, data):
        body = []
        while True:
            line_end = data.find(b"\r\n")
            while line_end < 0:
                data += self._recv()
                line_end = data.find(b"\r\n")
            size = int(data[:line_end].split(b";")[0], 16)
            data = data[line_end + 2 :]
            while len(data) < size + 2:
                data += self._recv()
            if size == 0:
                # Trailers are not used by Django or gunicorn: the last chunk ends the body.
                return b"".join(body), data[2:]
            body.append(data[:size])
            data = data[size + 2 :]

    def _read_to_close(self, data):
        parts = [data]
        while True:
            chunk = self.sock.recv(RECV_BYTES)
            if not chunk:
                return b"".join(parts)
            parts.append(chunk)


def build_request(host, port, path, cookie=""):
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", "Accept: text/html"]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def fetch(host, port, path, cookie=""):
    """One request on a fresh connection, for checks before a load phase."""
    connection = Connection(host, port)
    try:
        return connection.request(build_request(host, port, path, cookie))
    finally:
        connection.close()


@dataclass
class PhaseResult:
    name: str
    seconds: float
    requests: int = 0
    errors: int = 0
    connects: int = 0
    client_cpu_percent: float = 0.0
    server_cpu_percent: float | None = None
    machine_cpu_percent: float | None = None
    error_samples: list = field(default_factory=list)
    latencies_ms: list = field(default_factory=list, repr=False)

    @property
    def rps(self):
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def server_cpu_ms_per_request(self):
        """The server's CPU time per answered request: unlike req/s, it doesn't depend on how
        much of the machine other work left to the server."""
        if self.server_cpu_percent is None or not self.requests:
            return None
        return self.server_cpu_percent * 10 * self.seconds / self.requests

    def percentile(self, fraction):
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]

    def summary(self):
        return {
            "name": self.name,
            "seconds": round(self.seconds, 3),
            "requests": self.requests,
            "rps": round(self.rps, 1),
            "p50_ms": round(self.percentile(0.50), 2),
            "p95_ms": round(self.percentile(0.95), 2),
            "p99_ms": round(self.percentile(0.99), 2),
            "mean_ms": round(statistics.fmean(self.latencies_ms), 2) if self.latencies_ms else 0,
            "errors": self.errors,
            "error_samples": self.error_samples,
            "connects": self.connects,
            "client_cpu_percent": round(self.client_cpu_percent, 1),
            "server_cpu_percent": _rounded(self.server_cpu_percent),
            "server_cpu_ms_per_request": _rounded(self.server_cpu_ms_per_request),
            "machine_cpu_percent": _rounded(self.machine_cpu_percent),
        }


def _rounded(value):
    return None if value is None else round(value, 1)


def run_phase(
    name,
    *,
    host,
    port,
    paths,
    cookie,
    concurrency,
    warmup,
    duration,
    server_pid=None,
    database_name=None,
    seed=0,
):
    """Load ``paths`` (picked at random per request) with ``concurrency`` connections for
    ``warmup`` + ``duration`` seconds; only requests that start after the warm-up and finish
    before the end count."""
    requests = [build_request(host, port, path, cookie) for path in paths]
    start = time.perf_counter()
    measure_from = start + warmup
    stop_at = measure_from + duration
    workers = [
        _Worker(host, port, requests, measure_from, stop_at, seed + index)
        for index in range(concurrency)
    ]
    threads = [threading.Thread(target=worker.run, daemon=True) for worker in workers]
    for thread in threads:
        thread.start()

    time.sleep(max(0.0, measure_from - time.perf_counter()))
    cpu = _CpuMeter(server_pid, database_name)
    time.sleep(max(0.0, stop_at - time.perf_counter()))
    result = PhaseResult(name, seconds=duration)
    cpu.stop(result, duration)
    for thread in threads:
        thread.join(timeout=60)
    for worker in workers:
        result.requests += len(worker.latencies_ms)
        result.latencies_ms += worker.latencies_ms
        result.errors += worker.errors
        result.connects += worker.connects
        for sample in worker.error_samples:
            if len(result.error_samples) < ERROR_SAMPLES_KEPT:
                result.error_samples.append(sample)
    return result


class _Worker:
    def __init__(self, host, port, requests, measure_from, stop_at, seed):
        self.host, self.port = host, port
        self.requests = requests
        self.measure_from, self.stop_at = measure_from, stop_at
        self.random = random.Random(seed)
        self.latencies_ms = []
        self.errors = 0
        self.connects = 0
        self.error_samples = []

    def run(self):
        connection = None
        choose, requests = self.random.choice, self.requests
        clock = time.perf_counter
        while True:
            started = clock()
            if started >= self.stop_at:
                break
            raw = choose(requests)
            try:
                if connection is None:
                    connection = self._connect()
                try:
                    response = connection.request(raw)
                except (ResponseError, ConnectionResetError, BrokenPipeError):
                    if not connection.used or connection.buffer:
                        raise
                    # The server may close an idle keep-alive connection just as we reuse it:
                    # that's not the page failing, so retry once on a new connection.
                    connection.close()
                    connection = self._connect()
                    response = connection.request(raw)
                ok = response.status == 200
                error = None if ok else f"HTTP {response.status} {_first_line(raw)}"
            except (OSError, ResponseError, ValueError) as exc:
                ok, error = False, f"{type(exc).__name__}: {exc} {_first_line(raw)}"
                response = None
            finished = clock()
            if started >= self.measure_from and finished <= self.stop_at:
                if ok:
                    self.latencies_ms.append((finished - started) * 1000)
                else:
                    self.errors += 1
                    if len(self.error_samples) < ERROR_SAMPLES_KEPT:
                        self.error_samples.append(error)
            if response is None or not response.keep_alive:
                if connection is not None:
                    connection.close()
                connection = None
        if connection is not None:
            connection.close()

    def _connect(self):
        self.connects += 1
        return Connection(self.host, self.port)


def _first_line(raw):
    return raw.split(b"\r\n", 1)[0].decode("latin-1")


class _CpuMeter:
    """CPU used during a phase by this process (the client), by the server (gunicorn's
    processes, plus the PostgreSQL backends serving ``database_name`` if given), and by the
    whole machine (anything else running shows up as the difference)."""

    def __init__(self, server_pid, database_name=None):
        self.server_pid = server_pid
        self.database_name = database_name
        self.client = time.process_time()
        self.server = _server_cpu_seconds(server_pid, database_name)
        self.machine = _machine_cpu()

    def stop(self, result, seconds):
        result.client_cpu_percent = (time.process_time() - self.client) / seconds * 100
        server = _server_cpu_seconds(self.server_pid, self.database_name)
        if server is not None and self.server is not None:
            result.server_cpu_percent = (server - self.server) / seconds * 100
        machine = _machine_cpu()
        if machine is not None and self.machine is not None:
            busy = machine[0] - self.machine[0]
            total = machine[1] - self.machine[1]
            # As a share of one core, like the other two figures (200% = both cores busy).
            result.machine_cpu_percent = busy / total * 100 * (os.cpu_count() or 1) if total else 0


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _server_cpu_seconds(pid, database_name=None):
    """User + system CPU seconds of ``pid``, its direct children (gunicorn's workers) and the
    PostgreSQL backends whose title names ``database_name``; None where /proc can't tell."""
    if pid is None:
        return None
    needle = f" {database_name} ".encode() if database_name else None
    try:
        total = 0
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                mine = int(entry) == pid or int(fields[1]) == pid
                if not mine and needle:
                    # A backend's title: "postgres: 15/main: postgres lore_bench_1 127.0.0.1(…)"
                    with open(f"/proc/{entry}/cmdline", "rb") as handle:
                        mine = needle in handle.read()
            except OSError:
                continue
            if mine:
                # After the command name: state, ppid, ...; utime and stime are fields 14, 15.
                total += int(fields[11]) + int(fields[12])
        return total / _TICKS
    except OSError:
        return None


def _machine_cpu():
    try:
        with open("/proc/stat") as handle:
            values = [int(v) for v in handle.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    total = sum(values[:8])
    return total - idle, total


def combine(name, results):
    """One result for several runs of the same page (the rounds of a bench)."""
    combined = PhaseResult(name, seconds=sum(r.seconds for r in results))
    for result in results:
        combined.requests += result.requests
        combined.errors += result.errors
        combined.connects += result.connects
        combined.latencies_ms += result.latencies_ms
        combined.error_samples += result.error_samples[
            : ERROR_SAMPLES_KEPT - len(combined.error_samples)
        ]
    for attribute in ("client_cpu_percent", "server_cpu_percent", "machine_cpu_percent"):
        values = [getattr(r, attribute) for r in results if getattr(r, attribute) is not None]
        if values:
            weights = [r.seconds for r in results if getattr(r, attribute) is not None]
            total = sum(v * w for v, w in zip(values, weights, strict=True))
            setattr(combined, attribute, total / sum(weights))
    return combined
