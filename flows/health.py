"""Delivery health as one report, for `lapor-bot status` and the admins' /kesehatan."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flows.texts import t


def health_report(stats: dict[str, Any], now: datetime, sender: dict[str, Any] | None = None,
                  lang: str = "id") -> str:
    counts = stats.get("counts", {})
    oldest = stats.get("oldest_pending")
    age = f"{(now - oldest).total_seconds():.0f} s" if oldest else "-"
    failures = ", ".join(f"{k}: {v}" for k, v in sorted(stats.get("failures", {}).items())) or "-"
    lines = [
        t(lang, "health_head"),
        t(lang, "health_backlog", n=counts.get("pending", 0)),
        t(lang, "health_held", n=counts.get("held", 0)),
        t(lang, "health_failed", n=counts.get("failed", 0)),
        t(lang, "health_sent", n=counts.get("sent", 0)),
        t(lang, "health_oldest", age=age),
        t(lang, "health_failures", kinds=failures),
        t(lang, "health_unreachable", n=stats.get("unreachable", 0)),
    ]
    if sender:
        lines.append(t(lang, "health_process", sender=sender))
    return "\n".join(lines)
