"""Understanding: the issue's own examples, amounts, dates, evidence, and never raising."""

import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from simulator.understanding import understand

TODAY = dt.date(2026, 11, 23)


def moves(text, speaker="collector"):
    return set(understand(text, speaker, TODAY).labels)


@pytest.mark.parametrize("text, expected", [
    ("月底?太晚了。我们的供应商也在追款,周三之前先打八千过来", {"refuse_offer", "give_reason", "counter_offer"}),
    ("不行,我们月底要给工人发工资,周五之前先付一万二", {"refuse_offer", "give_reason", "counter_offer"}),
    ("那行吧,年后再说", {"concede"}),
    ("只要今天把协议签了,违约金可以不算", {"conditional_concession"}),
    ("我没同意", {"refuse_offer"}),
    ("……", {"silence"}),
    ("", {"silence"}),
    ("/silence", {"silence"}),
    ("哪一批有问题?有检测报告吗?", {"probe"}),
    ("不好意思又来打扰您了,求您帮帮忙", {"plead"}),
    ("您家孩子在实验小学吧", {"threaten"}),
    ("再不还钱我就告诉你老婆和你的客户", {"expose_third_party"}),
    ("If you pay half today, we can waive the late fee", {"conditional_concession"}),
    ("I won't accept that", {"refuse_offer"}),
])
def test_the_issue_examples(text, expected):
    assert expected <= moves(text)


def test_conditional_is_not_unconditional():
    assert "concede" not in moves("只要今天把协议签了,违约金可以不算")
    assert "concede" in moves("违约金就免了吧,不急")


def test_traditional_chinese_is_understood_like_simplified():
    u = understand("請問王總哪天回來?我直接跟他約時間。", "collector", TODAY)
    assert u.script == "hant" and "ask_decision_maker" in u.labels


@pytest.mark.parametrize("text, amount", [
    ("先付一万五", 15000), ("两万八千六", 28600), ("2.8万", 28000), ("28,600元", 28600),
    ("15k now", 15000), ("¥12000", 12000), ("twenty thousand by Friday", 20000),
    ("总共28600,今天先付一万", 10000), ("two and a half million by Friday", 2_500_000),
    ("half a million now", 500_000), ("a million and a half, end of the month", 1_500_000),
    ("twelve hundred bucks today", 1200), ("one hundred and fifty thousand", 150_000),
])
def test_amounts(text, amount):
    assert understand(text, "collector", TODAY).amount == amount


@pytest.mark.parametrize("text, date", [
    ("明天付", "2026-11-24"), ("下周五之前", "2026-12-04"), ("月底前结清", "2026-11-30"),
    ("本月25号付", "2026-11-25"), ("十二月十五号", "2026-12-15"), ("年前一定给", "2027-02-05"),
    ("pay by next Friday", "2026-12-04"), ("by December 15", "2026-12-15"),
    ("by the end of the month", "2026-11-30"), ("周五前先付一万二", "2026-11-27"),
])
def test_dates_relative_to_today(text, date):
    assert understand(text, "collector", TODAY).date.isoformat() == date


def test_every_label_carries_the_phrase_that_triggered_it():
    u = understand("不行,我们月底要给工人发工资,周五之前先付一万二", "collector", TODAY)
    labelled = {e.label for e in u.evidence}
    assert labelled == set(u.labels)
    assert all(e.phrase and e.phrase in u.text or e.rule.startswith("structure") or e.phrase for e in u.evidence)


def test_debtor_acts():
    assert {"hide"} <= set(understand("王总出差了,你下个月再来吧。", "debtor", TODAY).labels)
    assert {"befriend"} <= set(understand("咱们多少年交情了,还信不过我?", "debtor", TODAY).labels)
    u = understand("我保证12月5号前打两万八到你们账上", "debtor", TODAY)
    assert u.labels == ["commit"] and u.amount == 28000 and u.date.isoformat() == "2026-12-05"
    assert "pay" in understand("刚转了一万,你查一下", "debtor", TODAY).labels


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_string_gets_a_result(text):
    for speaker in ("collector", "debtor"):
        u = understand(text, speaker, TODAY)
        assert u.labels and all(isinstance(x, str) for x in u.labels)


@pytest.mark.parametrize("text", [
    "x" * 100_000, "😀" * 5000, "\x00\x01\x02\x1b[31m", "。,,。!?" * 100, "付" * 20000 + "万" * 20000,
    "一二三四五六七八九十百千万亿" * 300, "Ｆｕｌｌ－ｗｉｄｔｈ　１２０００元", "\ud800" if False else "\u202e反转文本",
])
def test_pathological_strings(text):
    u = understand(text, "collector", TODAY)
    assert u.labels


@pytest.mark.parametrize("text, amount, label", [
    ("\x1b[31mPay the balance today\x1b[0m", None, "demand_payment"),  # "[0m" is no sum of nought
    ("\x1b[1;32m欠款五万,今天付\x1b[0m", 50000, "demand_payment"),
    ("\x1b]0;title\x07Invoice 8842 is $12,400", 12400, "confirm_amount"),
])
def test_pasted_terminal_colours_are_not_read(text, amount, label):
    u = understand(text, "collector", TODAY)
    assert u.amount == amount and label in u.labels
    assert all("\x1b" not in e.phrase and "[3" not in e.phrase for e in u.evidence)


def instalments(text):
    return [(i.amount, i.share, i.rest, i.date.isoformat() if i.date else None)
            for i in understand(text, "collector", TODAY).instalments]


def test_instalment_plans_are_structured_terms():
    assert instalments("分三期,每月15号付,一共两万八千六") == [
        (9533.33, 0.3333, False, "2026-12-15"), (9533.33, 0.3333, False, "2027-01-15"), (9533.33, 0.3333, False, "2027-02-15")]
    assert instalments("half now, half on the 15th") == [(None, 0.5, False, "2026-11-23"), (None, 0.5, False, "2026-12-15")]
    assert instalments("今天先付一万,剩下的月底前结清") == [(10000, None, False, "2026-11-23"), (None, None, True, "2026-11-30")]
    assert instalments("Pay 10k today and the rest by next Friday") == [(10000, None, False, "2026-11-23"), (None, None, True, "2026-12-04")]
    assert instalments("周五前先付一万二") == []


def test_a_split_proposal_is_negotiated_as_a_whole():
    """"Half now, the rest by Friday" asks for both parts; the debtor weighs them together."""
    from helpers import TODAY as T, scenario
    from simulator.session.session import Session

    s = Session(scenario("delay-hardware-dealer"), lang="zh", seed=0, today=T)
    s.start()
    s.debtor.mem.offer = s.debtor.persona.best_terms  # an offer on the table, as after bargaining
    s.debtor.state = "offering"
    u = understand("今天先付一万,剩下的周五前结清", "collector", T)
    terms = s.debtor._proposal(u)
    assert (terms.pay_now, terms.amount, terms.days) == (10000, 18600, 4)


def test_lexicon_patterns_repeat_boundedly():
    """Unbounded repeats backtrack badly on long input ("1"*4000 once took 17 s); none may ship."""
    from simulator.understanding.bounds import unbounded
    from simulator.understanding.lexicon import builtin

    offenders = [r.source for sp in ("collector", "debtor") for r in builtin(sp).rules if unbounded(r.regex)]
    assert offenders == []


def test_bound_gives_every_repeat_a_limit():
    from simulator.understanding.bounds import bound, unbounded

    assert bound(r"[0-9]{3,}x\d+[+*]a*?(?:b|c)*") == r"[0-9]{3,12}x\d{1,12}[+*]a{0,12}?(?:b|c){0,12}"
    assert unbounded(r"a{1,5}[*+]\+\*(?:x)") == []


