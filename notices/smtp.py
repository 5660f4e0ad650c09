"""Sending one notice by SMTP: an HTML and plain-text body with the PDF attached.

Errors come back as ``DeliveryError`` with an English reason for logs and the outbox;
the caller decides about retries."""

from __future__ import annotations

import os
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from kiemchung.core.campaign_schema import SmtpSpec
from kiemchung.core.errors import DeliveryError


def build_message(spec: SmtpSpec, *, to: str, subject: str, text: str, html: str,
                  pdf: bytes, filename: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = spec.sender, to, subject
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=spec.sender.rpartition("@")[2] or "kiemchung")
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    msg.add_attachment(pdf, maintype="application", subtype="pdf", filename=filename)
    return msg


def send(spec: SmtpSpec, msg: EmailMessage) -> None:
    password = os.environ.get(spec.password_env, "")
    try:
        if spec.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                spec.host, spec.port, timeout=spec.timeout,
                context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(spec.host, spec.port, timeout=spec.timeout)
        with client:
            if spec.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if spec.username:
                client.login(spec.username, password)
            refused = client.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"SMTP {spec.host}:{spec.port}: {exc}") from None
    if refused:
        raise DeliveryError(f"SMTP {spec.host}:{spec.port} refused {sorted(refused)}")
