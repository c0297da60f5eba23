"""What a consent can be about: the built-in topics (`models.Topic`) and those other apps add
through the extension contract (`ConsentTopic`, core/extensions.py), e.g. a later app whose
data a service may only see under its own topic. Consents store topic values in a list, so a
new topic needs no migration."""

from __future__ import annotations

from familieplan.core import extensions
from familieplan.partners.models import Topic


def topic_choices() -> list[tuple[str, str]]:
    extra = [(t.value, t.label) for t in extensions.consent_topics() if t.value not in Topic.values]
    return [*Topic.choices, *extra]


def topic_values() -> list[str]:
    return [value for value, _label in topic_choices()]


def topic_label(value: str) -> str | None:
    return dict(topic_choices()).get(value)