@pytest.mark.parametrize("text", ["1" * 4000, "一" * 4000, "a " * 2000, "1," * 1500, "两万" * 2000, "我保证" * 1000])
def test_long_repetitive_input_returns(text):
    for speaker in ("collector", "debtor"):
        assert understand(text, speaker, TODAY).labels


def test_a_reported_payment_points_to_the_day_just_past():
    assert understand("礼拜六就汇了,你再查查", "debtor", TODAY).date.isoformat() == "2026-11-21"
    assert understand("I sent it on Saturday, check again", "debtor", TODAY).date.isoformat() == "2026-11-21"
    assert understand("周六之前我一定汇", "debtor", TODAY).date.isoformat() == "2026-11-28"


@pytest.mark.parametrize("text", [
    "陈老板，因为原纸涨价，纸厂要我们现款提货，这三万六千五这周五之前得结清",
    "Our mill wants us to pay cash on delivery now, so I need the 36,500 by Friday",
])
def test_cash_terms_imposed_on_us_are_a_reason_not_our_condition(text):
    u = understand(text, "collector", TODAY)
    assert "give_reason" in u.labels and "cash_on_delivery" not in u.labels


def test_cash_on_delivery_we_impose_stays():
    assert "cash_on_delivery" in moves("以后要货，麻烦先打款，见款发货")


@pytest.mark.parametrize("text, offer", [
    ("最近店里生意差,一直没缓过来,下个月,下个月肯定给你。", True),
    ("I'll sort you out end of the month, soon as the loan lands.", True),
    ("过两天我让人给你送两箱脐橙,自家果园的,钱的事你别操心", False),
    ("老板去外地看货了,说是月底才回,你要不月底再打过来", False),
    ("下个月也不会给你,别想了", False),
])
def test_a_loose_promise_to_pay_is_an_offer(text, offer):
    assert ("offer" in moves(text, "debtor")) is offer


@pytest.mark.parametrize("text", ["下个月?下个月个屁!你这种人我见多了", "五千?打发要饭的呢?"])
def test_a_scornful_no_is_a_refusal(text):
    assert "refuse_offer" in moves(text)


@pytest.mark.parametrize("text, move", [
    ("Listen, I feel awful even bringing this up, but the office says it's overdue", "plead"),
    ("Lovely. Thanks, Gino, and sorry again for banging on about money.", "plead"),
    ("Actually, we've just started bringing in hand-dived Cornish scallops.", "talk_new_business"),
])
def test_apologising_for_asking_and_selling_in_plain_english(text, move):
    assert move in moves(text)


@pytest.mark.parametrize("text, act", [
    ("Mate, I can't magic it out of thin air. I've got eleven blokes to pay on Friday.", None),
    ("Fine. Two grand Friday, and the rest when Hillcrest pays up. Best I can do.", "offer"),
    ("Okay, 2,000 on Friday and the rest by December 15.", "commit"),
])
def test_paying_others_or_paying_when_someone_else_pays_is_no_commitment(text, act):
    acts = moves(text, "debtor")
    assert "commit" not in acts if act != "commit" else "commit" in acts
    if act is None:
        assert "offer" not in acts
    elif act == "offer":
        assert "offer" in acts


def test_taking_their_terms_in_so_many_words_is_accepting():
    assert moves("OK, we'll go with what you just said. Deal.") == {"accept_offer"}
    assert "concede" in moves("OK then, we can wait, next month is fine.")


@pytest.mark.parametrize("text, offer", [
    ("八千，月底", True), ("Eight thousand now.", True), ("maybe 500 first lor", True),
    ("1.2 million by friday", True), ("这周五，两万", True),
    ("Twenty thousand by Friday is impossible", False), ("You want 50k by Friday? no way", False),
    ("三万，今天？开什么玩笑", False), ("欠你三十万?", False),
])
def test_a_bare_sum_with_a_day_is_an_offer(text, offer):
    assert bool({"offer", "commit"} & moves(text, "debtor")) is offer


def test_a_label_set_aside_says_where_it_was_found_and_why():
    # a rule's reason, set aside by a structure rule: the step it announces is the move
    u = understand("我们公司规定超过九十天的账就要转法务", "collector", TODAY)
    assert "give_reason" not in u.labels and "lawful_pressure" in u.labels
    (aside,) = [e for e in u.set_aside if e.label == "give_reason"]
    assert aside.phrase in u.text and aside.rule.startswith("collector.zh.yaml:give_reason") and "announces" in aside.why
    # an offer the model read in a rejection
    u = understand("Twenty thousand by Friday is impossible", "debtor", TODAY)
    assert "offer" not in u.labels
    assert [e.label for e in u.set_aside] == ["offer"] and u.set_aside[0].rule.startswith("model:debtor")
    assert u.to_json()["set_aside"][0]["why"] == u.set_aside[0].why
    # nothing set aside, nothing said: the JSON line keeps its shape
    assert "set_aside" not in understand("那行吧,年后再说", "collector", TODAY).to_json()


def test_nothing_given_is_also_set_aside():
    texts = ["不行,这样不行,好吧你先说", "只要今天把协议签了,违约金可以不算", "Fine, skip the fee if you pay today",
             "我们公司规定超过九十天的账就要转法务", "Twenty thousand by Friday is impossible"]
    for text in texts:
        for speaker in ("collector", "debtor"):
            u = understand(text, speaker, TODAY)
            assert not {e.label for e in u.set_aside} & set(u.labels), text
            assert all(e.why for e in u.set_aside)


def test_model_evidence_is_a_word_or_chinese_never_a_bare_number():
    from simulator.understanding import model as M
    m = M.from_json({"speaker": "collector", "labels": ["confirm_amount", "demand_payment"], "bias": [-1.0, -1.0],
                     "thresholds": [0.5, 0.5], "char": [1, 2], "words": 2, "overrule": False,
                     "rule_features": False, "fallback": None,
                     "weights": {"00": [[0, 3.0]], "w:balance": [[0, 1.5]], "w:17": [[1, 3.0]], "w:pay": [[1, 1.0]]}})
    feats = M.features("the balance is 17,600, pay it", [], [], (1, 2), 2)
    assert "00" in feats and "w:17" in feats
    assert m._strongest(feats, 0) == "w:balance"
    assert m._strongest(feats, 1) == "w:pay"
    # with nothing telling, the strongest of the rest still says something
    assert m._strongest(M.features("17,600", [], [], (1, 2), 2), 0) == "00"


@pytest.mark.parametrize("text, amount", [
    ("您要是三十万一次性结清,违约金我们全免", 300_000),          # the 一 begins 一次性
    ("你说先付六成,二十万的六成就是十二万,行,就这么办", 120_000),  # the sum worked out
    ("那零頭就算了，四萬三千六百五就收您四萬三吧。", 43_000),
    ("I'll knock off the 2,400 for the damaged cartons. Just the 31,600 then.", 31_600),
    ("A couple thousand? On a ninety-two thousand bill? Come on.", 92_000),
    ("so we've got three invoices open, 4471, 4480 and 4502, total comes to 28,600", 28_600),
    ("Nope. Friday 10k isn't enough. Make it 25k by Friday and the rest on December 20", 25_000),
    ("If you can get 30% of the 150k to us by the 28th, I'll push the rest to January", 45_000),
    ("您这三十万今天怎么也得先给一半", 150_000),
    ("分三期:12/10、1/10、2/10,每期五万。", 50_000),
    ("按集团制度,5万以上是您在系统里提交", None),                  # a bound in a rule
])
def test_the_sum_at_stake(text, amount):
    assert understand(text, "collector", TODAY).amount == amount


