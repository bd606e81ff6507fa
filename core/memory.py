"""Give freed heap memory back to the system (glibc keeps it otherwise): after parsing, and
between documents while embedding, so that a process's peak is not the sum of both phases."""
from __future__ import annotations

import ctypes
import gc


def release_freed_memory() -> None:
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass
