"""The one way pjd opens a file for reading: a regular file of bounded size, or a clear OSError."""

from __future__ import annotations

import os
import sys

import pytest

from policy_model.files import FileTooLarge, NotRegularFile, open_regular, read_regular_file

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages (the message ids)


def test_reads_a_regular_file(tmp_path):
    (tmp_path / "a.yaml").write_bytes(b"rules: []\n")
    assert read_regular_file(tmp_path / "a.yaml", 100) == b"rules: []\n"
    with open_regular(tmp_path / "a.yaml", 100) as handle:
        assert handle.read() == b"rules: []\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_at_once_not_waited_on(tmp_path):
    os.mkfifo(tmp_path / "X.xlsx")  # nobody ever writes to it: a blocking open would hang here
    with pytest.raises(NotRegularFile, match=r"not a regular file but a named pipe \(FIFO\)"):
        read_regular_file(tmp_path / "X.xlsx", 100)


@pytest.mark.skipif(sys.platform == "win32", reason="needs /dev/zero")
def test_a_device_and_a_folder_are_refused(tmp_path):
    with pytest.raises(NotRegularFile, match="not a regular file but a device"):
        read_regular_file("/dev/zero", 100)
    with pytest.raises(NotRegularFile, match="not a regular file but a folder"):
        read_regular_file(tmp_path, 100)


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path):
    (tmp_path / "big.yaml").write_bytes(b"x" * 3 * 2**20)
    with pytest.raises(FileTooLarge) as caught:
        read_regular_file(tmp_path / "big.yaml", 2**20)
    assert caught.value.strerror == "the file is 3.0 MiB; the limit is 1.0 MiB"
    assert isinstance(caught.value, OSError) and caught.value.filename == str(tmp_path / "big.yaml")


def test_a_missing_file_is_the_usual_oserror(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_regular_file(tmp_path / "missing.yaml", 100)
