"""``rasd.geo.geocode`` and ``rasd geocode``: places found, candidates considered, the choice made."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from rasd.cli import app
from rasd.geo import geocode
from rasd.geo.explain import format_table, geocode_places

AR = "قصفت الطائرات بلدة كفرنبل في ريف إدلب الجنوبي"
EN = "air strikes near Hajin in eastern Deir ez-Zor"

runner = CliRunner()


def _check_offsets(text: str, records: list[dict]) -> None:
    for r in records:
        span, phrase = r["span"], r["phrase"]
        assert text[span["start"]:span["end"]] == span["text"]
        assert text[phrase["start"]:phrase["end"]] == phrase["text"]
        assert phrase["start"] <= span["start"] and span["end"] <= phrase["end"]


def test_arabic_village_and_governorate_countryside() -> None:
    records = geocode(AR)
    _check_offsets(AR, records)
    assert [r["span"]["text"] for r in records] == ["كفرنبل", "إدلب"]
    village, idlib = records
    assert village["phrase"]["text"] == "بلدة كفرنبل"
    choice = village["choice"]
    assert choice["admin1"] == "Idleb" and choice["admin1_code"] == "SY07"
    assert choice["geo_precision"] == 1 and choice["modifier"] == "town"
    assert abs(choice["lat"] - 35.61) < 0.05 and abs(choice["lon"] - 36.56) < 0.05
    assert choice["admin2"] and choice["admin3"]
    # "ريف إدلب الجنوبي": the governorate, precision 3
    assert idlib["phrase"]["text"] == "ريف إدلب الجنوبي"
    assert idlib["choice"]["kind"] == "adm1" and idlib["choice"]["geo_precision"] == 3
    assert idlib["choice"]["modifier"] == "countryside"
    # the candidates show the homonyms considered, exactly one marked as the choice
    kinds = {c["kind"] for c in idlib["candidates"]}
    assert {"adm1", "town"} <= kinds
    assert sum(c["chosen"] for c in idlib["candidates"]) == 1
    assert all({"kind", "name_en", "country", "admin1_code", "population"} <= c.keys() for c in idlib["candidates"])


def test_english_near_town_and_direction_of_governorate() -> None:
    records = geocode(EN)
    _check_offsets(EN, records)
    assert [r["span"]["text"] for r in records] == ["Hajin", "Deir ez-Zor"]
    hajin, deir = records
    assert hajin["phrase"]["text"] == "near Hajin"
    assert hajin["choice"]["modifier"] == "near" and hajin["choice"]["geo_precision"] == 2
    assert hajin["choice"]["admin1_code"] == "SY09"
    assert abs(hajin["choice"]["lat"] - 34.69) < 0.05 and abs(hajin["choice"]["lon"] - 40.83) < 0.05
    assert deir["phrase"]["text"] == "eastern Deir ez-Zor"
    assert deir["choice"]["kind"] == "adm1" and deir["choice"]["geo_precision"] == 3
    assert deir["choice"]["modifier"] == "direction"


def test_no_places() -> None:
    assert geocode("nothing to see here") == []
    assert format_table(geocode_places("nothing to see here")) == "no places found"


def test_table_marks_the_choice() -> None:
    table = format_table(geocode_places(EN))
    assert "Hajin" in table and "geo_precision 2" in table and "* adm1" in table


def test_cli_table() -> None:
    result = runner.invoke(app, ["geocode", AR])
    assert result.exit_code == 0, result.output
    assert "كفرنبل" in result.output and "SY07" in result.output and "geo_precision 1" in result.output


def test_cli_json() -> None:
    result = runner.invoke(app, ["geocode", "--format", "json", EN])
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    _check_offsets(EN, records)
    assert [r["choice"]["admin1_code"] for r in records] == ["SY09", "SY09"]


def test_cli_help() -> None:
    result = runner.invoke(app, ["geocode", "--help"])
    assert result.exit_code == 0
    assert "candidates" in result.output


def test_city_district_named_bare_is_the_district_of_its_city() -> None:
    # OCHA lists Jobar and Barzeh only as their parts (east/west, old town/housing): the bare
    # district name is a neighbourhood of Damascus, not the homonymous villages near Homs
    text = "قصفت قوات النظام حي جوبر وحي برزة في العاصمة دمشق"
    records = geocode(text)
    _check_offsets(text, records)
    by_name = {r["span"]["text"]: r["choice"] for r in records}
    for name in ("جوبر", "برزة"):
        assert by_name[name]["admin1_code"] == "SY01", by_name[name]
        assert by_name[name]["kind"] == "neighbourhood"
        assert abs(by_name[name]["lat"] - 33.54) < 0.05 and abs(by_name[name]["lon"] - 36.33) < 0.05


def test_governorate_is_coded_to_its_seat_of_another_name() -> None:
    # CODEBOOK §4: a governorate alone is coded to its capital; Al-Muthanna's is Samawah,
    # Thi Qar's Nasiriyah (rasd/data/admin1_seats.tsv)
    for text, lat, lon in (("انفجار في محافظة المثنى جنوبي العراق", 31.31, 45.28),
                           ("احتجاجات في محافظة ذي قار جنوبي العراق", 31.05, 46.26)):
        (gov, *_) = [r for r in geocode(text) if r["choice"]["kind"] == "adm1"]
        assert gov["choice"]["geo_precision"] == 3
        assert abs(gov["choice"]["lat"] - lat) < 0.1 and abs(gov["choice"]["lon"] - lon) < 0.1, gov["choice"]


def test_reviewed_places_the_sources_lack() -> None:
    # rasd/data/places_extra.tsv: Sa'dah's border districts, named often in 2018 and in no source list
    text = "قصف مدفعي سعودي على مديرية رازح ومديرية باقم الحدوديتين في محافظة صعدة"
    by_name = {r["span"]["text"]: r["choice"] for r in geocode(text)}
    for name, lat in (("رازح", 16.93), ("باقم", 17.37)):
        choice = by_name[name]
        assert choice["country"] == "YEM" and choice["admin1_code"] == "YE-SD", choice
        assert abs(choice["lat"] - lat) < 0.05
    # Quneitra's seat, known by its full name only: "البعث" alone is a neighbourhood of several cities
    choice = geocode("قصف قرب مدينة البعث في ريف القنيطرة")[0]["choice"]
    assert choice["admin1_code"] == "SY14" and choice["name_en"] == "Madinat al-Baath"


def test_a_listed_name_is_the_namesake_beside_the_other_places_of_its_list() -> None:
    # Jobar is a Damascus district and a town in Homs; listed with Zamalka (Rural Damascus, a
    # kilometre away) it is the district, and Zamalka keeps its own governorate
    records = geocode("خرج مئات المقاتلين من بلدات جوبر وزملكا في الغوطة الشرقية.")
    got = {r["span"]["text"]: r["choice"]["admin1"] for r in records}
    assert got["جوبر"] == "Damascus" and got["زملكا"] == "Rural Damascus"
    # a namesake far from the list is not taken for one beside it
    records = geocode("تعرضت بلدات نوى وكحيل وطفس لغارات جوية.")
    assert {r["choice"]["admin1"] for r in records} == {"Dar'a"}


def test_an_unknown_village_is_placed_by_the_area_named_right_after_it_in_any_country() -> None:
    # an article mostly about Turkey: the village the gazetteer lacks, "(west of Afrin)", is in Syria
    text = ("أعلنت تركيا أن قواتها تتقدم. وقالت أنقرة إن الجيش التركي يواصل عملياته. وتعرضت قرية "
            "الشيخ حديد (غرب عفرين) لقصف تركي، بحسب وزارة الدفاع التركية في أنقرة.")
    village = next(r for r in geocode(text) if r["span"]["text"] == "الشيخ حديد")
    assert village["choice"]["country"] == "SYR" and village["choice"]["admin1"] == "Aleppo"


def test_first_level_units_of_the_region_have_their_arabic_names() -> None:
    # rasd/data/place_aliases.tsv: provinces no source names in Arabic
    for text, country, code in (
            ("قتل عشرة مسلحين في غارة على ولاية ننكرهار شرقي أفغانستان", "AFG", "AF-NAN"),
            ("تقدمت قوات الجيش اليمني في محافظة الجوف شمال شرقي اليمن", "YEM", "YE-JA"),
            ("اعتقلت السلطات الإيرانية عشرات في إقليم خوزستان", "IRN", "IR-06"),
            ("انفجرت عبوة ناسفة في ولاية القصرين غربي تونس", "TUN", "TN-42")):
        choice = geocode(text)[0]["choice"]
        assert (choice["country"], choice["admin1_code"]) == (country, code), (text, choice)


def test_a_name_known_only_abroad_followed_by_a_governorate_is_a_place_of_that_governorate() -> None:
    # the gazetteer knows "مران" only as a town in Aleppo; "مران محافظة صعدة" is in Yemen
    text = "كبد الجيش اليمني المتمردين في مران محافظة صعدة خسائر فادحة، وفق مصدر يمني."
    place = geocode(text)[0]
    assert place["span"]["text"] == "مران"
    assert (place["choice"]["country"], place["choice"]["admin1_code"]) == ("YEM", "YE-SD")


def test_birthplace_is_an_idiom_not_muscat() -> None:
    assert [r["span"]["text"] for r in geocode("زار الوفد مسقط رأس القائد في محافظة صعدة")] == ["صعدة"]
    assert geocode("وصل الوفد إلى مسقط عاصمة سلطنة عمان")[0]["choice"]["country"] == "OMN"


def test_iom_english_only_villages_are_read_after_a_place_word() -> None:
    # IOM's list names Yadudeh (Daraa) in English only; it is coded at its sub-district's seat
    place = geocode("Government shelling hit the village of Yadudeh in western Daraa on Monday.")[0]
    assert place["span"]["text"] == "Yadudeh"
    assert place["choice"]["admin1_code"] == "SY12" and place["choice"]["geo_precision"] == 1
    # without a place word such names are not read: English news write people and city quarters so
    assert [r["span"]["text"] for r in geocode("Samira said al-Midan was calm.")] == []


def test_yemeni_districts_are_read_after_their_place_word() -> None:
    # rasd/data/places_extra.tsv: districts of Yemen no source lists; a district is precision 2
    for text, name, code in (("شنت مقاتلات التحالف غارات على مديرية الدريهمي جنوب الحديدة", "الدريهمي", "YE-HU"),
                             ("اشتباكات في مديرية يافع بمحافظة لحج", "يافع", "YE-LA"),
                             ("قتل جنود في هجوم على مديرية ذباب غرب تعز", "ذباب", "YE-TA")):
        place = next(r for r in geocode(text) if r["span"]["text"] == name)
        assert place["choice"]["admin1_code"] == code and place["choice"]["geo_precision"] == 2, (text, place)
    # a district name that is also a word ("ذباب", flies) is no place without its place word
    assert geocode("أصيب ذباب الحقل بالمبيدات") == []
    # a Yemeni namesake does not displace the Syrian town in an article about Syria
    place = geocode("قتل عناصر من داعش في بادية السخنة شرق حمص")[0]
    assert place["choice"]["admin1"] == "Homs"


def test_reviewed_seats_camps_and_quarters_of_the_region() -> None:
    for text, name, country, admin1 in (
            ("قتل جنود أفغان في هجوم لطالبان على مدينة لشكر كاه مركز ولاية هلمند", "لشكر كاه", "AFG", "Helmand"),
            ("سقطت قذيفة على مخيم عين الحلوة قرب صيدا", "مخيم عين الحلوة", "LBN", "South"),
            ("هاجم داعش بلدة عانة غرب الأنبار", "عانة", "IRQ", "Al-Anbar"),
            ("نزح آلاف المدنيين من بلدة حمورية في الغوطة الشرقية", "حمورية", "SYR", "Rural Damascus"),
            ("هاجم مسلح متجرا في بلدة تريب جنوبي فرنسا", "تريب", "FRA", "Occitanie"),
            ("خطف مسلحو بوكو حرام طالبات من بلدة دابتشي في نيجيريا", "دابتشي", "NGA", "Yobe")):
        place = next(r for r in geocode(text) if r["span"]["text"] == name)
        assert (place["choice"]["country"], place["choice"]["admin1"]) == (country, admin1), (text, place)


def test_no_first_level_unit_is_placed_at_zero_zero() -> None:
    from rasd.geo.gazetteer import load_gazetteer
    assert not [p for p in load_gazetteer().places if p.lat == 0.0 and p.lon == 0.0]


def test_a_minor_town_abroad_is_read_bare_only_with_its_province() -> None:
    # Parkland (Florida) with its state named; the state is Florida, USA, not Uruguay's department
    got = [(r["span"]["text"], r["choice"]["country"], r["choice"]["admin1"])
           for r in geocode("قتل 17 شخصا في إطلاق نار في مدرسة في باركلاند بولاية فلوريدا")]
    assert got == [("باركلاند", "USA", "Florida"), ("فلوريدا", "USA", "Florida")]
    # "جورجيا" names the country, not the US state: Washington is the capital, not a town in Georgia
    got = {r["span"]["text"]: r["choice"] for r in geocode("زار وزير خارجية جورجيا واشنطن")}
    assert got["جورجيا"]["country"] == "GEO" and got["واشنطن"]["admin1"] == "Washington, D.C."
    # a person's name that is also a small town abroad is no place without its province
    assert geocode("قال لويس إن الحكومة الفرنسية لن تتراجع") == []


def test_a_stop_listed_name_after_a_facility_word_and_english_spellings() -> None:
    # "البرح" is read as a place after "مفرق" (a junction), like after مدينة or مديرية
    place = geocode("سيطرت القوات على مفرق البرح غرب تعز")[0]
    assert place["span"]["text"] == "البرح" and place["choice"]["admin1_code"] == "YE-TA"
    got = {r["span"]["text"]: r["choice"]["admin1"]
           for r in geocode("Kurds kill 83 ISIS fighters near Efrin; clashes in Eastern Gouta")}
    assert got == {"Efrin": "Aleppo", "Eastern Gouta": "Rural Damascus"}
