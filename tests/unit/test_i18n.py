from __future__ import annotations

import string

from rmtui.i18n import Translator
from rmtui.i18n.catalog import EN, ZH


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_catalogues_have_the_same_keys_and_placeholders():
    assert set(EN) == set(ZH)
    mismatched = [k for k in EN if fields(EN[k]) != fields(ZH[k])]
    assert mismatched == []


def test_translator_formats_and_switches():
    zh = Translator("zh")
    assert zh("customer.overdue", days=3) == "已逾期 3 天"
    assert zh.other()("customer.overdue", days=3) == "overdue by 3 days"
    assert zh("no.such.key") == "no.such.key"
