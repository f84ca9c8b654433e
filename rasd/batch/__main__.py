"""``python -m rasd.batch INPUT --output DIR`` and ``spark-submit <this file> INPUT --output DIR``."""

from rasd.cli_batch import main

main()