@pytest.mark.parametrize("text, date", [
    ("Give me until the end of January, please.", "2027-01-31"), ("一月底前", "2027-01-31"),
    ("十二月底", "2026-12-31"), ("既然你话年尾一定俾,咁就年尾啦", "2026-12-31"),
    ("I told your office I'd have it cleared by the end of October.", None),  # a month just gone
    ("十月底", None),
    ("分三期:12/10、1/10、2/10,每期五万。", "2026-12-10"),              # the first part's day
    ("pay by Friday, December 4", "2026-12-04"), ("12月4号(周五)前付清", "2026-12-04"),  # the full date
    ("I need another 30 days. Just 30 days.", "2026-12-23"), ("Ok, another two weeks then.", "2026-12-07"),
    ("再宽限我半个月,就半个月", "2026-12-08"),
    ("这批钢管是八月十五号到期的,您今天把28,600付了", "2026-11-23"),  # August just gone is no deadline
    ("11月20号我就转了", "2026-11-20"),
])
def test_named_month_ends_and_plans(text, date):
    d = understand(text, "debtor", TODAY).date
    assert (d.isoformat() if d else None) == date


def test_what_one_can_pay_is_offered_not_promised():
    acts = moves("Then what do you want from me? I can do 5,000 now and the rest at the end of December.", "debtor")
    assert "offer" in acts and "commit" not in acts
    assert "commit" in moves("Okay, 2,000 on Friday and the rest by December 15.", "debtor")


@pytest.mark.parametrize("text, move", [
    ("八折啊……行吧行吧,八折就八折。一万五您今天先给我,剩下的等您处理完再结。", "accept_offer"),  # "X it is"
    ("月底就月底吧", "accept_offer"),
    ("No discount. Those units were signed for clean.", "give_reason"),
    ("But the 10th is too late. We pay our manufacturer on the 1st.", "give_reason"),
])
def test_giving_in_and_reasons_found_on_the_tuning_transcripts(text, move):
    assert move in moves(text)


def test_whatever_you_say_is_no_acceptance():
    assert "accept_offer" not in moves("你爱怎么说就怎么说")


@pytest.mark.parametrize("text, offer", [
    ("这样,你先给我发二十箱新的,旧账年后跟新货一起结,多省事。", True),  # settling later, together
    ("不然你下禮拜再打來好了?", False),                                  # call back next week
    ("先给我打个折", False),                                             # give ME first: a request
])
def test_offers_in_running_talk(text, offer):
    assert ("offer" in moves(text, "debtor")) is offer


@pytest.mark.parametrize("text, expected", [
    ("咁……不如咁,我同老闆講聲,俾你九折,即係61,650,你睇點?", {"concede"}),   # a discount given, in Cantonese
    ("八折真係太多……咁八五折啦,58,225,兩萬今日俾,其他……你幾時方便?", {"refuse_offer", "counter_offer", "concede"}),
])
def test_giving_a_discount_while_haggling(text, expected):
    assert expected <= moves(text)


@pytest.mark.parametrize("text, amount", [
    ("总共二十万，您付了八万，剩下那十二万年底前必须结清", 120_000),        # the rest once a part is paid
    ("收到3000 谢谢杨总 剩下9800周四11月26号", 9_800),
    ("我再确认一遍:房租每月一万八,九月十月两个月,加起来三万六,水电另算", 36_000),  # the total said last
    ("一共是￥86,450，扣掉你上次退回来那三件，是82,150，没错吧？", 82_150),   # restated after a deduction
    ("你欠的不是三万，是三万八", 38_000),                                  # corrected
    ("你說一萬五，我們單子上寫的是十五萬", 150_000),                        # only claimed by the other side
    ("张姐,九月到十月一共212箱,每箱145,总共30,740元,对吧?", 30_740),      # a unit price is no sum
    ("服务费那三千我自己做主给你减掉 剩下的三万七你看着安排", 37_000),       # a sum let go
    ("先给一千?一千不行,太少了,起码五千", 5_000),                          # a sum turned down
    ("那两千多的零头不是不能免，前提是剩下的二十八万今天一次性到账", 280_000),
    ("能不能先发货 这批卖掉了我连上次的两万一起给你", 20_000),              # 一起, not 两万一
    ("五十个w啊大哥 不是五千", 500_000),
    ("一共38万6千,到现在还没结", 386_000),
    ("ok np. its 2 invoices INV-2291 n INV-2304, HKD48,600 total", 48_600),  # a currency code, not an invoice code
    ("Calling regarding the outstanding of Rs. 3,42,750 against your store", 342_750),
    ("One million five hundred twenty thousand, and three promises, all missed.", 1_520_000),
    ("Total is 18,000, so 6k today, 6k next Friday, 6k on the 11th. Three payments.", 6_000),
    ("要不这样，分三期：今天一万，下周五一万，月底把剩下的八千结了", 10_000),  # parts named one by one
    ("十五万，分三期，每期五万，第一期本周内。", 50_000),
])
def test_which_of_several_sums_is_at_stake(text, amount):
    assert understand(text, "collector", TODAY).amount == amount


def test_a_debtors_payment_is_the_news_not_set_aside():
    u = understand("行了行了别说了,我刚让出纳付了五千,剩下的一万下个月底之前给你", "debtor", TODAY)
    assert u.amount == 5_000


@pytest.mark.parametrize("text, date", [
    ("so 2k this fri 27th, 3,850 by 15 dec", "2026-11-27"),    # 'fri' followed by anything was lost
    ("by fri, ok?", "2026-11-27"),
    ("我們 12 月 4 日（星期五）的付款批次會把 USD 24,600 全數付清", "2026-12-04"),  # typed with spaces
])
def test_days_written_loosely(text, date):
    d = understand(text, "debtor", TODAY).date
    assert (d.isoformat() if d else None) == date


@pytest.mark.parametrize("text, scale, amount", [
    ("ok ok. 20 today, 26,800 on the 3rd.", 46_800, 20_000),   # a bare figure on a debt of thousands
    ("Fine. Twenty-five.", 46_800, 25_000),
    ("Three hundred today, five hundred by December 4.", 1_520_000, 300_000),
    ("Yes she'll send it by 4.", 46_800, None),                 # a time, not a sum
    ("ok ok. 20 today, the rest on the 3rd.", None, None),      # without the debt, no bare figure is a sum
    ("ok ok. 20 today, 26,800 on the 3rd.", None, 20_000),      # ...unless a sum in thousands sets the scale
])
def test_bare_figures_read_against_the_debt(text, scale, amount):
    assert understand(text, "debtor", TODAY, scale=scale).amount == amount


@pytest.mark.parametrize("text, speaker, expected, absent", [
    ("就城南那个安置房嘛,按说11月底付一期的,但是他们说要等审计……", "debtor", set(), {"offer"}),  # their schedule
    ("真没有，你逼死我也没有。", "debtor", set(), {"abuse"}),
    ("蛤？你一開口就這樣？有病喔。", "debtor", {"abuse"}, set()),
    ("小心我哋公司有啲兄弟上嚟你舖頭坐坐，到時大家都唔好睇。", "collector", {"threaten"}, set()),
    ("王总,HR圈子就这么大,逾期的事传出去,对贵公司招人都不好看。", "collector", {"expose_third_party"}, set()),
    ("You're the psycho. Tomorrow I'm standing outside your door with a banner.", "collector",
     {"insult", "expose_third_party"}, set()),
    ("不够。吴总,我们是小车队,油费都是现钱。", "collector", {"refuse_offer"}, set()),
    ("三十号前肯定给,你发来吧。", "debtor", {"offer"}, set()),
    ("三万……多了，一万行不行？", "debtor", {"offer"}, set()),
    ("他哪天回来？要不您现在给他打个电话", "collector", set(), {"request_commitment"}),
    ("届时把银行水单发给你", "debtor", set(), {"pay"}),
    ("Great. And about the invoice, give me till after the 10th?", "debtor", {"ask_concession"}, set()),
])
def test_readings_found_on_new_transcripts(text, speaker, expected, absent):
    got = moves(text, speaker)
    assert expected <= got and not (absent & got)


