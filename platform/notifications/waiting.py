"""What waits for a person to act ("Venter på dig" on the start page). Each
domain lists its own items; the start page shows them together."""

from dataclasses import dataclass


@dataclass
class WaitingItem:
    text: str
    url: str
