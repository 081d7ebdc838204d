"""The policy's starting points: version 1 (the behaviour before policies were data) and each
knock-out rule as the Policy page offers it when switched on."""

from __future__ import annotations

from core.decisions.policy_rules import (
    AgeRange,
    Cutoff,
    MaxBureauRequests,
    MaxDeclinedApplications,
    MinIncome,
    Offer,
    PolicyBody,
    SegmentPolicy,
    Texts,
)

AGE_TEXT = Texts(
    en="The Premium card is available from age {min_age} to {max_age}.",
    ru="Премиальная карта доступна в возрасте от {min_age} до {max_age} лет.",
)
# A rule as the Policy page offers it when it is switched on (texts and numbers editable).
RULE_DEFAULTS: dict[str, AgeRange | MinIncome | MaxDeclinedApplications | MaxBureauRequests] = {
    "age_range": AgeRange(min_age=21, max_age=72, text=AGE_TEXT),
    "min_income": MinIncome(
        amount=15_000,
        text=Texts(
            en="The Premium card needs a monthly income of at least {amount} roubles.",
            ru="Для премиальной карты нужен доход не менее {amount} рублей в месяц.",
        ),
    ),
    "max_declined_applications": MaxDeclinedApplications(
        count=3,
        text=Texts(
            en="We cannot offer the Premium card given your recent applications to the bank.",
            ru="Мы не можем предложить премиальную карту с учётом ваших недавних заявок в банк.",
        ),
    ),
    "max_bureau_requests": MaxBureauRequests(
        count=10,
        text=Texts(
            en="We cannot offer the Premium card given the number of recent enquiries about your credit history.",
            ru="Мы не можем предложить премиальную карту из-за большого числа запросов вашей кредитной истории.",
        ),
    ),
}
DEFAULT_OFFER = Offer(
    pd_edges=[0.04, 0.08],
    income_edges=[0, 30_000, 70_000],
    limits=[[100_000, 200_000, 300_000], [70_000, 150_000, 200_000], [50_000, 100_000, 150_000]],
    starter_limit=30_000,
)


def initial_body(target_bad_rate: float) -> PolicyBody:
    """Version 1: the behaviour before policies were data (the models learnt from ages 21-72,
    and the cut-off holds the approved book's bad rate at `TARGET_BAD_RATE`), with the
    standard limits."""
    segment = SegmentPolicy(
        knockout_rules=[AgeRange(min_age=21, max_age=72, text=AGE_TEXT)],
        cutoff=Cutoff(basis="target_bad_rate", value=target_bad_rate),
        offer=DEFAULT_OFFER,
    )
    return PolicyBody(segments={"new": segment, "existing": segment})
