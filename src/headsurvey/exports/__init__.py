"""Exports: one module per download format, and the writer of every file.

:mod:`.files` names every download and writes them at the end of an HTML build.
"""

