"""Executors: where stage jobs run. Jobs take ids and paths, never open handles, so the same job
runs in a local process pool or, later, on a distributed worker."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Protocol, TypeVar

Job = TypeVar("Job")
Result = TypeVar("Result")


class Executor(Protocol):
    workers: int

    def submit(self, function: Callable[[Job], Result], job: Job) -> Future[Result]: ...

    def shutdown(self) -> None: ...


def _limit_worker_threads() -> None:
    # Each worker runs one Tesseract at a time; OpenMP threads inside it would only fight the
    # other workers for the same cores.
    os.environ["OMP_THREAD_LIMIT"] = "1"


class LocalPool:
    """A process pool with one single-threaded worker per core."""

    def __init__(self, workers: int, preload: Sequence[str] = ()) -> None:
        self.workers = workers
        # forkserver: the parent runs a progress thread, and fork() beside threads can deadlock.
        context = multiprocessing.get_context("forkserver")
        # The server imports the stage modules once; each worker forks from it ready to work.
        context.set_forkserver_preload(list(preload))
        self._pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_limit_worker_threads
        )
        # Start every worker now, while the caller opens the database and loads the first
        # inputs. From a thread: the first fork waits until the server has imported the stage
        # modules (about a second), and the caller has its own imports to do meanwhile.
        self._starting = threading.Thread(target=self._start_workers, daemon=True)
        self._starting.start()

    def _start_workers(self) -> None:
        # The pool forks a worker for a job that finds none idle, so one job each starts them all.
        try:
            for _ in range(self.workers):
                self._pool.submit(os.getpid)
        except (RuntimeError, OSError):
            # Shut down before every worker had started, or the pool is broken (a
            # BrokenProcessPool is a RuntimeError): the caller's next submit says so itself.
            return

    def submit(self, function: Callable[[Job], Result], job: Job) -> Future[Result]:
        return self._pool.submit(function, job)

    def shutdown(self) -> None:
        self._starting.join()
        self._pool.shutdown(wait=True, cancel_futures=True)


class InlineExecutor:
    """Runs each job at once in this process: for tests and debugging."""

    workers = 1

    def submit(self, function: Callable[[Job], Result], job: Job) -> Future[Result]:
        future: Future[Result] = Future()
        try:
            future.set_result(function(job))
        except BaseException as error:  # delivered through the future, as a pool would
            future.set_exception(error)
        return future

    def shutdown(self) -> None:
        return None
