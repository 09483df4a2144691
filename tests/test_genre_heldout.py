"""Held-out check of cleaning and indicator extraction: eight fresh documents of the genre, scored once.

The documents below were written for this file, after the development set
(test_genre_development.py) had been used up, from the conventions of the genre
and not from the seeds or the development documents: a county 政府工作报告
excerpt with achieved figures and targets (copied from a PDF, page numbers and
all), a 乡镇 portal notice with its page furniture, a 组织部 通知 with its 发文字号
and a 成文日期 in Chinese numerals, a 新华网-style report with a dateline and an
editor credit, a 党建 experience article with numbered sections 一、（一）, a
statistical bulletin, a 微信公众号 article with its furniture, and a 乡镇党委书记
述职报告 with page numbers. Places and people are placeholders (某县, 某某镇, 郑某某).

Each was hand-annotated before anything was run on it, the same way as the
development set: the indicators a careful reader takes from the body (value,
unit, qualifier, role, subject; roles as in data/gold/README.md) and what
cleaning must drop, keep and read as metadata (title, date, source). Then the
set was scored once, with the development set's scoring (its ``score_all``:
indicators extracted from the cleaned text, helpers.quantities.gold.score_file,
multiset match on (value, unit) within a document).

Scored once on 2026-12-01 at commit dddfe87 (``pytest -s`` on this file prints the same):

=============================  ========  =========  =======  ==========  ========
document                       measures  precision  subject  thresholds  cleaning
                               found     (precise/  agree    found /     checks
                                         predicted)          labelled    passed
=============================  ========  =========  =======  ==========  ========
county_work_report             20/20     21/21      15/20    1/1, 1      5/6
township_portal_notice         4/4       8/8        4/4      4/5, 3      14/15
org_dept_notice                8/8       13/13      8/8      4/4, 3      3/7
xinhua_dateline_report         8/8       8/8        7/8      0/0         9/10
experience_article_sections    15/15     15/15      13/15    0/0         4/5
party_statistics_bulletin      22/22     26/26      17/22    4/4, 0      4/4
wechat_account_article         7/8       8/8        7/7      0/0         7/14
secretary_duty_report          17/17     19/19      16/17    2/2, 1      4/6
all eight                      101/102   118/118    87/101   15/16, 8    50/67
=============================  ========  =========  =======  ==========  ========

- recall of measures 0.990 (101/102), precision 1.000 (118/118), subject agreement
  0.861 (87/101); of 16 gold thresholds 15 found, 8 of those labelled threshold;
  cleaning checks (title, date, source, absent, present) 50 of 67 passed; the 13
  fresh non-indicator lines (furniture, document numbers, names) 13 passed.
- The one missed measure: 课程1,600余节 (节 is no unit in data/indicator_units.txt).
  The one threshold not found: 不少于2部 (部 is no unit either).
- Thresholds labelled measure or duration: 60周岁以下 in 重点是60周岁以下、能正常参加学习的
  农村党员; 不少于3天 (a minimum on a span, labelled duration); a bulletin's age bands
  30岁及以下, 35岁及以下 (read as bare 30岁 / 35岁: 及以下 is not a qualifier), 31至35岁,
  36至45岁; 超过30万元 in 其中超过30万元的村有4个.
- Subjects that do not agree (14): a growth rate or a share whose noun stands earlier
  in the sentence gets none (，增长6.2%; ，增长8.1%; 分别增长5.3%和7.6%; ，占6.0%; ，占48.8%;
  ，占76.0%; ，占42.5%; 50岁以上的占58.3%; 从2021年的86.3%提升到2023年的95.1%), nor does the
  second figure of a 分别 pair (19,650元); a comparison is taken for the subject
  (比上年增加126个 → 比, 较去年同期提高4.2个百分点 → 较同期, 比换届前提高9个百分点 → 比换届前).
- Cleaning misses: no date read from a speech's subtitle (——2024年1月8日在……会议上), from
  a 成文日期 in Chinese numerals (二〇二四年三月十二日) or from a month under a title
  (（2024年1月）); no title where the first line is a 版头 over a 发文字号
  (中共某某县委组织部文件 / 某组通〔2024〕7号, both kept in the text), where a subtitle
  (——……) follows the title, or where the title starts with a year (2023年度……述职报告);
  the source taken from the 作者 field before 来源 on the same line (镇党委办公室) and from
  a 微信公众号 dateline's account name (某县组织工作) over the labelled 来源：某县委组织部 at
  the foot; 微信公众号 furniture kept (点击蓝字 关注我们, 往期推荐 and its links, 分享 收藏 在看
  点赞, 阅读原文); the items of a 相关新闻 list kept though its heading goes.
- Since then (issue 13, clean/official.py: the 版头, the 发文字号 line and a 成文日期 in
  Chinese numerals, read by general 公文 rules, none written for this document), the
  组织部 通知's title, date and two absent checks pass: cleaning checks 54 of 67, its own 7/7.
- Not asserted, seen while reading the output: the speech's subtitle and speaker line,
  the township site's name line, and the untitled documents' title lines stay in the
  text; measure rows of targets with 不少于 / 不低于 (不少于160名, 不低于40%, 不低于45%,
  不少于24名) come out labelled threshold, which the scoring does not count (it checks
  the labels of gold thresholds only).

No rule in src/ or data/ was changed for these documents, and no annotation was
changed to match the output. The tests assert the figures as measured (a
regression fails) and mark each known miss xfail(strict=True) with its reason,
so that a fix shows up as an XPASS to be turned into a plain test. Once rules are
changed to fix these misses, this set is a development set too: write a fresh
one rather than re-scoring this one as held-out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from helpers.quantities.extract import extract_indicators
from test_genre_development import GenreDoc, assert_cleaned, cleaning_params, nfkc, summarise


@dataclass(frozen=True)
class HeldOutDoc(GenreDoc):
    missed: dict = field(default_factory=dict)  # (mention, subject) of a measure row not found -> reason
    extras: str = ""  # reason the document yields indicators nobody annotated (empty: none)
    mislabelled: str = ""  # reason a found threshold is not labelled one (empty: none)


WORK_REPORT = HeldOutDoc(
    name="county_work_report",
    raw="""政府工作报告
