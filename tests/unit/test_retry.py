"""retry_when_disconnected: work that is one transaction is tried again while the database is out of reach."""
from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from bot.storage.db import retry_when_disconnected


def test_work_is_tried_again_until_the_database_is_back():
    tries = []

    def work():
        tries.append(1)
        if len(tries) < 3:
            raise OperationalError("SELECT 1", {}, ConnectionError("server closed the connection"))
        return "saved"

    assert retry_when_disconnected(work, wait=0) == "saved" and len(tries) == 3


def test_it_gives_up_after_the_last_try_and_never_retries_other_errors():
    def down():
        raise OperationalError("SELECT 1", {}, ConnectionError("no server"))

    with pytest.raises(OperationalError):
        retry_when_disconnected(down, attempts=2, wait=0)
    tries = []

    def clash():
        tries.append(1)
        raise IntegrityError("INSERT", {}, ValueError("duplicate"))

    with pytest.raises(IntegrityError):
        retry_when_disconnected(clash, wait=0)
    assert len(tries) == 1
