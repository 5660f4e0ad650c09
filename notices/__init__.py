"""Rejection notices: the công văn's PDF in the Decree 30/2020 layout (``congvan.py``,
fonts), the letter and e-mail bodies (``rejection.py``) and SMTP delivery (``smtp.py``)."""