——2024年1月8日在某某县第十八届人民代表大会第四次会议上
某某县人民政府县长　周某某
各位代表：
　　现在，我代表县人民政府，向大会报告工作，请予审议，并请县政协委员和其他列席人员提出意见。
　　一、2023年工作回顾
　　过去一年，全县地区生产总值完成186.4亿元，增长6.2%；一般公共预算收入完成12.7亿元，增长8.1%；城乡居民人均可支配收入分别达到41,280元和19,650元，分别增长5.3%和7.6%。
　　坚持党建引领基层治理，全县126个村（社区）全部建成标准化党群服务中心，新增村级集体经济收入50万元以上的村18个，集体经济薄弱村全部清零。新建改建农村公路213公里，改造农村危房1,024户，新增城镇就业5,860人。
— 2 —
　　二、2024年主要目标和重点工作
　　今年经济社会发展的主要预期目标是：地区生产总值增长6%左右，一般公共预算收入增长5%以上，城镇调查失业率控制在5.5%以内，居民收入增长与经济增长基本同步。
　　全年计划实施重点项目120个，完成固定资产投资95亿元以上；培育省级以上专精特新企业10家；新增高标准农田3.2万亩。
— 3 —
""",
    indicators=(
        ("186.4亿元", 1.864e10, "元", "none", "measure", "地区生产总值"),
        ("6.2%", 6.2, "%", "none", "measure", "地区生产总值增长"),
        ("12.7亿元", 1.27e9, "元", "none", "measure", "一般公共预算收入"),
        ("8.1%", 8.1, "%", "none", "measure", "一般公共预算收入增长"),
        ("41,280元", 41280, "元", "none", "measure", "城镇居民人均可支配收入"),
        ("19,650元", 19650, "元", "none", "measure", "农村居民人均可支配收入"),
        ("5.3%", 5.3, "%", "none", "measure", "城镇居民人均可支配收入增长"),
        ("7.6%", 7.6, "%", "none", "measure", "农村居民人均可支配收入增长"),
        ("126个", 126, "个", "none", "measure", "村（社区）"),
        ("50万元以上", 5e5, "元", "以上", "threshold", "村级集体经济收入"),
        ("18个", 18, "个", "none", "measure", "村级集体经济收入50万元以上的村"),
        ("213公里", 213, "公里", "none", "measure", "农村公路"),
        ("1,024户", 1024, "户", "none", "measure", "农村危房"),
        ("5,860人", 5860, "人", "none", "measure", "城镇就业"),
        ("6%左右", 6, "%", "左右", "measure", "地区生产总值增长"),
        ("5%以上", 5, "%", "以上", "measure", "一般公共预算收入增长"),
        ("5.5%以内", 5.5, "%", "以下", "measure", "城镇调查失业率"),
        ("120个", 120, "个", "none", "measure", "重点项目"),
        ("95亿元以上", 9.5e9, "元", "以上", "measure", "固定资产投资"),
        ("10家", 10, "家", "none", "measure", "专精特新企业"),
        ("3.2万亩", 32000, "亩", "none", "measure", "高标准农田"),
    ),
    title="政府工作报告",
    date="2024-01-08",
    absent=("— 2 —", "— 3 —"),
    present=("全县地区生产总值完成186.4亿元", "新增高标准农田3.2万亩"),
    xfail={"date": "a speech's subtitle (——2024年1月8日在……会议上) is no dateline, and no other line dates it"},
)

TOWNSHIP_NOTICE = HeldOutDoc(
    name="township_portal_notice",
    raw="""某某镇人民政府
