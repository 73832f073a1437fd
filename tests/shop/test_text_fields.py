"""What a person may type into an address or a name: real text of any script, emoji included, but nothing
that reorders or hides what the seller reads, and nothing that only looks filled in."""

import pytest
from rest_framework import serializers

from shop.api.fields import CleanTextField

SCOTLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"


@pytest.mark.parametrize(
    "text",
    [
        "서울시 중구 세종대로 110",
        "김철수",
        "ᄀᆞᆯ",  # old Hangul, conjoining jamo
        "👩\u200d💻 개발자",  # an emoji joined with ZWJ
        "❤\ufe0f 1\ufe0f\u20e3 🇰🇷 👍🏽",  # variation selector, keycap, flag, skin tone
        f"{SCOTLAND} Edinburgh",  # a subdivision flag: tag characters
        "Ver\u00adsicherung",  # a soft hyphen
        "می\u200cخواهم",  # Persian with ZWNJ
        "\u200fשלום",  # a right-to-left mark
    ],
)
def test_real_text_is_kept(text):
    assert CleanTextField().run_validation(text) == text.strip()


@pytest.mark.parametrize(
    "text",
    [
        "서울\x00중구",
        "서울\n중구",
        "서울\u2028중구",  # a line separator
        "서울\u202e011 로대종세",  # a right-to-left override
        "서울\u2066중구\u2069",  # an isolate
        "김\u200b철수",  # a zero-width space
        "\ufeff김철수",  # a byte order mark
    ],
)
def test_text_that_hides_or_reorders_what_the_seller_reads_is_refused(text):
    with pytest.raises(serializers.ValidationError) as refused:
        CleanTextField().run_validation(text)
    assert refused.value.detail[0].code == "control_characters"


@pytest.mark.parametrize("text", ["\u3164", "\u3164 \u3164", "\u2800", "\ufe0f", "\u0301", "\u200d", "\u00ad "])
def test_text_with_nothing_to_see_is_blank(text):
    with pytest.raises(serializers.ValidationError) as refused:
        CleanTextField().run_validation(text)
    assert refused.value.detail[0].code == "blank"
    assert CleanTextField(allow_blank=True).run_validation(text) == ""