@pytest.mark.parametrize("text, speaker, expected, absent", [
    ("你们打个对折，我给你三千九，这事就算了。", "debtor", {"offer"}, set()),
    ("他在竹北店那邊，下午可能會回來吧……付款的事我這邊也要他簽才能匯。", "debtor", set(), {"offer"}),  # the gatekeeper
    ("过几天吧,过几天手头松一点就给你转哈", "debtor", {"offer"}, set()),                        # vague, still an offer
    ("Ya ya. Maybe next week when he's back he can pay something.", "debtor", {"offer"}, set()),
    ("Don't ever call this number again.", "debtor", set(), {"hide"}),
    ("二期款项我司财务已于今日上午支付，银行回单见附件（流水号2026112300817）", "debtor", {"pay"}, set()),
    ("一半不行，刘老板。剩下那两万多“等下来再说”没个准数，我没法跟公司交代。", "collector", {"refuse_offer"}, {"concede"}),
])
def test_readings_found_on_the_last_transcripts(text, speaker, expected, absent):
    got = moves(text, speaker)
    assert expected <= got and not (absent & got)


def test_a_reference_number_is_no_sum_and_an_ordinal_after_by_is_a_day():
    u = understand("二期款项已于今日上午支付（流水号2026112300817，金额128,000.00元）", "debtor", TODAY)
    assert u.amount == 128_000
    u = understand("Fine. Fine. 10,000 now, rest by 31st.", "debtor", TODAY)
    assert [(i.amount, i.date) for i in u.instalments] == [(10_000, TODAY), (None, dt.date(2026, 12, 31))]


@pytest.mark.parametrize("text, speaker, has, has_not, amount, date", [
    # a payment reported, with its day just past and its wire reference
    ("Oh shoot, yeah. That actually went out Friday, the full 12,400. Let me pull up the wire ref.", "debtor",
     {"pay"}, {"commit", "offer"}, 12400, "2026-11-20"),
    ("Yep. Diane's doing the wire right now actually. OK, it's out, confirmation number ends 4471.", "debtor",
     {"pay"}, set(), None, "2026-11-23"),
    ("I can do 3 lakh by 15th December.", "debtor", {"offer"}, set(), 300000, "2026-12-15"),
    ("Realistically we're looking at sometime in the new year, probably February.", "debtor", {"offer"}, set(), None, None),
    # rough sums are read, and give way to the exact sum at stake
    ("差不多……一百多万吧", "debtor", set(), set(), 1000000, None),
    ("你們上個月不是才拿到一筆政府補助嗎?兩百多萬,結我們這筆八萬應該沒問題吧", "collector", set(), set(), 80000, None),
    # a month's number after a sum: 一万二, then 十二月五号
    ("剩下的一万二十二月五号前肯定打完", "debtor", set(), set(), 12000, "2026-12-05"),
    ("今天匯二十萬。剩下二十二萬十二月七號,我簽。", "debtor", {"commit"}, set(), 200000, "2026-11-23"),
    # boxes are no money; a customer settling with me is not my offer; money moved between my accounts is not paid
    ("鳳梨酥那款剩三千多盒吧。而且通路那邊也還沒跟我結帳,全聯要月底才撥款。", "debtor", set(), {"offer"}, None, "any"),
    ("唉,好啦,我叫她從另一個戶頭調五萬過來,今天匯二十萬。", "debtor", set(), set(), 200000, "2026-11-23"),
    ("Our spring 2027 catalogue just came out, attaching it here.", "collector", set(), set(), None, None),
])
def test_readings_found_on_the_l_transcripts(text, speaker, has, has_not, amount, date):
    u = understand(text, speaker, TODAY)
    assert has <= set(u.labels) and not has_not & set(u.labels)
    assert u.amount == amount
    if date != "any":
        assert (u.date.isoformat() if u.date else None) == date


@pytest.mark.parametrize("text, speaker, has, has_not, amount, date", [
    # last week's Friday is past, not this week's
    ("哎呀,上周五银行系统升级,钱转不出去,我也没办法。", "debtor", set(), set(), None, "2026-11-20"),
    # loose promises are offers
    ("We go back years you and me. I'll sort you out after Christmas, promise.", "debtor", {"offer"}, set(), None, None),
    ("就是嘛。你放心,过几天手头松一点我就给你转过去", "debtor", {"offer"}, set(), None, None),
    ("公司资金安排较紧,这笔款项计划在明年一季度支付。", "debtor", {"offer"}, set(), None, None),
    ("我知道……这样吧,我这边最多能先申请一万,你看行不行。", "debtor", {"offer"}, set(), 10000, None),
    ("Alright, alright. Five hundred. And five hundred a month after that.", "debtor", {"offer"}, set(), 500, None),
    # paying as a topic, a platform's settlement, someone else's word, a phone call: no offer
    ("哦,周总不在,今天去外地看新店了。付款的事都是他定,我就是个出纳。", "debtor", set(), {"offer"}, None, "any"),
    ("你管得着吗?天猫的结算要月底,你查户口啊你?烦死了。", "debtor", set(), {"offer"}, None, "any"),
    ("佢話禮拜四先返……你等陣,我幫你three-way打俾佢。", "debtor", set(), {"offer"}, None, "any"),
    # paid, and not paid until someone else pays
    ("Three grand now. Jesus... Fine. There. Three thousand, that's the confirmation on my phone.", "debtor",
     {"pay"}, set(), 3000, None),
    ("Hi Lily, I've released the full CAD 7,480 by EFT this morning, reference 88412-VF.", "debtor",
     {"pay"}, {"offer"}, 7480, "any"),
    ("你不说话我也就这么多。转了啊。", "debtor", {"pay"}, set(), None, None),
    ("咁就好。餘數等業主找咗數先俾你啦,大家咁熟,唔會走數嘅。", "debtor", set(), {"pay"}, None, None),
    ("唉……你们这些年轻人,比我们那时候厉害多了。", "debtor", set(), {"abuse"}, None, None),
    # a dated sum put as a question asks for a yes; a sum received is set aside
    ("Yep, I can see it, 3,000 from Steve's Corner Cafe. Thanks. And the 3,240 on the 7th?", "collector",
     {"request_commitment"}, set(), 3240, "2026-12-07"),
    ("剩下的三千二,七号?", "collector", {"request_commitment"}, set(), 3200, "2026-12-07"),
    # their part is fine too; that will do too; a concession kept as agreed is none
    ("好呀,一半都好嘅,即係64,000。", "collector", {"accept_offer"}, set(), 64000, None),
    ("嗯……咁都得嘅,不過陳生唔好拖太耐呀。", "collector", {"concede"}, set(), None, None),
    ("一万也行，但得今天下班前转过来，剩下的13450最晚12月15号", "collector", set(), {"accept_offer"}, 10000, "any"),
    ("到了,十二万六千,已经收到了。违约金按说好的给您免了。今天就不多打扰了,您忙。", "collector",
     set(), {"concede", "demand_payment"}, 126000, "any"),
])
def test_readings_found_on_the_m_and_p_transcripts(text, speaker, has, has_not, amount, date):
    u = understand(text, speaker, TODAY)
    assert has <= set(u.labels) and not has_not & set(u.labels), u.labels
    assert u.amount == amount
    if date != "any":
        assert (u.date.isoformat() if u.date else None) == date


