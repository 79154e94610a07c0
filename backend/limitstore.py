"""Rate-limit counters shared by every process on the machine: a memory-mapped file.

A `limits` storage (the library under Flask-Limiter) registered as the mmap://
scheme: mmap:///path/to/file, or plain mmap:// for the file beside DATABASE
(ratelimit.py fills the path in). Every gunicorn worker maps the same file, so
a limit counts every request to the machine, whatever process or thread serves
it, and a restart keeps the counts.

The file is a fixed table of slots (?slots=N in the URI, default 2^20, 32 MiB
of which only touched pages take memory). A slot holds the key's BLAKE2b-128
digest (the key itself, in effect: two keys share a digest with odds of
2^-128), the window's end and the count; a key's slot is found by linear
probing from its digest. An expired slot is reused in place. When all 64 slots
a key may use hold live counters (the table is too small for the traffic), the
one that ends soonest is given up, counted in the header's `evictions`.

One lock guards the table: a threading lock between the threads of a process,
then flock(2) on the file between processes. The kernel releases a flock when
its process dies, so a worker killed mid-request cannot wedge the others, which
a semaphore in shared memory would.
"""

import fcntl
import functools
import hashlib
import logging
import mmap
import os
import struct
import threading
import time
import urllib.parse
import weakref

from limits.storage import Storage

MAGIC = b"RADARLIM"
VERSION = 1
DEFAULT_SLOTS = 1 << 20
PROBES = 64
_HEADER = struct.Struct("<8sIIQQ")  # magic, version, pad, slots, evictions
_HEADER_SIZE = 64
_SLOT_SIZE = 32  # digest (16), window end (float64), count (int64)
_WINDOW = struct.Struct("<dq")
_EMPTY = bytes(16)
_EVICTIONS_OFFSET = 24