网站首页 | 政务公开 | 镇情概况 | 党建工作 | 便民服务 | 互动交流
您现在的位置：网站首页 >> 党建工作 >> 通知公告
关于开展2024年度农村党员冬春训工作的通知
作者：镇党委办公室　　来源：某某镇人民政府　　发布时间：2023-12-20　　点击数：357
各村党支部、镇直各党支部：
　　根据县委组织部统一部署，经镇党委研究，决定在全镇开展2024年度农村党员冬春训工作。现将有关事项通知如下：
　　一、培训对象和时间
　　全镇23个党支部的全体党员，重点是60周岁以下、能正常参加学习的农村党员和流动党员。培训时间为2023年12月下旬至2024年2月底，每名党员参训时间不少于24学时。
　　二、培训内容
　　围绕学习贯彻党的二十大精神，开展集中学习不少于4次，组织观看专题片不少于2部。各支部要结合“三会一课”，每月至少开展1次主题党日活动。
　　三、工作要求
　　镇党委将安排专项经费3.6万元，按每个支部1500元的标准拨付。全镇参训率要达到95%以上，各支部于2月28日前将培训台账报镇党委组织委员。
　　联系人：孙某　联系电话：0431-86123456
某某镇党委
2023年12月20日
【打印本页】【关闭窗口】
上一篇：某某镇召开2023年度村党组织书记述职评议会
下一篇：关于做好2024年元旦春节期间走访慰问工作的通知
Copyright © 2023 某某镇人民政府 版权所有　吉ICP备10002234号-2
地址：某某县某某镇政府街1号　邮编：132000
""",
    indicators=(
        ("23个", 23, "个", "none", "measure", "党支部"),
        ("60周岁以下", 60, "周岁", "以下", "threshold", "农村党员"),
        ("不少于24学时", 24, "学时", "以上", "threshold", "参训时间"),
        ("不少于4次", 4, "次", "以上", "threshold", "集中学习"),
        ("不少于2部", 2, "部", "以上", "threshold", "专题片"),
        ("至少开展1次", 1, "次", "以上", "threshold", "主题党日活动"),
        ("3.6万元", 36000, "元", "none", "measure", "专项经费"),
        ("1500元", 1500, "元", "none", "measure", "每个支部标准"),
        ("95%以上", 95, "%", "以上", "measure", "参训率"),
    ),
    title="关于开展2024年度农村党员冬春训工作的通知",
    date="2023-12-20",
    source="某某镇人民政府",
    absent=(
        "网站首页",
        "您现在的位置",
        "点击数",
        "打印本页",
        "上一篇",
        "下一篇",
        "Copyright",
        "版权所有",
        "ICP",
        "邮编",
    ),
    present=("全镇23个党支部的全体党员", "镇党委将安排专项经费3.6万元"),
    xfail={
        "source": "the dateline reading takes the first name-like field of 作者：镇党委办公室　来源：某某镇人民政府 "
        "(the author), not the one labelled 来源"
    },
    mislabelled="60周岁以下 in 重点是60周岁以下、能正常参加学习的农村党员 is labelled measure (subject 重点): the "
    "people it qualifies stand after a second criterion and 的",
)

ORG_DEPT_NOTICE = HeldOutDoc(
    name="org_dept_notice",
    raw="""中共某某县委组织部文件
