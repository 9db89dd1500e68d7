"""Each dynamic of domain.md §6, pinned over many seeds by comparing mean outcomes."""

import statistics

from helpers import SEEDS, debtor_acts, play, value

DELAY = "delay-hardware-dealer"
HIDE = "hide-decoration-company"
GRIND = "grind-feed-distributor"


def until_offer(then, before=("probe",)):
    """A step: ``before`` while the debtor stalls, ``then`` once an offer is on the table."""
    def step(session):
        return list(then) if session.debtor.kind == "offer" else list(before)
    return step


def mean(values):
    return statistics.fmean(values)


def first_offer_total(session):
    return session.debtor.persona.first_offer.total


def test_accepting_the_first_offer_gets_a_worse_and_shakier_deal():
    accept_first = [["greet", "confirm_amount"]] + [until_offer(["accept_offer"])] * 8 + [["close"]]
    refuse_first = [["greet", "confirm_amount"]] + [until_offer(["refuse_offer", "give_reason"])] * 5 \
        + [["silence"], ["request_commitment"], ["close"]]
    a = [play(DELAY, accept_first, s) for s in SEEDS]
    r = [play(DELAY, refuse_first, s) for s in SEEDS]
    assert all(x.debtor.mem.accepted_first for x in a)
    assert not any(x.debtor.mem.accepted_first for x in r)
    assert mean(value(x) for x in a) < 0.7 * mean(value(x) for x in r)
    assert mean(x.outcome().reliability or 0 for x in a) < mean(x.outcome().reliability or 0 for x in r) - 0.15


def test_an_unconditional_concession_invites_a_further_demand():
    base = [["greet", "confirm_amount"], ["probe"], ["probe"], ["refuse_offer", "give_reason"]]
    conceding = base + [["concede"]] + [until_offer(["refuse_offer", "give_reason"])] * 3 + [["request_commitment"], ["close"]]
    firm = base + [["refuse_offer", "give_reason"]] + [until_offer(["refuse_offer", "give_reason"])] * 3 + [["request_commitment"], ["close"]]
    c = [play(DELAY, conceding, s) for s in SEEDS]
    f = [play(DELAY, firm, s) for s in SEEDS]
    # The debtor answers the concession by asking for more (000, the wolves).
    assert all("ask_concession" in debtor_acts(x)[5] for x in c)
    assert mean(value(x) for x in c) < mean(value(x) for x in f)


def test_silence_after_an_offer_brings_a_better_offer():
    improved_silent, improved_talking = [], []
    for s in SEEDS:
        for reply, sink in ((["silence"], improved_silent), (["other"], improved_talking)):
            session = _at_offer(s)
            before = session.debtor.mem.offer.total
            session.act(reply)
            sink.append(session.debtor.mem.offer.total - before)
    assert mean(improved_silent) > 0
    assert mean(improved_silent) > mean(improved_talking) + 1000


def _at_offer(seed):
    from helpers import TODAY, scenario
    from simulator.session.session import Session

    s = Session(scenario(DELAY), lang="zh", seed=seed, today=TODAY)
    s.start()
    for _ in range(12):
        if s.debtor.kind == "offer":
            break
        s.act(["probe"] if s.collector_turns else ["greet", "confirm_amount"])
    assert s.debtor.kind == "offer"
    return s


def test_a_hiding_debtor_cannot_commit_before_the_decider_is_reached():
    never_asks = [["greet"], ["demand_payment"], ["request_commitment"], ["accept_offer"], ["lawful_pressure"],
                  ["explain_cost"], ["request_commitment"], ["accept_offer"], ["counter_offer"]]
    asks = [["greet"], ["ask_decision_maker"], ["ask_decision_maker"]] + \
        [until_offer(["refuse_offer", "give_reason"])] * 5 + [["silence"], ["request_commitment"], ["close"]]
    n = [play(HIDE, never_asks, s) for s in SEEDS]
    a = [play(HIDE, asks, s) for s in SEEDS]
    assert all(x.outcome().commitment is None and x.outcome().paid == 0 for x in n)
    assert all(x.debtor.kind == "gate" for x in n)
    assert mean(value(x) for x in a) > 0
    assert sum(x.outcome().status in ("committed", "paid", "partial") for x in a) >= 0.8 * len(SEEDS)


def test_probing_collapses_excuses_sooner_than_plain_insisting():
    def turns_to_offer(step):
        turns = []
        for s in SEEDS:
            session = play(DELAY, [["greet", "confirm_amount"]] + [step] * 10, s)
            offered = [t.n for t in session.turns if t.speaker == "debtor" and "offering" == t.state]
            turns.append(offered[0] if offered else 99)
        return mean(turns)

    assert turns_to_offer(["probe"]) < turns_to_offer(["appeal_emotion"]) - 4


