"""register_cases.py - cases that each get a register of their own.

For the CLI test files whose every case runs on a fresh register (either store,
api_harness.register_db) in a fresh temporary directory: the case is an
api_harness case, so it is reported and counted as the API tests' are.
"""
import shutil
import tempfile

from api_harness import case, register_db, run_cases  # noqa: F401 - run_cases for the files


def register_case(prefix):
    """A decorator: fn(db, tmp) runs as a case with a new register in a new directory tmp."""
    def decorate(fn):
        def with_register():
            tmp = tempfile.mkdtemp(prefix=prefix)
            try:
                fn(register_db(tmp), tmp)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
        with_register.__name__ = fn.__name__
        return case(with_register)
    return decorate
