"""One reader of phone numbers (bot/understanding/phone.py) for the referral, the call-back and the count of
call-backs by number: a number written any way people write it reads the same."""
import pytest

from bot.understanding.phone import is_mobile, read_phone, written_phone


@pytest.mark.parametrize("typed", ["07700900461", "07700 900461", "07700-900-461", "+44 7700 900461",
                                   "+44 (0)7700 900461", "0044 7700 900461", "my number is 07700 900461",
                                   "its 07700 900461 thanks", "07700 900461."])
def test_a_number_is_read_however_it_is_written(typed):
    assert read_phone(typed) == "07700900461"


def test_a_landline_reads_too_and_only_a_mobile_takes_texts():
    assert read_phone("+44 (0)20 7946-0101") == "02079460101"
    assert is_mobile("07700900461") and not is_mobile("02079460101") and not is_mobile("07600123456")


@pytest.mark.parametrize("typed", ["", "   ", "no thanks", "12345", "0770090046", "+1 202 555 0100",
                                   "07700 900461 or 07700 900462", None, 7700900461])
def test_no_uk_number_reads_as_none(typed):
    assert read_phone(typed) is None


def test_a_number_read_back_is_spaced_as_people_write_it():
    assert written_phone("07700900461") == "07700 900461"
    assert written_phone("02079460101") == "020 7946 0101"
