"""Column mapping detection, datum hints and mapping files."""

from __future__ import annotations

import pytest

from rmtui.errors import InputError
from rmtui.importing.mapping import datum_hint, detect_mapping, dump_mapping, header_signature, load_mapping


@pytest.mark.parametrize(("header", "expected"), [
    (("Code", "Name", "Address", "LNG", "Lat", "Tier", "Opening Hours", "Phone"),
     {"code": "Code", "name": "Name", "address": "Address", "lon": "LNG", "lat": "Lat", "tier": "Tier",
      "opening_hours": "Opening Hours", "phone": "Phone"}),
    (("客户编号", "名称", "地址", "经度", "纬度", "分级", "营业时间", "联系人", "电话"),
     {"code": "客户编号", "name": "名称", "address": "地址", "lon": "经度", "lat": "纬度", "tier": "分级",
      "opening_hours": "营业时间", "contact": "联系人", "phone": "电话"}),
    (("客户号 ", "客户名称（全称）", "纬度（WGS-84）", "经度（WGS-84）", "客户_等级"),
     {"code": "客户号 ", "name": "客户名称（全称）", "lat": "纬度（WGS-84）", "lon": "经度（WGS-84）",
      "tier": "客户_等级"}),
    (("经营地址", "注册地址"), {"address": "经营地址"}),  # the business address wins
])
def test_detect_mapping(header, expected):
    assert detect_mapping(header) == expected


@pytest.mark.parametrize(("lat", "lon", "datum"), [
    ("纬度(百度)", "经度(百度)", "bd09"), ("lat_gcj02", "lng_gcj02", "gcj02"), ("纬度（高德）", "经度（高德）", "gcj02"),
    ("GPS纬度", "GPS经度", "wgs84"), ("纬度", "经度", None),
])
def test_datum_hint(lat, lon, datum):
    assert datum_hint({"lat": lat, "lon": lon}) == datum


def test_header_signature_ignores_order():
    assert header_signature(("a", "b", "")) == header_signature(("b", "a"))
    assert header_signature(("a", "b")) != header_signature(("a", "c"))


def test_mapping_file_round_trip_and_errors(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(dump_mapping({"code": "客户号", "name": "店名"}), encoding="utf-8")
    assert load_mapping(path) == {"code": "客户号", "name": "店名"}
    path.write_text("nam: 店名\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown field\\(s\\) nam; fields are: code, name"):
        load_mapping(path)
    path.write_text("- code\n", encoding="utf-8")
    with pytest.raises(InputError, match="expected lines of 'field: column header'"):
        load_mapping(path)
    with pytest.raises(InputError, match="cannot read the mapping file"):
        load_mapping(tmp_path / "missing.yaml")