log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=8192)
def digest_of(key: str) -> bytes:
    """The 16-byte digest a key is stored under (never all zeros, which marks a free slot)."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=16).digest()
    return digest if digest != _EMPTY else b"\x01" + digest[1:]


class SharedFileStorage(Storage):
    """Fixed-window counters in a memory-mapped file shared by every process on the machine."""

    STORAGE_SCHEME = ["mmap"]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        parsed = urllib.parse.urlparse(uri)
        if not parsed.path:
            raise ValueError("mmap:// needs a file path, e.g. mmap:///var/lib/radar/limits")
        self.path = parsed.path
        query = urllib.parse.parse_qs(parsed.query)
        self.slots = int(query.get("slots", [DEFAULT_SLOTS])[0])
        if not PROBES <= self.slots <= 1 << 32:
            raise ValueError(f"mmap:// slots must be from {PROBES} to {1 << 32}.")
        self._size = _HEADER_SIZE + self.slots * _SLOT_SIZE
        self._thread_lock = threading.Lock()
        self._attach_lock = threading.Lock()
        self._pid = None  # the process that opened _fd and _map
        self._fd = -1
        self._map = None
        self._warned = False
        this = weakref.ref(self)
        os.register_at_fork(after_in_child=lambda: this() and this()._forked())

    @property
    def base_exceptions(self):
        return OSError

    # -- opening --------------------------------------------------------------

    def _forked(self):
        # In a new child (one thread so far): the parent's locks were copied as they
        # were, perhaps held, and its descriptor shares the parent's flock.
        self._thread_lock = threading.Lock()
        self._attach_lock = threading.Lock()

    def _attach(self):
        """Open and map the file in this process (again after a fork: flock is per open file)."""
        if self._pid == os.getpid():
            return
        with self._attach_lock:
            if self._pid != os.getpid():
                self._open()

    def _open(self):
        """Open the file afresh, creating it if missing, and map its table."""
        if self._fd >= 0:
            os.close(self._fd)  # the parent's descriptor: closing the child's copy is harmless
            self._fd, self._map = -1, None
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            try:
                table = self._map_table(fd)
            except BaseException:
                os.close(fd)
                raise
            if table is not None:
                self._fd, self._map, self._pid = fd, table, os.getpid()
                return
            os.close(fd)

    def _map_table(self, fd: int):
        """Under the file's lock, map the table (creating or replacing it if it is not ours);
        None if the file at our path was replaced meanwhile and must be opened again."""
        header = _HEADER.pack(MAGIC, VERSION, 0, self.slots, 0)[:_EVICTIONS_OFFSET]
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            opened, current = os.fstat(fd), os.stat(self.path)
            if (opened.st_dev, opened.st_ino) != (current.st_dev, current.st_ino):
                return None
            if opened.st_size == 0:
                os.ftruncate(fd, self._size)
                os.pwrite(fd, header, 0)
            elif opened.st_size != self._size or os.pread(fd, len(header), 0) != header:
                self._replace(header)  # another version or size: a fresh table
                return None
            return mmap.mmap(fd, self._size)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)

    def _replace(self, header: bytes):
        """Put an empty table of this size and version in place of the file, atomically."""
        partial = f"{self.path}.{os.getpid()}.partial"
        fd = os.open(partial, os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
        try:
            os.ftruncate(fd, self._size)
            os.pwrite(fd, header, 0)
        finally:
            os.close(fd)
        os.replace(partial, self.path)

    # -- the table ------------------------------------------------------------

    def _find(self, digest: bytes, now: float, claim: bool):
        """The offset of digest's slot, or (claim) of a slot to start it in; None if absent."""
        table = self._map
        start = int.from_bytes(digest[:8], "little") % self.slots
        reusable = None
        for probe in range(PROBES):
            offset = _HEADER_SIZE + (start + probe) % self.slots * _SLOT_SIZE
            held = table[offset:offset + 16]
            if held == digest:
                return offset
            if held == _EMPTY:
                # Keys are only ever placed in the first free slot of their run, and
                # slots are never emptied again, so the key is not further on.
                return (offset if reusable is None else reusable) if claim else None
            if reusable is None and _WINDOW.unpack_from(table, offset + 16)[0] <= now:
                reusable = offset
        if not claim:
            return None
        if reusable is None:
            reusable = self._evict(start, now)
        return reusable

    def _evict(self, start: int, now: float) -> int:
        """Give up the live counter, among a key's PROBES slots, whose window ends soonest."""
        offsets = [_HEADER_SIZE + (start + probe) % self.slots * _SLOT_SIZE
                   for probe in range(PROBES)]
        victim = min(offsets, key=lambda offset: _WINDOW.unpack_from(self._map, offset + 16)[0])
        evictions = struct.unpack_from("<Q", self._map, _EVICTIONS_OFFSET)[0]
        struct.pack_into("<Q", self._map, _EVICTIONS_OFFSET, evictions + 1)
        self._warned, warn = True, not self._warned
        if warn:
            log.warning("Rate-limit table %s is full (%d slots): limits are no longer exact; "
                        "raise ?slots= in RATELIMIT_STORAGE_URI.", self.path, self.slots)
        return victim

    def _locked(self):
        self._attach()
        return _FileLock(self._thread_lock, self._fd)

    def incr_with_expiry(self, key: str, expiry: float, amount: int = 1) -> tuple[int, float]:
        """Add amount to key's counter (a new window of expiry seconds if none is open);
        the count and when the window ends (epoch seconds)."""
        digest = digest_of(key)
        with self._locked():
            now = time.time()
            offset = self._find(digest, now, claim=True)
            table = self._map
            if table[offset:offset + 16] == digest:
                ends, count = _WINDOW.unpack_from(table, offset + 16)
                if ends > now:
                    count += amount
                    _WINDOW.pack_into(table, offset + 16, ends, count)
                    return count, ends
            table[offset:offset + 16] = digest
            _WINDOW.pack_into(table, offset + 16, now + expiry, amount)
            return amount, now + expiry

    def _window(self, key: str) -> tuple[float, int] | None:
        digest = digest_of(key)
        with self._locked():
            now = time.time()
            offset = self._find(digest, now, claim=False)
            if offset is None:
                return None
            ends, count = _WINDOW.unpack_from(self._map, offset + 16)
            return (ends, count) if ends > now else None

    @property
    def evictions(self) -> int:
        """How many live counters were given up because the table was full."""
        with self._locked():
            return struct.unpack_from("<Q", self._map, _EVICTIONS_OFFSET)[0]

    # -- the limits Storage interface -------------------------------------------

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        return self.incr_with_expiry(key, expiry, amount)[0]

    def get(self, key: str) -> int:
        window = self._window(key)
        return window[1] if window else 0

    def get_expiry(self, key: str) -> float:
        window = self._window(key)
        return window[0] if window else time.time()

    def check(self) -> bool:
        try:
            self._attach()
        except OSError:
            return False
        return True

    def reset(self) -> int | None:
        with self._locked():
            # Cutting the file back to its header and growing it again zeroes the
            # slots and hands their pages back (no process reads them meanwhile).
            os.ftruncate(self._fd, _HEADER_SIZE)
            os.ftruncate(self._fd, self._size)
        return None

    def clear(self, key: str) -> None:
        digest = digest_of(key)
        with self._locked():
            offset = self._find(digest, time.time(), claim=False)
            if offset is not None:
                _WINDOW.pack_into(self._map, offset + 16, 0.0, 0)  # expired: reusable


class _FileLock:
    """The thread lock, then flock on the file: one holder on the whole machine."""

    __slots__ = ("thread_lock", "fd")

    def __init__(self, thread_lock, fd):
        self.thread_lock, self.fd = thread_lock, fd

    def __enter__(self):
        self.thread_lock.acquire()
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        except BaseException:
            self.thread_lock.release()
            raise

    def __exit__(self, *exc):
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        self.thread_lock.release()
