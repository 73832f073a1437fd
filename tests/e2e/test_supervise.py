"""`make run` and `make serve` keep every process running (deploy/supervise.py): one that dies is started
again while the others carry on, and SIGTERM stops them all."""

import os
import signal
import sys

from tests.support.stack import Process, wait_until


def test_a_process_that_dies_is_restarted_and_the_others_carry_on(tmp_path):
    procfile = tmp_path / "Procfile"
    procfile.write_text("steady: exec sleep 301.5\nflaky: echo up; sleep 0.5; exit 3\n")
    supervisor = Process(
        "supervise",
        [sys.executable, "-m", "deploy.supervise", str(procfile), "--grace", "3"],
        {"PATH": os.environ["PATH"]},
        tmp_path,
    )
    try:
        wait_until(lambda: supervisor.log().count("started flaky again") >= 2, timeout=30, message="restarts")
        log = supervisor.log()
        assert log.count("started steady") == 1, "the steady process never stopped"
        assert "flaky exited with 3" in log

        supervisor.signal(signal.SIGTERM)
        supervisor.popen.wait(timeout=10)
    finally:
        supervisor.kill()

    assert supervisor.popen.returncode == 0
    assert "stopping every process" in supervisor.log()
    steady_pid = int(log.split("started steady (pid ")[1].split(")")[0])
    assert not process_exists(steady_pid), "its processes stop with it"


def process_exists(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False
