"""Delivery health as one report, for `lapor-bot status` and the admins' /kesehatan."""

from __future__ import annotations

from datetime import datetime
from typing import Any


def health_report(stats: dict[str, Any], now: datetime, sender: dict[str, Any] | None = None) -> str:
    counts = stats.get("counts", {})
    oldest = stats.get("oldest_pending")
    age = f"{(now - oldest).total_seconds():.0f} s" if oldest else "-"
    failures = ", ".join(f"{k}: {v}" for k, v in sorted(stats.get("failures", {}).items())) or "-"
    lines = [
        "Kesehatan pengiriman / delivery health",
        f"Antrean (belum terkirim) / backlog: {counts.get('pending', 0)}",
        f"Tertahan, chat tak terjangkau / held for unreachable chats: {counts.get('held', 0)}",
        f"Gagal permanen / failed for good: {counts.get('failed', 0)}",
        f"Terkirim / sent: {counts.get('sent', 0)}",
        f"Pesan tertua yang belum terkirim / oldest unsent: {age}",
        f"Kegagalan menurut jenis / failures by kind: {failures}",
        f"Chat yang memblokir bot / unreachable chats: {stats.get('unreachable', 0)}",
    ]
    if sender:
        lines.append(f"Proses ini / this process: {sender}")
    return "\n".join(lines)
