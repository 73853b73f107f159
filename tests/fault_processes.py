"""Real processes for the fault tests: Celery workers that can be SIGKILLed and a throwaway
redis-server that can be stopped and started again on the same port and data directory."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def wait_for(condition, timeout: float, what: str, step: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Worker:
    """`celery worker` in its own process group (solo pool: the task runs in that very process)."""

    def __init__(self, name: str, queue: str, env: dict, log_dir: Path):
        self.log_path = log_dir / f"{name}.log"
        self._log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "renda", "worker", "-P", "solo", "-Q", queue, "-n",
             f"{name}@faults", "--without-mingle", "--without-gossip", "--without-heartbeat", "-l", "info"],
            cwd=ROOT, env={**os.environ, **env, "DJANGO_SETTINGS_MODULE": "tests.fault_settings"},
            stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, timeout=45):
        def ready():
            if self.process.poll() is not None:
                raise AssertionError(f"worker exited with {self.process.returncode}:\n{self.log()[-3000:]}")
            return " ready." in self.log()

        wait_for(ready, timeout, "the worker to start")

    def kill(self):
        """SIGKILL, as the OOM killer or a pulled plug would: no clean-up, no acknowledgement."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        self._log.close()

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        self._log.close()


class Redis:
    """A throwaway redis-server with an append-only file, so a restart keeps the queues, like a
    production Redis with persistence."""

    def __init__(self, data_dir: Path):
        self.dir = data_dir
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.dir),
             "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--daemonize", "no",
             "--logfile", str(self.dir / "redis.log")],
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
        import redis

        wait_for(lambda: self._ping(redis), 15, "redis-server to answer")

    def _ping(self, redis):
        try:
            return redis.Redis(port=self.port, socket_timeout=1).ping()
        except redis.ConnectionError:
            return False

    def stop(self):
        """SIGTERM: Redis writes its append-only file and exits, as `systemctl stop redis` does."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(20)
