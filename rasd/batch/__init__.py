"""Batch extraction on Apache Spark (``rasd batch``; the ``spark`` extra).

The job (:mod:`rasd.batch.job`) runs :func:`rasd.pipeline.extract` inside Spark tasks
(:mod:`rasd.batch.records`) and writes Parquet tables partitioned by date under the
output directory::

    events/date=YYYY-MM-DD/part-….parquet    CODEBOOK §8 columns; evidence: array<struct<role,start,end,text>>
    signals/date=YYYY-MM-DD/…                 Signal records + the article's publication date
    skips/date=YYYY-MM-DD/…                   records not read or not extracted: key, source, stage, reason
    manifest/run=<run id>/…                   one row per processed record: key, pipeline_version, status …

``date`` is the event's day (events) or the publication day (signals, skips);
``__unknown__`` when there is none. Importing this package does not import pyspark:
only :mod:`rasd.batch.job` does. The pipeline version stamped on the manifest is the
store's (:mod:`rasd.batch.version`).
"""