@pytest.mark.parametrize("text, speaker, has, has_not", [
    # "OK" that only opens a question accepts nothing
    ("Ok. Could you please pass her my message, or give me her email?", "collector", set(), {"accept_offer"}),
    ("Ok, which step is it stuck at? Has it been entered in the system yet?", "collector", {"probe"}, {"accept_offer"}),
    ("Ok, Thursday. Can you WhatsApp me the bank slip as soon as it's done?", "collector", {"accept_offer"}, set()),
    # a yes with its condition named (可以,条件是…) is a conditional concession
    ("十二月五號可以,條件係十五萬今日開好公司期票,我下午派同事過嚟收。", "collector", {"conditional_concession"}, set()),
    # what happened last Friday is an excuse, not an offer
    ("哎呀,上周五银行系统升级,钱转不出去,我也没办法。", "debtor", set(), {"offer"}),
    # "转好了" opening a clause has paid, after a pause too; asked or waited for, it has not
    ("……转好了,你看看。", "debtor", {"pay"}, set()),
    ("钱转好了没?", "debtor", set(), {"pay"}),
])
def test_readings_found_in_the_seventh_session(text, speaker, has, has_not):
    labels = set(understand(text, speaker, TODAY).labels)
    assert has <= labels and not has_not & labels, labels


@pytest.mark.parametrize("text, speaker, amount", [
    # a share of the one sum named is the sum at stake, before or after it
    ("I'm not after the lot today. Give me half the 9,800 by Wednesday and we'll talk about the rest.", "collector", 4900),
    ("One third of the 105k by Thursday, one third by the 15th, and the last third by 31 Dec. Doable?", "collector", 35000),
    ("總數七萬二,我建議今個禮拜五俾一半,下個月尾俾晒", "collector", 36000),
    ("今天先付一半,月底再付一半,总共两万八,你看行不行", "debtor", 14000),
    ("總共四十萬，這禮拜五前先付30%，剩下七成十二月十號前付清", "collector", 120000),
    # ...but not when the sum is the share itself, or the share was someone's earlier word
    ("on condition 50% RM19,250 is released by wed n u sign a director's guarantee for the rest", "collector", 19250),
    ("這樣吧:今天先匯三成,也就是五萬四,十二月十五號再匯三成,剩下的年底前結清", "collector", 54000),
    ("貴公司8、9月的貨款共64萬,上次您說11/20會先匯一半,到今天都還沒看到款項", "collector", 640000),
])
def test_a_share_of_the_sum_named(text, speaker, amount):
    assert understand(text, speaker, TODAY).amount == amount


@pytest.mark.parametrize("text, speaker, date", [
    ("先俾一半啦,其餘嗰啲下個月尾", "debtor", "2026-12-31"),  # next month's end, in Cantonese
    ("I owe it, I'm not a crook. But give me some room. Before Chinese New Year, guaranteed.", "debtor", "2027-02-05"),
    ("Give us two more weeks, please. We've had a really bad month.", "debtor", "2026-12-07"),
    ("One more week and it's yours.", "debtor", "2026-11-30"),
    ("Just need a few more weeks.", "debtor", None),  # a few is no number
    ("fine. 27th. all of it. happy now?", "debtor", "2026-11-27"),
    ("Hmm, ok, I'll take your word on it. 15th then.", "collector", "2026-12-15"),
    # 当天 is "that same day", not today
    ("我們工地業主的款十二月三號會撥，撥下來當天我就轉十萬給你，這個我保證。", "debtor", "2026-12-03"),
    ("钱到账当天就给你发货,你那三百套急单不耽误", "collector", None),
])
def test_dates_found_in_the_training_part(text, speaker, date):
    u = understand(text, speaker, TODAY)
    assert (u.date.isoformat() if u.date else None) == date


@pytest.mark.parametrize("text, amount", [
    # a sum paid before or taken off sets it aside: the rest is at stake
    ("我查過了,合計三十八萬七千,扣掉上次付的五萬,還欠三十三萬七千", 337000),
    ("扣掉你上礼拜打的两万 还剩四万七没结 你说的那个方案原则上没问题", 47000),
    ("The 2 lakh you paid on Sept 30 is noted, so the remaining is 5.6 lakh. When can you clear it?", 560000),
    # ...but a sum still to pay stays ("要付的")
    ("这个月要付的两万,你先安排一下", 20000),
    # the second number of a list of invoices is one too; naira and rand with a unit are money
    ("Could you check if the 7,800 you sent was for invoice 3301 or 3302?", 7800),
    ("Alright. N1.5m today by transfer, balance on the 15th. I agree.", 1500000),
    ("So that's settled then: R150k Friday, R150k next Friday.", 150000),
    # copies, sheets and cards counted are no sum; the principal (本金) and 本周 are not a count
    ("到了，五万八，收到了。重印的两百本我下周三前给您送过来。", 58000),
    ("你好,我是快印坊的阿杰。上周五给你们印的200份喜帖加席位卡,一共800块,还没付哦", 800),
    ("这批货的差价我们可以补给你，条件是那二十四万本周内结清。", 240000),
])
def test_sums_set_aside_and_references(text, amount):
    assert understand(text, "collector", TODAY).amount == amount


def test_a_discount_given_is_a_concession_and_tied_to_a_payment_it_is_conditional():
    assert "concede" in understand("Alright look. I'll take five percent off for the cracked half pallet.", "collector", TODAY).labels
    u = understand("USD 15,000 by Friday 27 November, interest waived and the container released when the 15,000 arrives.",
                   "collector", TODAY)
    assert "conditional_concession" in u.labels and "concede" not in u.labels
    # What happens if they do not pay is pressure, not a concession
    u = understand("Mr Iyer, if we can't agree today I have to put the account on credit hold and pass the file "
                   "to our advocate for a legal notice.", "collector", TODAY)
    assert "lawful_pressure" in u.labels and "conditional_concession" not in u.labels


@pytest.mark.parametrize("text, speaker, has, has_not", [
    # saying it is no scare, then naming a lawful step, threatens nothing
    ("不是吓唬您。转到法务,第一步就是发律师函,合同第九条写了逾期每天万分之五的违约金。", "collector", {"lawful_pressure"}, {"threaten"}),
    # a far time and the whole sum; a vow for a day; orders next year are no payment
    ("咁啦,明年三月,一次過俾晒你。", "debtor", {"offer"}, set()),
    ("好啦好啦,明天一定,明天一定", "debtor", {"offer"}, set()),
    ("你看我一年在你们那儿拿多少货,这回的货款给我放到年后,明年订单我翻一番给你", "debtor", set(), {"offer"}),
    # what their own customers are said to pay is no offer
    ("你问这么细干嘛……洛杉矶一个做家具零售的,十几万吧,说是这个月底到。", "debtor", set(), {"offer"}),
    ("主要係一個地產商嘅開幕活動,百幾萬,佢哋話十二月中會俾一半。", "debtor", set(), {"offer"}),
])
def test_readings_found_on_the_k_transcripts(text, speaker, has, has_not):
    labels = set(understand(text, speaker, TODAY).labels)
    assert has <= labels and not has_not & labels


def test_traditional_account_words_read_as_the_simplified_ones():
    # OpenCC writes 帳 as 帐; the lexicons write 账
    from simulator.understanding.normalize import to_simplified

    assert to_simplified("對帳單上寫得很清楚,帳上還欠")[0] == "对账单上写得很清楚,账上还欠"


