"""Sending one message on one channel: in-app, email, WeCom and DingTalk group robots.

Each sender raises ChannelError with a readable reason when the message did not go out, so that
the caller can retry later and show 创文办 what went wrong."""

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail

WEBHOOK_TIMEOUT_SECONDS = 10
RESPONSE_LIMIT = 64 * 1024  # robots answer with a few bytes of JSON; never read more than this


class ChannelError(Exception):
    pass


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    link: str = ""  # path inside the site; made absolute with SITE_URL for outside channels

    def absolute_link(self) -> str:
        if not self.link:
            return ""
        return urllib.parse.urljoin(settings.SITE_URL, self.link)

    def text(self) -> str:
        parts = [f"【创文通】{self.title}", self.body, self.absolute_link()]
        return "\n".join(part for part in parts if part)


def send_email(message: Message, address: str) -> None:
    try:
        send_mail(f"【创文通】{message.title}", message.text(), None, [address])
    except Exception as error:  # SMTP errors come in many classes; all mean "try again later"
        raise ChannelError(f"邮件发送失败：{error}") from error


def dingtalk_signed_url(url: str, secret: str, *, timestamp_ms: int | None = None) -> str:
    """DingTalk's 加签: sign = base64(HMAC-SHA256(secret, "timestamp\\nsecret")), URL-encoded."""
    timestamp = str(timestamp_ms if timestamp_ms is not None else round(time.time() * 1000))
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}timestamp={timestamp}&sign={sign}"


def robot_payload(kind: str, message: Message) -> dict:
    """WeCom and DingTalk both accept a plain text message of this shape."""
    return {"msgtype": "text", "text": {"content": message.text()}}


def send_robot(kind: str, url: str, secret: str, message: Message) -> None:
    if kind == "dingtalk" and secret:
        url = dingtalk_signed_url(url, secret)
    request = urllib.request.Request(url, data=json.dumps(robot_payload(kind, message)).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:
            raw = response.read(RESPONSE_LIMIT)
    except urllib.error.HTTPError as error:
        raise ChannelError(f"机器人地址返回 HTTP {error.code}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise ChannelError(f"无法连接机器人地址：{getattr(error, 'reason', error)}") from error
    try:
        answer = json.loads(raw)
    except ValueError as error:
        raise ChannelError("机器人地址的回复不是 JSON") from error
    # Both robots answer {"errcode": 0, "errmsg": "ok"}; anything else is a refusal (bad key, signature…).
    if not isinstance(answer, dict) or answer.get("errcode") != 0:
        errmsg = answer.get("errmsg", "") if isinstance(answer, dict) else ""
        raise ChannelError(f"机器人拒收：{errmsg or raw[:200].decode(errors='replace')}")
