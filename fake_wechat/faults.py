"""Injected faults: latency, failures, hangs and forced error codes, per path prefix.

A rule applies to every path under its prefix and "/" is the global rule. Latency and the ratios
come from the longest matching prefix alone; a forced errcode is used from any matching prefix
(the longest first), so forcing one on "/cgi-bin" works even where "/cgi-bin/webhook" has a rule.

Random choices come from one generator seeded at construction, so a sequence of calls meets the
same faults on every run.
"""

import random
import threading
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace

# A hang outlasts any sane client timeout but ends, so a forgotten fault never wedges a test run.
MAX_HANG_SECONDS = 30.0

# What a failed call looks like: an HTTP error from the gateway, or the platform's "busy".
FAILURES = ("http500", "http502", "busy")


@dataclass
class Rule:
    latency_ms: int = 0  # added before every answer
    fail_ratio: float = 0.0  # share of calls answered with one of FAILURES
    timeout_ratio: float = 0.0  # share of calls that hang for hang_seconds
    hang_seconds: float = MAX_HANG_SECONDS
    errcode: int | None = None  # answer this errcode ...
    times: int = 0  # ... to the next `times` calls

    def __post_init__(self) -> None:
        if not (0 <= self.fail_ratio <= 1 and 0 <= self.timeout_ratio <= 1):
            raise ValueError("ratios are between 0 and 1")
        if self.latency_ms < 0 or self.times < 0:
            raise ValueError("latency_ms and times are not negative")
        self.hang_seconds = min(max(self.hang_seconds, 0.0), MAX_HANG_SECONDS)


@dataclass(frozen=True)
class Decision:
    latency_ms: int = 0
    outcome: str | None = None  # None: answer normally; else "hang", "errcode" or a FAILURE
    errcode: int | None = None
    hang_seconds: float = 0.0


@dataclass
class Faults:
    rules: dict[str, Rule] = field(default_factory=dict)
    seed: int | None = None

    def __post_init__(self) -> None:
        self.initial = {prefix: replace(rule) for prefix, rule in self.rules.items()}
        self.random = random.Random(self.seed)
        self.lock = threading.Lock()

    @classmethod
    def build(cls, faults: "Faults | Mapping[str, Rule | Mapping] | None",
              seed: int | None = None) -> "Faults":
        """Accept a Faults, or {prefix: Rule or its fields as a dict}."""
        if isinstance(faults, Faults):
            return faults
        rules = {prefix: rule if isinstance(rule, Rule) else Rule(**rule)
                 for prefix, rule in (faults or {}).items()}
        return cls(rules, seed)

    def set(self, prefix: str = "/", **fields: object) -> Rule:
        rule = Rule(**fields)  # type: ignore[arg-type]
        with self.lock:
            self.rules[prefix] = rule
        return rule

    def force(self, errcode: int, times: int = 1, prefix: str = "/") -> None:
        """The next `times` calls under `prefix` get `errcode`, keeping the prefix's other rules."""
        with self.lock:
            self.rules[prefix] = replace(self.rules.get(prefix, Rule()), errcode=errcode,
                                         times=times)

    def clear(self) -> None:
        """No faults at all."""
        with self.lock:
            self.rules.clear()
            self.random = random.Random(self.seed)

    def reset(self) -> None:
        """The faults configured at construction, with the generator back at its seed."""
        with self.lock:
            self.rules = {prefix: replace(rule) for prefix, rule in self.initial.items()}
            self.random = random.Random(self.seed)

    def decide(self, path: str) -> Decision:
        with self.lock:
            matching = sorted((prefix for prefix in self.rules if path.startswith(prefix)),
                              key=len, reverse=True)
            if not matching:
                return Decision()
            rule = self.rules[matching[0]]
            for prefix in matching:
                forcing = self.rules[prefix]
                if forcing.times > 0 and forcing.errcode is not None:
                    forcing.times -= 1
                    return Decision(rule.latency_ms, "errcode", forcing.errcode)
            # Draw all three every time so that changing one ratio does not shift the other draws.
            hang, fail, kind = self.random.random(), self.random.random(), self.random.random()
            if hang < rule.timeout_ratio:
                return Decision(rule.latency_ms, "hang", hang_seconds=rule.hang_seconds)
            if fail < rule.fail_ratio:
                return Decision(rule.latency_ms, FAILURES[int(kind * len(FAILURES))])
            return Decision(rule.latency_ms)

    def as_json(self) -> dict:
        with self.lock:
            return {prefix: asdict(rule) for prefix, rule in self.rules.items()}