某组通〔2024〕7号
中共某某县委组织部关于做好2024年度发展党员工作的通知
各乡镇党委，县直各党（工）委，县委各部委，县直各单位党组（党委）：
　　为深入贯彻《中国共产党发展党员工作细则》，进一步提高发展党员质量，经研究，现就做好2024年度发展党员工作通知如下。
　　一、严格控制总量。2024年全县发展党员计划为420名，其中农牧民党员不少于160名，35岁以下的比例不低于40%，具有大专及以上学历的比例不低于45%。
　　二、优化结构布局。对连续2年未发展党员的村，乡镇党委要逐村分析原因，确保每个行政村每两年至少发展1名党员。全县现有入党积极分子1,356名，发展对象512名。
　　三、强化教育培养。入党积极分子培养考察期一般为一年以上，发展对象集中培训时间不少于3天或24学时。2023年全县共发展党员398名，完成年度计划的103.4%。
　　附件：2024年度发展党员计划分配表
中共某某县委组织部
二〇二四年三月十二日
（此件发至乡镇党委）
""",
    indicators=(
        ("420名", 420, "名", "none", "measure", "发展党员计划"),
        ("不少于160名", 160, "名", "以上", "measure", "农牧民党员"),
        ("35岁以下", 35, "岁", "以下", "threshold", "发展党员"),
        ("不低于40%", 40, "%", "以上", "measure", "35岁以下的比例"),
        ("不低于45%", 45, "%", "以上", "measure", "大专及以上学历的比例"),
        ("连续2年", 2, "年", "none", "duration", ""),
        ("两年", 2, "年", "none", "duration", ""),
        ("至少发展1名", 1, "名", "以上", "threshold", "党员"),
        ("1,356名", 1356, "名", "none", "measure", "入党积极分子"),
        ("512名", 512, "名", "none", "measure", "发展对象"),
        ("一年以上", 1, "年", "以上", "duration", "培养考察期"),
        ("不少于3天", 3, "天", "以上", "threshold", "集中培训时间"),
        ("24学时", 24, "学时", "以上", "threshold", "集中培训时间"),
        ("398名", 398, "名", "none", "measure", "发展党员"),
        ("103.4%", 103.4, "%", "none", "measure", "完成年度计划"),
    ),
    title="中共某某县委组织部关于做好2024年度发展党员工作的通知",
    date="2024-03-12",
    absent=("中共某某县委组织部文件", "某组通〔2024〕7号"),
    present=("各乡镇党委，县直各党（工）委", "2024年全县发展党员计划为420名", "完成年度计划的103.4%"),
    mislabelled="不少于3天 (集中培训时间不少于3天) is labelled duration: 天 is a duration unit, and a minimum "
    "(不少于) on a span is not read as a criterion",
)

XINHUA_REPORT = HeldOutDoc(
    name="xinhua_dateline_report",
    raw="""新华网 | 首页 | 时政 | 地方 | 党建 | 视频 | 数据
某省推进“党建+网格”基层治理 2.8万名党员下沉社区
2024-05-21 10:12:07 来源：新华网 字号：大 中 小
　　新华社合肥5月21日电（记者 吴某 钱某某）记者21日从某省委组织部了解到，今年以来，某省在全省1,480个城市社区推行“党建+网格”治理模式，划分网格2.3万个，选派2.8万名机关企事业单位党员下沉社区担任网格指导员。
　　据介绍，某省整合网格员、楼栋长、志愿者等力量15.6万人，建立“网格吹哨、部门报到”机制，今年1至4月，累计收集解决群众诉求8.9万件，办结率达到96.7%，较去年同期提高4.2个百分点。
　　某省委组织部有关负责同志表示，下一步将用两年时间，实现全省城市社区网格党组织覆盖率100%。
【纠错】
责任编辑：李某某
相关新闻
· 某市：“红色网格”打通服务群众末梢
· 某县开展党员进社区志愿服务活动
""",
    indicators=(
        ("1,480个", 1480, "个", "none", "measure", "城市社区"),
        ("2.3万个", 23000, "个", "none", "measure", "网格"),
        ("2.8万名", 28000, "名", "none", "measure", "机关企事业单位党员"),
        ("15.6万人", 156000, "人", "none", "measure", "网格员、楼栋长、志愿者等力量"),
        ("8.9万件", 89000, "件", "none", "measure", "群众诉求"),
        ("96.7%", 96.7, "%", "none", "measure", "办结率"),
        ("4.2个百分点", 4.2, "百分点", "none", "measure", "办结率"),
        ("两年", 2, "年", "none", "duration", ""),
        ("100%", 100, "%", "none", "measure", "城市社区网格党组织覆盖率"),
    ),
    title="某省推进“党建+网格”基层治理 2.8万名党员下沉社区",
    date="2024-05-21",
    source="新华网",
    absent=("字号", "纠错", "责任编辑", "相关新闻", "打通服务群众末梢"),
    present=("新华社合肥5月21日电", "办结率达到96.7%"),
    xfail={
        "absent-打通服务群众末梢": "the heading 相关新闻 is dropped but the list items under it (· 某市：…) are kept"
    },
)

EXPERIENCE_ARTICLE = HeldOutDoc(
    name="experience_article_sections",
    raw="""“三化”联动激活城市社区党建“一盘棋”