@pytest.mark.parametrize("text, speaker, date", [
    # a passive after a modal or a deadline word is ahead, not just past
    ("I need the full $14,860 paid by Friday. Not part of it. All of it.", "collector", "2026-11-27"),
    ("Confirm by reply email that $2,350 will be paid on 2 December.", "collector", "2026-12-02"),
    # ...while a payment made on a day of the month is this month's (or last month's) day
    ("Payment was sent on the 20th. Check again.", "debtor", "2026-11-20"),
    ("We paid by cheque on the 10th. If your people didn't cash it, that's not my problem.", "debtor", "2026-11-10"),
    ("I sent it on Saturday", "debtor", "2026-11-21"),
    # the first part of a plan due today is the day at stake, if today is said and the part priced
    ("How about 3 installments - 15k today, 15k on Dec 15, and the rest by end of Dec?", "collector", "2026-11-23"),
    ("这样吧，今天一万，下周一一万，月底之前把剩下的八千结了。", "collector", "2026-11-23"),
    ("谢谢你啊张总,今天麻烦你了,那就明天上午十点前两万,钱到了我给你发个收据", "collector", "2026-11-24"),
    ("截至今天贵司累计欠款三十八万七千四百二十元,请尽快安排支付", "collector", None),
    # a day turned down among others gives way
    ("月底?太遲啦。我哋下個月一號要交舖租,最遲禮拜四", "collector", "2026-11-26"),
    ("Wednesday? Nah. Today. The truck's not getting loaded till it's settled.", "collector", "2026-11-23"),
    ("You know what, forget the end of the month, have it to the 15th.", "collector", "2026-12-15"),
    # the creditor's own dates given as the reason
    ("Hi Sarah, following up on INV-20391 for $18,500. Our payroll runs on Wednesday, I really need this by tomorrow.", "collector", "2026-11-24"),
    ("我們下禮拜一要付上游的原料款,所以這筆一定要在禮拜五之前進來", "collector", "2026-11-27"),
    # more time in days or weeks, in other words; a month stays vague; a penalty a day is no day
    ("行，那就再宽你一个礼拜", "collector", "2026-11-30"),
    ("俾多兩個禮拜我啦，唔該晒", "debtor", "2026-12-07"),
    ("It was the port strike, now it's the customs refund. Two weeks, tops.", "debtor", "2026-12-07"),
    ("You know what, I'll give you another fortnight. Don't worry about it.", "collector", "2026-12-07"),
    ("哥,你就当帮帮我,这一万块缓两个月,我记你一辈子", "debtor", None),
    ("你拖一天，违约记录就多一天，以后你去投标，人家查涉诉信息一查一个准", "collector", None),
    ("不行,下一車不可能再六十天。貨到付款,貨就是你的。", "collector", None),
    ("Sir kindly give 15 more days, we will surely clear full amount.", "debtor", "2026-12-08"),
    ("Two weeks from today, I'll have the 16k. Not before.", "debtor", "2026-12-07"),
    # holidays and the first lunar month
    ("年前肯定不行,过完年初八开工,初八我第一个给你打款", "debtor", "2027-02-13"),
    ("王哥,先缓缓,过了年一定给,正月十五之前", "debtor", "2027-02-20"),
    ("您闺女在二中读初三是吧,学习挺紧的", "collector", None),
    ("行,我认,十二万八是没错。但你得给我时间,元旦前吧", "debtor", "2026-12-31"),
    ("一萬出頭吧,週末前我先匯給你,詳細數字我再跟會計確認。", "debtor", "2026-11-27"),
    ("By Thanksgiving you'll have the 11,300, I mean it.", "debtor", "2026-11-26"),
    ("We could pay half by Christmas if that helps.", "debtor", "2026-12-25"),
    ("Give us until Chinese New Year, that's all I'm asking.", "debtor", "2027-02-05"),
    ("nope. we cant wait till chinese new year, our year end audit is dec 31 and this receivable has to be cleared by then", "collector", "2026-12-31"),
    # a bare weekday said on that very day is next week's, unless today is named by it
    ("禮拜一早上我會親自拿現金過去,八萬,一毛都不會少", "debtor", "2026-11-30"),
    ("阿強 你上次話禮拜一俾 今日禮拜一喇喎 幾點過數?", "collector", "2026-11-23"),
    # today refused, or only the day a note is written
    ("好的好的,我刚问了财务,今天打不了,明天中午前一定到账,两万六", "debtor", "2026-11-24"),
    ("我现在就给你写个承诺书:本人承诺于2026年12月18日前支付货款人民币叁万伍仟元整", "debtor", "2026-12-18"),
    # days of the month in words
    ("Ten thousand on the fifteenth of next month, plus whatever I can collect before that.", "debtor", "2026-12-15"),
    ("Fifteenth... aiya. Okay. Fifteenth.", "debtor", "2026-12-15"),
    ("Fourth January is when we reopen, I'll sort everything then.", "debtor", "2027-01-04"),
    ("Month end? too late. Our own suppliers are chasing us too, so 8 grand by Wednesday, first.", "collector", "2026-11-25"),
    ("The cheque is ready, just waiting for the second signatory, he's always travelling.", "debtor", None),
    # the middle of a month is its 15th
    ("咱们两家厂离得近,这两万四的加工费我也不好意思天天催,您就月中给我吧", "collector", "2026-12-15"),
    ("honestly mate don't stress, get back on your feet first. mid-January's fine, call it the 15th", "collector", "2027-01-15"),
])
def test_dates_found_in_the_eighth_session(text, speaker, date):
    u = understand(text, speaker, TODAY)
    assert (u.date.isoformat() if u.date else None) == date


@pytest.mark.parametrize("text, has, has_not", [
    # asking for more time with no sum offers nothing
    ("俾多兩個禮拜我啦，唔該晒", "ask_concession", "offer"),
    ("We'll need 90 days on this one. Business just isn't there right now.", "ask_concession", "offer"),
    # a payment released on a day just past is a payment, not an offer
    ("Hi Carlo! Oh, didn't accounting send you the deposit slip? We released that last Friday, bank transfer "
     "BDO to your BPI, reference 7741-2093. Wait, I'll forward the slip to you.", "pay", "offer"),
])
def test_debtor_readings_found_in_the_eighth_session(text, has, has_not):
    u = understand(text, "debtor", TODAY)
    assert has in u.labels and has_not not in u.labels


def test_a_decider_being_in_dates_no_part_of_a_plan():
    # "when he's in on the first" says when Mr Doyle is in, not when the rest is paid
    u = understand("Okay. I can do two thousand on the card right now, and I'll get Mr. Doyle to sort the rest "
                   "when he's in on the first.", "debtor", TODAY)
    assert all(i.date is None or i.date == TODAY for i in u.instalments)


def test_someone_elses_share_is_no_offer():
    u = understand("主要係一個地產商嘅開幕活動,百幾萬,佢哋話十二月中會俾一半。", "debtor", TODAY)
    assert "offer" not in u.labels


@pytest.mark.parametrize("text, has, date", [
    # a dated plan confirmed in a word commits
    ("Yep, 15th of Jan. Confirmed.", "commit", "2027-01-15"),
    # a tentative sum by a day offers it, question or not
    ("Honestly things are tight, we've got two big jobs where the customers haven't paid us yet. Maybe ten grand by the "
     "end of next week?", "offer", "2026-12-04"),
    # "Friday week" is a week on from the coming Friday
    ("Two percent? Christ. Right. Kylie's ten goes out Friday week, that's the 4th, and I'll pay the remaining "
     "thirty-two eight on the 18th of December. Full stop.", "commit", "2026-12-04"),
])
def test_debtor_terms_found_on_the_r_and_s_transcripts(text, has, date):
    u = understand(text, "debtor", TODAY)
    assert has in u.labels and (u.date.isoformat() if u.date else None) == date


@pytest.mark.parametrize("text, speaker, amount", [
    # sums said aloud: thousands and hundreds
    ("thirty-two five by the end of next month and we'll call it square, forget the interest", "collector", 32500),
    ("Look, I can keep the lads on the job if the fourteen-five is in by Friday.", "collector", 14500),
    ("You still owe eight thousand six on the sofa set. When are you paying?", "collector", 8600),
    ("Twelve thou by Friday, that's where I need to be.", "collector", 12000),
    ("Two point four million by the end of January. That's what our funding round allows.", "debtor", 2_400_000),
    ("I'm calling about the one point eight six million for the rebar we delivered in May.", "collector", 1_860_000),
    # rand written with its R
    ("Ok, noted, R60,000 on Wednesday and the balance by month-end.", "collector", 60000),
    # a share worked out from the sum it names
    ("Can you at least transfer half today? Half of 18k is 9k, that's still ok for you right?", "collector", 9000),
])
def test_sums_in_spoken_english_and_rand(text, speaker, amount):
    assert understand(text, speaker, TODAY).amount == amount


