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


def test_runs_from_a_zip_of_the_package(tmp_path):
    """Spark ships the package to executors as a zip (``--py-files``): every data file must be
    read through importlib.resources, never by a filesystem path next to a module."""
    import os
    import subprocess
    import sys
    import zipfile
    from pathlib import Path

    root = Path(rasd.__file__).resolve().parent
    archive = tmp_path / "rasd.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for f in root.rglob("*"):
            if f.is_file() and "__pycache__" not in f.parts:
                z.write(f, Path("rasd") / f.relative_to(root))
    code = ("import datetime, rasd; assert rasd.__file__.startswith(%r), rasd.__file__; "
            "r = rasd.extract(rasd.Article(id='z', text=%r, title='', published=datetime.date(2019, 5, 8))); "
            "print(r.events[0].sub_event_type, r.events[0].admin1)") % (
        str(archive), "قتل ثلاثة مدنيين بغارة جوية روسية على بلدة كفرنبل في ريف إدلب الجنوبي، يوم الثلاثاء.")
    env = {**os.environ, "PYTHONPATH": str(archive)}
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["Air/drone", "strike", "Idleb"]