——某市某区推进城市基层党建的实践与探索
　　近年来，某区坚持以党建引领城市基层治理，在全区9个街道、67个社区推行组织体系网格化、服务供给精准化、治理参与多元化，走出了一条城市基层党建新路子。
　　一、主要做法
　　（一）织密组织体系。按照“街道党工委—社区党委—网格党支部—楼栋党小组”四级架构，全区共建立网格党支部412个、楼栋党小组1,630个，实现党的组织覆盖率100%。
　　（二）精准服务供给。建立群众需求、社区资源、服务项目“三张清单”，今年以来收集群众需求3,200余条，认领服务项目1,150个，办结率98.5%。
　　（三）多元参与治理。吸纳辖区136家驻区单位加入社区“大党委”，组建党员志愿服务队208支，常态化开展志愿服务，参与党员近1.2万人次。
　　二、取得成效
　　群众满意度从2021年的86.3%提升到2023年的95.1%，全区社区“两委”成员中党员占比达到88%，比换届前提高9个百分点。
　　三、几点启示
　　（一）必须坚持党建引领。（二）必须坚持以人民为中心。（三）必须坚持系统观念。
（作者单位：中共某区委组织部）
""",
    indicators=(
        ("9个", 9, "个", "none", "measure", "街道"),
        ("67个", 67, "个", "none", "measure", "社区"),
        ("四级", 4, "级", "none", "minor", "架构"),
        ("412个", 412, "个", "none", "measure", "网格党支部"),
        ("1,630个", 1630, "个", "none", "measure", "楼栋党小组"),
        ("100%", 100, "%", "none", "measure", "党的组织覆盖率"),
        ("3,200余条", 3200, "条", "余", "measure", "群众需求"),
        ("1,150个", 1150, "个", "none", "measure", "服务项目"),
        ("98.5%", 98.5, "%", "none", "measure", "办结率"),
        ("136家", 136, "家", "none", "measure", "驻区单位"),
        ("208支", 208, "支", "none", "measure", "党员志愿服务队"),
        ("近1.2万人次", 12000, "人次", "近", "measure", "参与党员"),
        ("86.3%", 86.3, "%", "none", "measure", "群众满意度"),
        ("95.1%", 95.1, "%", "none", "measure", "群众满意度"),
        ("88%", 88, "%", "none", "measure", "党员占比"),
        ("9个百分点", 9, "百分点", "none", "measure", "党员占比"),
    ),
    title="“三化”联动激活城市社区党建“一盘棋”",
    date="",
    present=("（一）织密组织体系", "全区共建立网格党支部412个", "比换届前提高9个百分点"),
    xfail={
        "title": "a subtitle line (——某市某区推进……的实践与探索) under the title is neither a body paragraph "
        "nor an author line, so the plain-title rule gives nothing; title and subtitle stay in the text"
    },
)

STATISTICS_BULLETIN = HeldOutDoc(
    name="party_statistics_bulletin",
    raw="""中共某某市委组织部党内统计公报
