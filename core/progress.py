"""Indexing progress for people and for logs: a bar on a terminal, one plain line per file
otherwise (a bar written to a log repeats itself and mixes with the other lines)."""
from __future__ import annotations

import sys
from typing import Callable, Optional, TextIO


class Progress:
    def __init__(self, stream: Optional[TextIO] = None, enabled: bool = True, desc: str = "indexing") -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.desc = desc
        self._bar = None
        self._last = None
        if enabled and getattr(self.stream, "isatty", lambda: False)():
            from tqdm import tqdm

            self._bar = tqdm(total=0, unit="file", desc=desc, file=self.stream)

    def __call__(self, name: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.total, self._bar.n = total, done
            self._bar.set_postfix_str(name[:40])
            self._bar.refresh()
            return
        if (name, done) != self._last:  # a file starts or the batch ends: one line each
            self._last = (name, done)
            print(f"{self.desc} {done}/{total}: {name}", file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()

    def __enter__(self) -> Callable[[str, int, int], None]:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