@pytest.mark.parametrize("text", ["We ordered twenty-two five-litre cans.", "thirty-two five cartons are still in the warehouse",
                                  "R2 and R&D cost 300 hours"])
def test_numbers_that_look_like_spoken_sums_but_are_not(text):
    assert understand(text, "collector", TODAY).amount is None


@pytest.mark.parametrize("text, speaker, amount", [
    # a sum questioned, then a counter: the counter is at stake
    ("一千五?这也太少了吧,两万,大后天之前,少了我回去没法跟老板交代", "collector", 20000),
    ("十二万?不可能一次给,我们账上最多能挪出两万,而且得等到12月12号", "debtor", 20000),
    # ...but not the total it is measured against, nor what one sees arrived
    ("Fifteen thousand? Fifteen thousand won't even cover the interest on the 120k you owe.", "collector", 15000),
    ("Twenty thousand? For a 64k balance that's less than a third. No.", "collector", 20000),
    ("入咗一半?即係一萬?我呢邊淨係見到七千,你可唔可以send張入數紙嚟", "collector", 10000),
    # a sum turned down or only offered by the other side, then the sum wanted
    ("您说的月底先付五万,我们领导没同意,最少得八万", "collector", 80000),
    ("I'm sorry ma'am, we can't accept 500 per month po. Minimum for your account is 3,000 per month.", "collector", 3000),
    ("Look, 500 a week isn't gonna cut it, I need something more like three grand a week till it's gone.", "collector", 3000),
    ("Since you're offering $800 a week, bump it to $1,500 and we've got a deal.", "collector", 1500),
    ("一萬五真係少咗啲,加到兩萬,今日過,我即刻send單。", "collector", 20000),
    # a year is no sum
    ("No, I can't take 500 a month. At that rate we'd be into 2029.", "collector", 500),
])
def test_a_sum_turned_down_gives_way_to_the_counter(text, speaker, amount):
    assert understand(text, speaker, TODAY).amount == amount


@pytest.mark.parametrize("text, speaker, amount", [
    # a share of the one sum named, asked for later in the line
    ("Balance is N3.6 million. I need at least half this week.", "collector", 1_800_000),
    ("这批耗材十一万二是借了钱进的货,下周一之前至少先回一半", "collector", 56000),
    ("现在轮到我难了,这十二万你总得先给我一半吧", "collector", 60000),
    # ...not one refused
    ("End of month can, but must pay the full RM 23,450 ah, cannot pay half first then another half January.",
     "collector", 23450),
    # Cantonese slang for sums
    ("三皮嘢啫,你今日轉咗佢啦,唔好搞到大家咁難睇", "collector", 30000),
    ("仲差五舊水尾數,你今日俾埋佢啦", "collector", 500),
    ("支票寄咗出去啦，兩皮，應該聽日到", "debtor", 20000),
])
def test_shares_asked_later_and_cantonese_sums(text, speaker, amount):
    assert understand(text, speaker, TODAY).amount == amount


@pytest.mark.parametrize("text, amount", [
    # a total that is the sum of the sums before it, called a total
    ("Inv 0412, 0417, 0433. $4,100 + $6,250 + $2,880 = $13,230 total.", 13230),
    ("我再报一遍哈 货款26400加打样费1800 一共两万八千二 一分不能少 今天打到我们对公账户", 28200),
    # ...not when a part of it is asked for after
    ("上个月还欠着的四万一,加上这个月新发的一万三,总共五万四,这周五之前先把上个月那四万一结了", 41000),
    # a rough sum gives way to the exact one; 1w2 is 12,000
    ("账面上是五十个w出头，具体是五十万零四千三，我把明细表发你微信了。", 504300),
    ("1w2,就今天,别再跟我说明天了", 12000),
    # paid before, what is short is at stake
    ("合同是二十万,你们付过六万了,剩下十四万没结", 140000),
    ("收据上写的是贰万叁仟肆佰元整,你们付的是两万三,差的那四百是手续费,也得补上", 400),
    ("the two containers total USD 84,900, deposit received 25,470, so balance is USD 59,430.", 59430),
    # tenths after the unit
    ("少一分都不行,就是五万三千二百一十八块五,合同上写的就是这个数", 53218.5),
    ("想跟進下發票88210嗰二千三百四十五蚊六毫。", 2345.6),
    ("八萬塊一定匯進去", 80000),
])
def test_totals_rests_and_tenths(text, amount):
    assert understand(text, "collector", TODAY).amount == amount


@pytest.mark.parametrize("text, speaker, amount", [
    # a sum in thousands sets the scale of a bare figure paid beside it in the same line
    ("2k against a 60k invoice is nothing. Send the 30 by Friday and we talk about the rest.", "collector", 30000),
    ("You asked for 50 grand? I can pay 20 and that's it for this month.", "debtor", 20000),
    # ...but a bare figure is no sum without a sum in thousands beside it, or when it is a count
    ("Send the 30 by Friday.", "collector", None),
    ("The 60k invoice covers 30 pallets.", "collector", 60000),
    # a total stated first is no part of the plan after it, and a paying word before the next
    # sum is that sum's
    ("好,先对一下:总数十六万,你今天付四万,十二月二十号付十二万,对吧?", "collector", 40000),
    ("两万五今天转,四万九月底前,我接受", "collector", 25000),
])
def test_bare_figures_scaled_in_line_and_totals_before_a_plan(text, speaker, amount):
    assert understand(text, speaker, TODAY).amount == amount


@pytest.mark.parametrize("text, speaker, amount", [
    # rupiah and dong in their own words, thousands grouped with dots, Spanish and Portuguese "mil"
    ("Pak Hendra, the Rp 420 juta for the September shipment, when can it go out?", "collector", 420_000_000),
    ("ok so still open 1.8 tỷ, you agree?", "collector", 1_800_000_000),
    ("Rp 1,5 miliar is the total on our side", "collector", 1_500_000_000),
    ("If the R$ 62.000 is not in by Friday we stop the next load.", "collector", 62_000),
    ("Invoice 4471, EUR 12.480,50, is sixty days late.", "collector", 12_480.5),
    ("VND 780.000.000 remains open on our ledger.", "collector", 780_000_000),
    ("MXN 240 mil por favor, antes del viernes.", "collector", 240_000),
    ("I will send 30 juta next Monday to start.", "debtor", 30_000_000),
    # a total split into instalments gives way to the first part
    ("We will pay the 1.2 tỷ in three instalments: 400 million on 5 December, 400 on 5 January, the rest in February.",
     "debtor", 400_000_000),
    # ...and a dot with three digits after it in an English line stays a decimal point
    ("1.250 dollars", "collector", 1.25),
])
def test_sums_in_rupiah_dong_and_dotted_thousands(text, speaker, amount):
    assert understand(text, speaker, TODAY).amount == amount


@pytest.mark.parametrize("text", [
    "I need the full 23,400 paid by next Wednesday. All of it, not a part.",
    "这个月底前必须全部付清,八万六,不能再拖了",
])
def test_the_whole_sum_demanded_is_no_counter_offer(text):
    labels = understand(text, "collector", TODAY).labels
    assert "demand_payment" in labels and "counter_offer" not in labels


def test_part_of_the_sum_proposed_is_still_a_counter_offer():
    assert "counter_offer" in understand("Send 8,000 by Friday and the rest by the 20th.", "collector", TODAY).labels