（2024年6月30日）
　　根据党内统计，截至2023年12月31日，全市党员总数为18.62万名，比上年净增2,317名。全市基层党组织总数为9,845个，比上年增加126个，其中基层党委612个，总支部438个，支部8,795个。
　　党员队伍结构。女党员5.37万名，占党员总数的28.8%；少数民族党员1.12万名，占6.0%。大专及以上学历党员9.08万名，占48.8%。30岁及以下党员2.21万名，31至35岁党员1.64万名，36至45岁党员3.52万名。
　　2023年全市共发展党员4,216名，其中35岁及以下的3,205名，占76.0%；发展女党员1,790名，占42.5%。全年共有2.4万名入党申请人提交入党申请书。
""",
    indicators=(
        ("18.62万名", 186200, "名", "none", "measure", "党员总数"),
        ("2,317名", 2317, "名", "none", "measure", "党员净增"),
        ("9,845个", 9845, "个", "none", "measure", "基层党组织总数"),
        ("126个", 126, "个", "none", "measure", "基层党组织增加"),
        ("612个", 612, "个", "none", "measure", "基层党委"),
        ("438个", 438, "个", "none", "measure", "总支部"),
        ("8,795个", 8795, "个", "none", "measure", "支部"),
        ("5.37万名", 53700, "名", "none", "measure", "女党员"),
        ("28.8%", 28.8, "%", "none", "measure", "女党员占党员总数的比例"),
        ("1.12万名", 11200, "名", "none", "measure", "少数民族党员"),
        ("6.0%", 6.0, "%", "none", "measure", "少数民族党员占比"),
        ("9.08万名", 90800, "名", "none", "measure", "大专及以上学历党员"),
        ("48.8%", 48.8, "%", "none", "measure", "大专及以上学历党员占比"),
        ("30岁及以下", 30, "岁", "以下", "threshold", "党员"),
        ("2.21万名", 22100, "名", "none", "measure", "30岁及以下党员"),
        ("31至35岁", 31, "岁", "至", "threshold", "党员"),
        ("1.64万名", 16400, "名", "none", "measure", "31至35岁党员"),
        ("36至45岁", 36, "岁", "至", "threshold", "党员"),
        ("3.52万名", 35200, "名", "none", "measure", "36至45岁党员"),
        ("4,216名", 4216, "名", "none", "measure", "发展党员"),
        ("35岁及以下", 35, "岁", "以下", "threshold", "发展党员"),
        ("3,205名", 3205, "名", "none", "measure", "35岁及以下的发展党员"),
        ("76.0%", 76.0, "%", "none", "measure", "35岁及以下的占比"),
        ("1,790名", 1790, "名", "none", "measure", "发展女党员"),
        ("42.5%", 42.5, "%", "none", "measure", "发展女党员占比"),
        ("2.4万名", 24000, "名", "none", "measure", "入党申请人"),
    ),
    title="中共某某市委组织部党内统计公报",
    date="2024-06-30",
    present=("全市党员总数为18.62万名", "36至45岁党员3.52万名"),
    mislabelled="a bulletin's age bands are labelled measure: 30岁及以下 and 35岁及以下 are read as bare 30岁 / 35岁 "
    "(及以下 is no qualifier), 31至35岁 and 36至45岁 as counts",
)

WECHAT_ARTICLE = HeldOutDoc(
    name="wechat_account_article",
    raw="""点击蓝字 关注我们
某县：“红色夜校”点亮乡村振兴路
某县组织工作 2024-03-08 18:30 发表于某省
　　入夜，某县红星村党群服务中心灯火通明，30多名村民围坐一起，听驻村第一书记讲解大棚蔬菜种植技术。这是某县“红色夜校”的一个日常场景。
　　去年以来，某县在186个行政村开办“红色夜校”，聘请农技专家、致富带头人、返乡创业青年等担任兼职教师420余名，开设党的创新理论、农业实用技术、电商直播等课程1,600余节，累计培训党员群众5.3万人次。
　　“红色夜校”开办以来，全县新培育种养大户312户、农村电商经营主体96家，带动农户户均增收2800元。今年，某县计划再新建示范夜校50所。
来源：某县委组织部
编辑：王某某
审核：李某
往期推荐
某县召开2024年全县组织工作会议
某县党员教育培训工作经验入选全省典型案例
分享 收藏 在看 点赞
阅读原文
""",
    indicators=(
        ("30多名", 30, "名", "多", "minor", "村民"),  # a scene, not a figure anyone would chart
        ("186个", 186, "个", "none", "measure", "行政村"),
        ("420余名", 420, "名", "余", "measure", "兼职教师"),
        ("1,600余节", 1600, "节", "余", "measure", "课程"),
        ("5.3万人次", 53000, "人次", "none", "measure", "党员群众"),
        ("312户", 312, "户", "none", "measure", "种养大户"),
        ("96家", 96, "家", "none", "measure", "农村电商经营主体"),
        ("2800元", 2800, "元", "none", "measure", "户均增收"),
        ("50所", 50, "所", "none", "measure", "示范夜校"),
    ),
    title="某县：“红色夜校”点亮乡村振兴路",
    date="2024-03-08",
    source="某县委组织部",
    absent=(
        "点击蓝字",
        "关注我们",
        "发表于",
        "编辑：王某某",
        "审核：李某",
        "往期推荐",
        "某县召开2024年全县组织工作会议",
        "分享 收藏",
        "阅读原文",
    ),
    present=("入夜，某县红星村党群服务中心灯火通明", "累计培训党员群众5.3万人次"),
    missed={("1,600余节", "课程"): "节 (class periods) is no unit in data/indicator_units.txt"},
    xfail={
        "source": "the account name in the 微信公众号 dateline (某县组织工作 2024-03-08 18:30 发表于某省) is read as "
        "the source, over the labelled 来源：某县委组织部 at the foot",
        **{
            f"absent-{text}": "微信公众号 furniture (点击蓝字 关注我们, 往期推荐 and its links, 分享 收藏 在看 点赞, "
            "阅读原文) is in no boilerplate pattern"
            for text in ("点击蓝字", "关注我们", "往期推荐", "某县召开2024年全县组织工作会议", "分享 收藏", "阅读原文")
        },
    },
)

DUTY_REPORT = HeldOutDoc(
    name="secretary_duty_report",
    raw="""2023年度乡镇党委书记抓基层党建工作述职报告
