"""The package's library entry point: ``rasd.extract(article) -> Result``."""

from datetime import date

import rasd
from rasd.pipeline import extract as pipeline_extract


def test_rasd_extract_is_the_pipeline():
    assert rasd.extract is pipeline_extract
    art = rasd.Article(id="t1", text="قتل ثلاثة مدنيين بغارة جوية روسية على بلدة كفرنبل في ريف إدلب الجنوبي، يوم الثلاثاء.",
                       published=date(2019, 5, 8))
    res = rasd.extract(art)
    assert isinstance(res, rasd.Result)
    assert [e.sub_event_type for e in res.events] == ["Air/drone strike"]
    assert res.events[0].admin1 == "Idleb"


def test_version_and_unknown_names():
    assert isinstance(rasd.__version__, str) and rasd.__version__
    try:
        rasd.no_such_thing  # noqa: B018
    except AttributeError as e:
        assert "no_such_thing" in str(e)
    else:
        raise AssertionError("unknown attribute must raise AttributeError")
