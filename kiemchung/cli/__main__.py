"""``python -m kiemchung.cli``, as the ``kiemchung`` script."""

from kiemchung.cli import app

app()