某某乡党委书记　郑某某
（2024年1月）
　　2023年，我认真履行抓基层党建第一责任人职责，现将有关情况报告如下。
　　一、履职情况
　　一是抓班子带队伍。全年主持召开党委会研究党建工作14次，讲专题党课4次，走访联系党员群众260余人次。调整充实村“两委”班子成员11名，储备村级后备力量45名。
　　二是抓阵地强保障。投入资金86万元，新建和改造村级党群服务中心3个，全乡12个村级活动场所面积均达到300平方米以上。
-3-
　　三是抓发展促增收。全乡12个村集体经济收入全部超过10万元，其中超过30万元的村有4个，全乡村集体经济总收入达到276.5万元，同比增长18.3%。
　　二、存在问题
　　一是部分村党组织书记年龄偏大，50岁以上的占58.3%；二是党员队伍结构不优，发展年轻党员难度较大。
　　三、下一步打算
　　力争2024年全乡村集体经济总收入突破300万元，培养村级后备力量不少于24名。
-4-
""",
    indicators=(
        ("14次", 14, "次", "none", "measure", "党委会"),
        ("4次", 4, "次", "none", "measure", "专题党课"),
        ("260余人次", 260, "人次", "余", "measure", "党员群众"),
        ("11名", 11, "名", "none", "measure", "村两委班子成员"),
        ("45名", 45, "名", "none", "measure", "村级后备力量"),
        ("86万元", 860000, "元", "none", "measure", "资金"),
        ("3个", 3, "个", "none", "measure", "村级党群服务中心"),
        ("12个", 12, "个", "none", "measure", "村级活动场所"),
        ("300平方米以上", 300, "平方米", "以上", "measure", "村级活动场所面积"),
        ("12个", 12, "个", "none", "measure", "村"),
        ("超过10万元", 1e5, "元", "超过", "measure", "村集体经济收入"),
        ("超过30万元", 3e5, "元", "超过", "threshold", "村"),
        ("4个", 4, "个", "none", "measure", "村"),
        ("276.5万元", 2765000, "元", "none", "measure", "村集体经济总收入"),
        ("18.3%", 18.3, "%", "none", "measure", "同比增长"),
        ("50岁以上", 50, "岁", "以上", "threshold", "村党组织书记"),
        ("58.3%", 58.3, "%", "none", "measure", "50岁以上的村党组织书记占比"),
        ("300万元", 3e6, "元", "none", "measure", "村集体经济总收入"),
        ("不少于24名", 24, "名", "以上", "measure", "村级后备力量"),
    ),
    title="2023年度乡镇党委书记抓基层党建工作述职报告",
    date="2024-01",
    absent=("-3-", "-4-"),
    present=("全乡村集体经济总收入达到276.5万元", "培养村级后备力量不少于24名"),
    xfail={
        "title": "a title that starts with a year (2023年度……述职报告) is not title-like (is_title_like wants a hanzi "
        "or an opening quote first); title, author and date lines stay in the text",
        "date": "a month in brackets under the title (（2024年1月）) is not read: parse_date wants a full date",
    },
    mislabelled="超过30万元 in 其中超过30万元的村有4个 is labelled measure: 超过 before an amount that qualifies the "
    "noun after 的 is not read as a criterion",
)

DOCS = (
    WORK_REPORT,
    TOWNSHIP_NOTICE,
    ORG_DEPT_NOTICE,
    XINHUA_REPORT,
    EXPERIENCE_ARTICLE,
    STATISTICS_BULLETIN,
    WECHAT_ARTICLE,
    DUTY_REPORT,
)

# Page furniture, document numbers and names of the genre, fresh: none may yield an indicator, even uncleaned.
NOT_INDICATORS = (
    "某组通〔2024〕7号",
    "二〇二四年三月十二日",
    "（2024年6月30日）",
    "发布时间：2023-12-20　　点击数：357",
    "Copyright © 2023 某某镇人民政府 版权所有　吉ICP备10002234号-2",
    "地址：某某县某某镇政府街1号　邮编：132000",
    "2024-05-21 10:12:07 来源：新华网 字号：大 中 小",
    "——2024年1月8日在某某县第十八届人民代表大会第四次会议上",
    "-3-",
    "— 2 —",
    "建立群众需求、社区资源、服务项目“三张清单”。",
    "推行“四议两公开”工作法，落实“一网通办”。",
    "今年1至4月，全省党建工作稳步推进。",
)

# Figures as measured on the one scoring run (see the module docstring); the tests hold them as floors.
RECALL_FLOOR = 101 / 102
PRECISION_FLOOR = 118 / 118
SUBJECT_FLOOR = 87 / 101
THRESHOLDS_FOUND_FLOOR = 15  # of 16
THRESHOLDS_LABELLED_FLOOR = 8  # of those found


@pytest.fixture(scope="module")
def scores():
    return summarise(DOCS, "held-out set")


def test_documents_are_annotated_consistently():
    """Every annotated mention and every present/absent string stands in its document (guards the annotations)."""
    for doc in DOCS:
        for mention, *_ in doc.indicators:
            assert mention in doc.raw, (doc.name, mention)
        for text in doc.absent + doc.present:
            assert nfkc(text) in nfkc(doc.raw), (doc.name, text)
        for mention, subject in doc.missed:
            assert (mention, subject) in {(m, s) for m, _, _, _, role, s in doc.indicators if role == "measure"}


def test_heldout_recall_of_measures(scores):
    _, total = scores
    assert total["recall"] >= RECALL_FLOOR


def test_heldout_precision(scores):
    _, total = scores
    assert total["precision"] >= PRECISION_FLOOR


def test_heldout_subject_agreement(scores):
    _, total = scores
    assert total["subject"] >= SUBJECT_FLOOR


def test_heldout_thresholds_found_and_labelled(scores):
    _, total = scores
    assert total["threshold_found"] >= THRESHOLDS_FOUND_FLOOR
    assert total["threshold_labelled"] >= THRESHOLDS_LABELLED_FLOOR


def _xfail(reason: str) -> list:
    return [pytest.mark.xfail(reason=reason, strict=True)] if reason else []


def _measure_params():
    params = []
    for doc in DOCS:
        for mention, _, _, _, role, subject in doc.indicators:
            if role == "measure":
                params.append(
                    pytest.param(
                        doc,
                        mention,
                        subject,
                        marks=_xfail(doc.missed.get((mention, subject), "")),
                        id=f"{doc.name}-{mention}-{subject}",
                    )
                )
    return params


@pytest.mark.parametrize("doc,mention,subject", _measure_params())
def test_heldout_measure_is_found(doc, mention, subject, scores):
    per_doc, _ = scores
    assert [miss for miss in per_doc[doc.name]["misses"] if miss[1:] == (mention, subject)] == []


@pytest.mark.parametrize("doc", [pytest.param(d, marks=_xfail(d.extras)) for d in DOCS], ids=lambda d: d.name)
def test_heldout_document_has_no_unannotated_indicator(doc, scores):
    per_doc, _ = scores
    assert per_doc[doc.name]["extras"] == []


@pytest.mark.parametrize("doc", [pytest.param(d, marks=_xfail(d.mislabelled)) for d in DOCS], ids=lambda d: d.name)
def test_heldout_thresholds_labelled(doc, scores):
    per_doc, _ = scores
    assert per_doc[doc.name]["mislabelled"] == []


NOT_INDICATOR_MISSES: dict[str, str] = {}


@pytest.mark.parametrize(
    "line", [pytest.param(line, marks=_xfail(NOT_INDICATOR_MISSES.get(line, ""))) for line in NOT_INDICATORS]
)
def test_heldout_furniture_and_names_are_not_indicators(line):
    assert extract_indicators(line)["mention"].tolist() == []


@pytest.mark.parametrize("doc,check,expected", cleaning_params(DOCS))
def test_heldout_cleaning(doc, check, expected):
    assert_cleaned(doc, check, expected)