def test_insults_make_the_debtor_hostile_and_break_off_the_talk():
    sessions = [play(DELAY, [["greet"], ["insult"], ["insult"], ["insult"], ["demand_payment"]], s) for s in SEEDS]
    assert all(x.turns[4].state in ("hostile", "broken_off") for x in sessions)  # after the first insult
    assert sum(x.outcome().status == "broken_off" for x in sessions) >= 0.9 * len(SEEDS)
    assert all(not x.outcome().compliance for x in sessions)


def test_calm_warnings_bring_a_hostile_debtor_back_to_the_table():
    calm = [["greet"], ["insult"], ["warn_conduct"], ["warn_conduct"]]
    sessions = [play(DELAY, calm, s) for s in SEEDS]
    assert sum(x.debtor.kind in ("stall", "offer") for x in sessions) >= 0.8 * len(SEEDS)


def test_new_business_raised_first_is_traded_against_payment():
    plan = [["greet", "confirm_amount"], ["probe"], ["probe"], ["refuse_offer", "give_reason"]] + \
        [until_offer(["refuse_offer", "give_reason"])] * 3 + [["silence"], ["request_commitment"], ["close"]]
    with_business = [["greet", "talk_new_business"]] + plan[1:]
    b = [play(DELAY, with_business, s) for s in SEEDS]
    p = [play(DELAY, plan, s) for s in SEEDS]
    assert all("ask_concession" in debtor_acts(x)[1] for x in b)
    assert mean(value(x) for x in b) < 0.9 * mean(value(x) for x in p)


def test_lingering_after_the_deal_invites_favours_and_costs():
    deal = [["greet", "confirm_amount"]] + [until_offer(["refuse_offer", "give_reason"])] * 5 + \
        [["silence"], ["silence"], ["request_commitment"]]
    leave = deal + [["close"]]
    linger = deal + [["talk_new_business"], ["demand_payment"], ["appeal_benefit"], ["close"]]
    left = [play(DELAY, leave, s) for s in SEEDS]
    lingered = [play(DELAY, linger, s) for s in SEEDS]
    assert all(x.outcome().status in ("committed", "paid", "partial") for x in left)
    assert all(any("ask_concession" in acts for acts in debtor_acts(x)[-4:]) for x in lingered)
    assert mean(value(x) for x in lingered) < 0.95 * mean(value(x) for x in left)


def test_opening_with_the_harshest_threat_hardens_the_debtor():
    gradual = [["greet", "confirm_amount"], ["probe"], ["explain_cost"], ["lawful_pressure"]] + \
        [until_offer(["refuse_offer", "give_reason"])] * 4 + [["silence"], ["request_commitment"], ["close"]]
    harsh = [["lawful_pressure"], ["confirm_amount"], ["probe"], ["explain_cost"]] + gradual[4:]
    g = [play(DELAY, gradual, s) for s in SEEDS]
    h = [play(DELAY, harsh, s) for s in SEEDS]
    assert all(x.debtor.mem.hardened for x in h) and not any(x.debtor.mem.hardened for x in g)
    assert mean(value(x) for x in h) < 0.85 * mean(value(x) for x in g)


def test_stepwise_escalation_moves_a_grinder_more_than_repeating_one_demand():
    ladder = [["greet", "confirm_amount"], ["demand_payment"], ["probe"], ["explain_cost"], ["request_commitment"],
              ["cash_on_delivery"], ["probe"], ["lawful_pressure"]] + \
        [until_offer(["refuse_offer", "give_reason"], before=["request_commitment"])] * 4 + [["request_commitment"], ["close"]]
    repeat = [["greet", "confirm_amount"]] + [["demand_payment"]] * 7 + \
        [until_offer(["refuse_offer", "give_reason"], before=["demand_payment"])] * 4 + [["request_commitment"], ["close"]]
    lad = [play(GRIND, ladder, s) for s in SEEDS]
    rep = [play(GRIND, repeat, s) for s in SEEDS]
    assert mean(value(x) for x in lad) > 1.3 * mean(value(x) for x in rep) + 1


def test_a_plan_of_later_parts_is_proposed_as_its_whole_sum_by_its_last_day():
    # "12,000 by Friday and the rest by December 4th" once became "12,000 by Friday" and lost the rest
    from helpers import TODAY, scenario
    from simulator.session.session import Session
    from simulator.understanding import understand
    s = Session(scenario(DELAY), lang="en", seed=0, today=TODAY)
    s.start()
    terms = s.debtor._proposal(understand("12,000 by Friday and the rest by Friday December 4th", "collector", TODAY))
    assert (terms.pay_now, terms.amount, terms.days) == (0, 28600, 11)
    terms = s.debtor._proposal(understand("今天先付一万二,剩下的12月4号前付清", "collector", TODAY))
    assert (terms.pay_now, terms.amount, terms.days) == (12000, 16600, 11)
