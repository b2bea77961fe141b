"""Killing a running import halfway, for the crash tests of test_import.py and
test_signals.py: the process is SIGKILLed once it has read more than half of
its input (it reads 1 MiB at a time, so it is then in the middle of its
transaction)."""
import os
import signal
import subprocess
import time


def kill_halfway(cmd, input_path, timeout=900):
    """Runs cmd and kills it when it has read half of input_path.
    Returns True when it was killed, False when it finished first. The timeout
    is a safety net only: on PostgreSQL on a loaded machine reaching half of the
    input has taken more than a minute, and giving up then lets the import finish."""
    size = os.path.getsize(input_path)
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    killed = False
    deadline = time.time() + timeout
    while time.time() < deadline and p.poll() is None:
        try:
            with open('/proc/%d/io' % p.pid) as f:
                rchar = int(dict(l.split(': ') for l in f.read().splitlines())['rchar'])
        except (OSError, KeyError, ValueError):
            rchar = 0
        if rchar > size // 2:
            p.send_signal(signal.SIGKILL)
            killed = True
            break
        time.sleep(0.002)
    p.wait()
    return killed