@pytest.mark.parametrize("text, speaker, amount", [
    ("三万六我认,但要分六个月给,每月六千", "debtor", 6000),          # months as parts, each named
    ("我先转两万,剩下四万分四个月,每月一万,行吗?", "debtor", 20000),  # ...of the rest: the first part is at stake
    ("这三万二我们顶多认一半,多一分都不行", "debtor", 16000),          # a share acknowledged
    ("Take off the 1,500 for the late delivery and I'll pay the 36,500 on Friday.", "debtor", 36500),
])
def test_months_as_parts_shares_acknowledged_and_sums_taken_off(text, speaker, amount):
    assert understand(text, speaker, TODAY).amount == amount


@pytest.mark.parametrize("text, speaker, amount", [
    # a rough sum between two is read as the lower one: what can be counted on
    ("七八千也行,今天能到就行,剩下的下礼拜", "collector", 7000),
    ("车款一到就打给你,大概七八万", "debtor", 70000),
    ("你先付个两三万,让我回去有个交代", "collector", 20000),
    ("三四十万的货,你说压就压?", "collector", 300000),
    ("十二三万吧,多了真没有", "debtor", 120000),
    ("三万四五千,月底前", "debtor", 34000),
    ("一两千块我身上还有", "debtor", 1000),
    # ...but a weekday's digit before a sum is the day: Friday, 60,000
    ("周五六万给你", "debtor", 60000),
    ("礼拜四五千可以", "debtor", 5000),
])
def test_rough_sums_between_two(text, speaker, amount):
    assert understand(text, speaker, TODAY).amount == amount


def test_not_a_cent_is_no_sum():
    assert understand("你哋啲貨爛成咁,我一蚊都唔會俾,仲要你哋賠", "debtor", TODAY).amount is None


@pytest.mark.parametrize("text, speaker, date", [
    # 后日 / 大后日: Cantonese for the day after tomorrow and the one after
    ("後日先俾一萬二你,其餘月尾先再算,唔好再打俾我老婆啦。", "debtor", "2026-11-25"),
    ("大後日,即係禮拜四,我先過一萬五俾你。", "debtor", "2026-11-26"),
    # "by Friday it will be settled" is ahead, not a Friday just past
    ("你给我打个九折，我周五之前就全结了", "debtor", "2026-11-27"),
    # among other days, one promised before, one that failed or one that recurs is not at stake
    ("上次話十號俾,之後話二十號,今次真係月尾,你信我最後一次", "debtor", "2026-11-30"),
    ("Yes I said Friday last time. But the customer didn't pay me. Next Friday, definitely.", "debtor", "2026-12-04"),
    ("Friday didn't work because the bank was closed for the holiday. Monday is sure, I promise.", "debtor", "2026-11-30"),
    ("我们有规定的,每个月25号统一付款,这个月的已经过了,你等下个月25号吧", "debtor", "2026-12-25"),
    ("Can we push the 15th to the 22nd? Our customer moved their payment date.", "debtor", "2026-12-22"),
    # ...but said alone it still is
    ("两万三,当时说好年前付清的,不能再往后推了", "collector", "2027-02-05"),
    ("You again. Look, I said end of the month and I meant it.", "debtor", "2026-11-30"),
])
def test_days_promised_before_failed_or_recurring(text, speaker, date):
    u = understand(text, speaker, TODAY)
    assert (u.date.isoformat() if u.date else None) == date


@pytest.mark.parametrize("text, expected, absent", [
    # bare terms with nothing else read propose them
    ("妳是他太太,這筆錢妳也有責任。妳這個星期先幫他還五萬。", {"counter_offer"}, set()),
    # beside another reading, terms with a sum demand, insult or accept (train/: 20 right of 175)
    ("Transfer the thirty thousand before 5pm today. The bank details are on the invoice.", {"demand_payment"}, {"counter_offer"}),
    ("At least I pay my bills, you cheapskate loser. Eight hundred bucks and you cry like a baby.", {"insult"}, {"counter_offer"}),
])
def test_terms_with_a_paying_verb_counter_only_when_nothing_else_is_read(text, expected, absent):
    got = moves(text)
    assert expected <= got and not absent & got


@pytest.mark.parametrize("text, move", [
    ("如果这个月真的不方便,那就下个月再说好了", "concede"),
    ("你要是实在困难,那就等明年春节前吧", "concede"),
    ("只要今天把协议签了,违约金可以不算", "conditional_concession"),
])
def test_an_if_about_their_straits_gives_freely(text, move):
    got = moves(text)
    assert move in got and not {"concede", "conditional_concession"} - {move} & got


@pytest.mark.parametrize("text, accepts", [
    ("求求您了,就先给我打一点,哪怕五千也行", False),
    ("好呀,一半都好嘅,即係64,000。", True),
])
def test_even_five_thousand_will_do_pleads_rather_than_accepts(text, accepts):
    assert ("accept_offer" in moves(text)) is accepts


@pytest.mark.parametrize("text, speaker, date", [
    ("我哋簽份還款協議,十二月廿號前還清餘數六萬八", "debtor", "2026-12-20"),   # 廿 is twenty
    ("廿五号前付", "debtor", "2026-11-25"), ("卅号付", "debtor", "2026-11-30"),
    ("不过,元月五号之前那两万我肯定给你打过去", "debtor", "2027-01-05"),   # 元月 is January
    ("五千元月底前付", "debtor", "2026-11-30"),                               # ...but not the 元 of a sum
    ("中嘞中嘞,明个儿就给你打过去,两千", "debtor", "2026-11-24"),
    ("下个月十号发工资以后，我先给你五千", "debtor", "2026-12-10"),          # payday is when they pay
    ("我们月底发工资,实在没钱", "debtor", None),                              # ...not when it is a reason
    ("我现在写给你：本人承诺于2026年12月20日前归还货款", "debtor", "2026-12-20"),  # writing now is no paying now
    ("好 我现在就跟你说死 本周五 三万 下午四点前到账", "debtor", "2026-11-27"),  # that Friday's afternoon
    ("明天上午老板签字，下午就付，三万二", "debtor", "2026-11-24"),
    ("周五不行。下午我先转五千", "debtor", "2026-11-23"),                     # a new sentence: today
    ("I'll send the 42k in the morning, you have my word.", "debtor", "2026-11-24"),  # a promise for the morning
    ("Bank holiday in HK today, it'll go out Tuesday.", "debtor", "2026-11-24"),      # today is the reason
    ("Online banking's down for maintenance today, nothing I can do. Maybe Thursday.", "debtor", "2026-11-26"),
    ("if you put down 25% today I can get the rest approved", "debtor", "2026-11-23"),
])
def test_written_and_dialect_days_and_the_day_a_time_belongs_to(text, speaker, date):
    d = understand(text, speaker, TODAY).date
    assert (d.isoformat() if d else None) == date


@pytest.mark.parametrize("text, amount", [
    ("壹拾貳萬參仟伍佰元整,這是貴公司簽收的金額", 123_500),  # the banker's 參 is a three
    ("嗰廿五萬我哋可以畀你分期,但要你個老友簽擔保", 250_000),
    ("我参加了会,五千今天给", 5_000),
])
def test_bankers_three_and_twenty(text, amount):
    assert understand(text, "collector", TODAY).amount == amount


def test_evidence_is_quoted_in_the_script_it_was_typed_in():
    u = understand("我哋簽份還款協議,十二月廿號前還清餘數六萬八", "debtor", TODAY)
    assert u.script == "hant" and [e.phrase for e in u.evidence if e.label == "commit"] == ["簽份還款協議"]
    assert all(e.phrase in u.text for e in u.evidence + u.set_aside)
    u = understand("陳老闆,上次您說這禮拜五會匯,是從哪個帳戶匯?", "collector", TODAY)
    assert any(e.phrase == "哪個帳戶匯?" for e in u.evidence)   # the rule ran on 哪个账户汇
    simplified = understand("我们签份还款协议,十二月二十号前还清", "debtor", TODAY)
    assert "签份还款协议" in [e.phrase for e in simplified.evidence]
