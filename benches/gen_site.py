#!/usr/bin/env python3
"""Generate a benchmark/fixture site for gongshi with the shape of Fuzhou.

    python3 benches/gen_site.py --notices N --out DIR [--seed S] [--force]

Writes DIR/site/config.toml and DIR/content/: the city, its 13 counties and
186 towns from benches/data/fuzhou-divisions.csv (real names and codes), about
15 generated villages or communities below each town, and exactly N notices
(Markdown with TOML front matter), 10% of them with a CSV table beside them.
Everything follows ../shared/spec/content-format.md, sections 1-5.

Python 3.11 standard library only. The output is a pure function of
(--notices, --seed): the same arguments give byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import heapq
import io
import json
import os
import random
import shutil
import sys
import time
from bisect import bisect_right
from pathlib import Path

HERE = Path(__file__).resolve().parent
DIVISIONS = HERE / "data" / "fuzhou-divisions.csv"
MARKER = ".gen-site.json"  # written into DIR; lets --force delete only what we made

CONFIG_TOML = (
    'title = "福州市村（社区）务公开"\n'
    'base_url = "https://example.org/"\n'
    'language = "zh-CN"\n'
)

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

# Kinds and their share of all notices (weights, not percentages).
KIND_WEIGHTS = [
    ("announcement", 12),
    ("election-notice", 5),
    ("voter-list", 5),
    ("candidate-list", 5),
    ("result", 6),
    ("discipline", 5),
    ("finance", 18),
    ("power-list", 5),
    ("affairs", 18),
    ("supervision", 6),
    ("news", 15),
]
ELECTION_KINDS = ("election-notice", "voter-list", "candidate-list", "result")
# Kinds that may also be published by a town or a county (they hold no election).
UPPER_KINDS = ("announcement", "discipline", "supervision", "news")
# Relative chance that a notice of a kind carries a table (the total is fixed at 10%).
TABLE_WEIGHT = {"result": 6.0, "finance": 3.0, "voter-list": 1.5, "candidate-list": 1.5}

VILLAGE_FIRST = list(
    "凤新东西南北上下前后大小龙梅桃竹松石金溪湖洋坂安永福兴和平长黄林陈吴郑"
    "岭山港江浦岐屿洲亭坑埕墩塘桥古青白红双三半峰枫茶莲荷沙湾田兰柳桂鹤岩"
)
VILLAGE_SECOND = list(
    "岭港山洋坂厝溪塘湖头尾前后亭洲浦里园兴安和丰峰田垄宅岐屿坪林阳霞桥埔"
    "墩门湾庄坑口岗垅埕美坊厚际透岸圳尾店洞"
)
COMMUNITY_FIRST = list(
    "新华东西南北文福安乐金银振兴康宁庆锦龙凤鼓屏湖温三五贤榕江闽海光明正"
    "通和泰嘉瑞丰盛永桂"
)
COMMUNITY_SECOND = list("港坊苑华林园湖江城桥泉峰山街庭门湾楼亭河岸洲苑景悦通泰和埕都")

SURNAMES = list(
    "陈陈陈林林林黄黄张李王吴吴刘蔡杨郑郑许谢郭洪邱曾廖赖周徐苏叶庄吕江何"
    "罗高潘朱钟游彭詹胡施沈余卢梁赵颜柯翁魏孙戴薛池阮"
)
MALE_GIVEN = list("建国明华志强伟军文斌海涛宏杰永俊峰辉庆忠良德兴荣光春生金水木成勇国平祥福")
FEMALE_GIVEN = list("秀丽美玉芳英华兰凤琴霞燕红梅珍娟婷慧敏静雪月萍莉云娇琳佳丹")
EDUCATION = ["初中", "高中", "中专", "大专", "本科", "硕士"]
EDUCATION_W = [18, 26, 12, 24, 18, 2]

CN_DIGITS = "零一二三四五六七八九十"


def cn_num(n: int) -> str:
    if n <= 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + CN_DIGITS[n - 10]
    return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")


def cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# Titles per kind. Placeholders are filled from the notice context (see context()).
TITLES = {
    "announcement": [
        "{V}关于{TOPIC}的公告",
        "关于{TOPIC}的通知",
        "{V}{TOPIC}公告",
        "{ORG}关于{TOPIC}的公告",
        "关于做好{TOPIC}工作的通知",
    ],
    "election-notice": [
        "{V}{TERM}{COMMITTEE}选举公告（第{NO}号）",
        "{ELECOM}公告（第{NO}号）",
        "{V}{Y}年{COMMITTEE}换届选举公告",
        "关于{V}{TERM}{COMMITTEE}选举日期和地点的公告",
    ],
    "voter-list": [
        "{V}{TERM}{COMMITTEE}选举选民名单公示",
        "{V}{Y}年换届选举选民登记情况公示",
        "{ELECOM}关于选民名单的公示",
    ],
    "candidate-list": [
        "{V}{TERM}{COMMITTEE}正式候选人名单公示",
        "{ELECOM}关于公布正式候选人名单的公告",
        "{V}{Y}年{COMMITTEE}换届选举候选人名单公示",
    ],
    "result": [
        "{V}{TERM}{COMMITTEE}选举结果公告",
        "{ELECOM}关于选举结果的公告",
        "{V}{Y}年{COMMITTEE}换届选举结果公示",
    ],
    "discipline": [
        "{V}换届选举纪律要求",
        "严肃换届纪律 营造风清气正的选举环境",
        "{ORG}关于严明换届纪律的通知",
        "换届纪律“十严禁”公开承诺",
        "{V}关于严肃{Y}年村（社区）工作纪律的公告",
    ],
    "finance": [
        "{V}{Y}年第{Q}季度财务收支公开",
        "{V}{Y}年{MON}月财务公开",
        "{V}{Y}年度集体经济收支情况公示",
        "{V}{Y}年第{Q}季度“三资”管理情况公开",
        "{V}{PROJECT}资金使用情况公示",
    ],
    "power-list": [
        "{V}村级小微权力清单（{Y}年版）",
        "{V}小微权力运行流程图及清单公开",
        "{V}{Y}年小微权力清单事项公示",
        "关于公布{V}小微权力清单的公告",
    ],
    "affairs": [
        "{V}{Y}年{MON}月村（居）务公开",
        "{V}{PROJECT}实施情况公示",
        "{V}{Y}年{SUBSIDY}发放情况公示",
        "{V}{Y}年第{Q}季度{PEOPLE}代表会议决议公开",
        "{V}关于{PROJECT}的公示",
    ],
    "supervision": [
        "{V}{MONITOR}{Y}年工作报告",
        "{V}监督举报渠道公告",
        "{V}{MONITOR}关于第{Q}季度监督情况的公示",
        "关于公布{V}监督举报方式的公告",
    ],
    "news": [
        "{V}开展{ACTIVITY}",
        "{V}：{ACTIVITY}暖人心",
        "{V}扎实推进{ACTIVITY}",
        "{ACTIVITY}走进{V}",
        "{V}{Y}年{MON}月工作动态",
    ],
}

TOPICS = [
    "召开{PEOPLE}代表会议", "农村人居环境整治", "春季森林防火", "防汛防台风安全", "城乡居民医疗保险参保缴费",
    "城乡居民养老保险缴费", "冬春征兵报名", "垃圾分类集中宣传", "文明殡葬改革", "自建房安全隐患排查",
    "暂停供水", "夏季防溺水", "秸秆禁烧", "烟花爆竹禁放", "困难群众临时救助申请", "新冠病毒疫苗接种",
    "农村宅基地申请审批", "耕地保护", "环境卫生评比", "电动自行车安全充电",
]
PROJECTS = [
    "村道硬化工程", "自来水管网改造工程", "河道清淤整治项目", "党群服务中心改造项目", "老旧小区改造",
    "路灯安装项目", "公厕提升改造", "农田水利设施修缮", "村庄绿化美化工程", "文化活动中心建设",
    "集体仓库出租", "光伏发电项目", "停车场建设", "排水管网改造工程", "便民服务站建设",
]
SUBSIDIES = [
    "耕地地力保护补贴", "高龄老人补贴", "最低生活保障金", "残疾人两项补贴", "特困人员供养金",
    "农机购置补贴", "生态公益林补偿金", "临时救助金",
]
ACTIVITIES = [
    "党史学习教育专题宣讲", "“我为群众办实事”实践活动", "防范电信网络诈骗宣传", "重阳节敬老活动",
    "志愿服务进万家活动", "移风易俗宣传", "乡村振兴专题培训", "防溺水安全教育", "全民健身活动",
    "法律知识进村居活动", "垃圾分类入户宣传", "邻里守望互助活动", "消防安全演练", "义诊送健康活动",
    "关爱留守儿童活动", "“美丽庭院”评选活动",
]

HEADINGS = {
    "announcement": ["基本情况", "主要事项", "时间安排", "工作要求", "注意事项", "办理流程", "有关说明", "联系方式"],
    "election-notice": ["选举日期和地点", "职位和职数", "选民登记", "候选人的提名", "投票方式", "委托投票", "选举程序", "其他事项"],
    "voter-list": ["登记情况", "公示期限", "异议和申诉", "登记原则", "注意事项"],
    "candidate-list": ["候选人产生情况", "候选人名单", "公示期限", "监督方式", "其他事项"],
    "result": ["投票情况", "当选人员", "选举的有效性", "后续工作", "监督和申诉"],
    "discipline": ["纪律要求", "严禁行为", "责任追究", "监督方式", "公开承诺"],
    "finance": ["收入情况", "支出情况", "资产情况", "债权债务", "重大开支说明", "审核意见"],
    "power-list": ["权力事项", "运行流程", "责任主体", "监督措施", "办理时限", "公开要求"],
    "affairs": ["项目概况", "实施情况", "资金使用", "下一步工作", "公开内容", "群众意见"],
    "supervision": ["工作开展情况", "监督重点", "发现的问题", "整改情况", "举报方式", "下一步打算"],
    "news": ["活动现场", "主要做法", "群众反响", "工作成效", "下一步"],
}

OPENINGS = {
    "announcement": [
        "为进一步做好{TOPIC_T}工作，切实保障广大{PEOPLE}的合法权益，根据上级有关文件精神，结合本{UNIT}实际，现将有关事项公告如下：",
        "根据{UPPER}工作部署，经{UNIT}两委会议研究决定，现就{TOPIC_T}有关事项通知如下：",
        "近期，{UPPER}对{TOPIC_T}工作作出部署。为确保各项工作落到实处，请全体{PEOPLE}知悉并积极配合，具体事项公告如下：",
    ],
    "election-notice": [
        "根据《中华人民共和国{COMMITTEE}组织法》《福建省{COMMITTEE}选举办法》和{UPPER}关于{Y}年村（社区）“两委”换届选举工作的部署，经{ELECOM}研究决定，现将{V}{TERM}{COMMITTEE}选举有关事项公告如下：",
        "{V}{TERM}{COMMITTEE}换届选举工作已全面启动。依照法律法规和上级有关规定，{ELECOM}现将选举日期、地点和职位职数等事项予以公告：",
    ],
    "voter-list": [
        "根据《福建省{COMMITTEE}选举办法》的规定，{ELECOM}于{REGFROM}至{REGTO}组织开展了选民登记工作，现将登记结果公示如下：",
        "{V}{TERM}{COMMITTEE}选举的选民登记工作已经结束。依照规定，选民名单应当在选举日的二十日以前公布，现予公示：",
    ],
    "candidate-list": [
        "经本{UNIT}有选举权的{PEOPLE}直接提名，并依照得票多少确定，{V}{TERM}{COMMITTEE}正式候选人已经产生，现将名单公示如下：",
        "根据{ELECOM}关于候选人提名的公告，经资格审查，现将{V}{TERM}{COMMITTEE}正式候选人名单（按姓氏笔画排序）公布如下：",
    ],
    "result": [
        "{V}{TERM}{COMMITTEE}选举大会于{DAY_CN}举行。本次选举登记选民{REG}人，参加投票{CAST}人，参加投票的选民超过登记选民的半数，选举有效。现将选举结果公告如下：",
        "根据《中华人民共和国{COMMITTEE}组织法》和《福建省{COMMITTEE}选举办法》，{V}于{DAY_CN}进行了{TERM}{COMMITTEE}的直接选举。登记选民{REG}人，发出选票{CAST}张，收回选票{CAST}张。经统计，选举结果如下：",
    ],
    "discipline": [
        "为严肃换届纪律，确保{Y}年村（社区）“两委”换届风清气正，根据上级有关文件精神，现将换届纪律要求公告如下，请广大党员群众共同遵守、相互监督：",
        "换届选举是村（社区）政治生活中的一件大事。为保障{PEOPLE}依法行使民主权利，严防拉票贿选等违纪违法行为，特作如下要求：",
    ],
    "finance": [
        "根据村（居）务公开和财务管理有关规定，经{MONITOR}审核，现将本{UNIT}{Y}年第{Q}季度财务收支情况公开如下，欢迎广大{PEOPLE}监督：",
        "为加强集体“三资”管理，保障{PEOPLE}的知情权、参与权和监督权，现将{V}{Y}年{MON}月份财务收支明细予以公开：",
        "本{UNIT}严格执行“村账镇代理”制度，所有收支均经民主理财小组审核。现将有关情况公示如下：",
    ],
    "power-list": [
        "为规范村级权力运行，推进基层治理体系和治理能力现代化，根据{UPPER}关于推行村级小微权力清单制度的部署，结合本{UNIT}实际，制定本清单：",
        "小微权力清单是村（社区）干部用权的“说明书”和{PEOPLE}监督的“明白卡”。现将{V}小微权力清单及运行流程公开如下：",
    ],
    "affairs": [
        "根据村（居）务公开有关规定，现将本{UNIT}近期重要事项公开如下，如有疑问请在公示期内向{MONITOR}反映：",
        "为保障{PEOPLE}的知情权和监督权，经{UNIT}两委研究，现就{PROJECT}有关情况予以公示：",
        "经{PEOPLE}代表会议讨论通过，{V}{Y}年{SUBSIDY}发放工作已经完成，现将有关情况公示如下：",
    ],
    "supervision": [
        "{Y}年以来，{V}{MONITOR}在{UPPER}的指导下，围绕村（居）务公开、财务管理和工程项目建设等重点事项开展监督，现将有关情况报告如下：",
        "为畅通群众监督渠道，及时发现和纠正基层“微腐败”问题，现将{V}监督举报方式公告如下：",
    ],
    "news": [
        "{DATE_CN}，{V}组织开展{ACTIVITY}，{UNIT}两委干部、党员志愿者和{PEOPLE}代表共{N2}余人参加。",
        "近日，{V}结合实际，扎实开展{ACTIVITY}，受到{PEOPLE}普遍欢迎。",
        "为进一步丰富{PEOPLE}精神文化生活，{V}于{DATE_CN}开展{ACTIVITY}。",
    ],
}

SENTENCES = {
    "announcement": [
        "请各{GROUP}组长认真做好宣传发动，确保政策家喻户晓。",
        "办理时请携带户口簿等有效证件，到{HALL}现场办理。",
        "逾期未办理的，视为自动放弃，由此产生的后果由本人承担。",
        "本次工作时间为{DATE_CN}至{DEADLINE_CN}，节假日照常办理。",
        "对行动不便的老年人和残疾人，{UNIT}安排工作人员提供上门服务。",
        "全{UNIT}共有{N3}户需要完成登记，目前已完成{PCT}%。",
        "请广大{PEOPLE}相互转告，积极配合工作人员开展工作。",
        "如遇恶劣天气，具体安排另行通知。",
        "有关政策咨询可拨打12345便民服务热线，或到{HALL}咨询。",
        "{UNIT}将安排专人负责，做到件件有登记、事事有回音。",
        "各户应加强自我管理，不得私拉乱接电线，不得占用消防通道。",
        "对拒不整改的，将依法依规予以处理，并在{UNIT}务公开栏通报。",
        "本次共安排工作人员{N1}名，分{N1}个小组入户开展工作。",
    ],
    "election-notice": [
        "选举日定于{DAY_CN}上午八时，中心会场设在{HALL}。",
        "本届{COMMITTEE}由{SEATS}人组成，设主任1名、副主任{DEP}名、委员{MEM}名，其中妇女成员至少1名。",
        "选民登记时间为{REGFROM}至{REGTO}，登记对象包括户籍在本{UNIT}和户籍不在本{UNIT}但在本{UNIT}居住一年以上的人员。",
        "年满十八周岁的本{UNIT}{PEOPLE}，不分民族、种族、性别、职业、家庭出身、宗教信仰、教育程度、财产状况、居住期限，都有选举权和被选举权，但依照法律被剥夺政治权利的人除外。",
        "候选人由本{UNIT}有选举权的{PEOPLE}直接提名，每一选民提名的人数不得多于应选人数。",
        "选举实行无记名投票、公开计票的方法，选举结果当场公布。",
        "选民在选举期间外出不能参加投票的，可以书面委托本{UNIT}有选举权的近亲属代为投票，每一选民接受委托投票不得超过三人。",
        "对年老体弱、行动不便的选民，经{ELECOM}同意，可设立流动票箱，流动票箱的工作人员不少于三人。",
        "选民名单于{VL_CN}前公布，选民对公布的选民名单有不同意见的，可以在公布之日起五日内向{ELECOM}提出申诉。",
        "参加投票的选民超过登记选民的半数，选举有效；候选人获得参加投票的选民过半数的选票，始得当选。",
        "选举日当天请选民凭选民证领取选票，因故遗失选民证的，经{ELECOM}核实后补发。",
        "获得过半数选票的人数少于应选名额时，不足的名额另行选举，另行选举可以在选举日当日或者次日进行。",
    ],
    "voter-list": [
        "本次选民登记坚持“不错登、不重登、不漏登”的原则，由登记员逐户核实。",
        "对选民名单有不同意见的，可以在公示之日起五日内向{ELECOM}提出申诉，{ELECOM}应当在收到申诉之日起三日内作出处理决定。",
        "选民名单张贴于{HALL}公开栏和各{GROUP}显要位置，请广大选民认真核对。",
        "已在户籍所在地以外参加选举的，不得在本{UNIT}重复登记。",
        "因外出务工、经商等原因不在本{UNIT}的选民，可通过亲属查询登记情况。",
        "选民证将于选举日前由{ELECOM}统一发放。",
        "新增年满十八周岁选民{N2}人，迁入{N1}人；因死亡、迁出等原因减少{N1}人。",
        "经公示无异议后，选民名单即为选举的正式选民名单。",
    ],
    "candidate-list": [
        "正式候选人名额多于应选人数，实行差额选举。",
        "候选人按照法定程序由选民直接提名，经{ELECOM}资格审查，均符合任职条件。",
        "公示期间，选民对候选人有意见的，可以书面或当面向{ELECOM}反映，反映问题应当实事求是。",
        "{UPPER}换届选举工作指导组对候选人资格进行了联审，未发现不宜提名的情形。",
        "候选人介绍会定于{CL_MEET}在{HALL}举行，欢迎广大选民参加。",
        "候选人应当遵守换届纪律，不得以任何形式拉票、贿选。",
        "本{UNIT}共收到提名表{N2}份，有效提名{N2}份。",
    ],
    "result": [
        "计票工作在{MONITOR}成员和选民代表的监督下公开进行。",
        "当选人员名单已报{UPPER}备案，{ELECOM}将于选举后及时颁发当选证书。",
        "新老班子应当在选举产生后十日内完成工作移交，由{UPPER}监督。",
        "对选举结果有异议的，可以在公告之日起五日内向{ELECOM}或{UPPER}反映。",
        "本次选举共设中心会场1个、投票站{N1}个、流动票箱{N1}个。",
        "各投票站选票经集中后统一计票，无效票{N1}张。",
        "选举全过程公开透明，秩序井然，广大选民依法有序参与。",
    ],
    "discipline": [
        "严禁以暴力、威胁、欺骗、贿赂、伪造选票、虚报选举票数等不正当手段妨害选民行使选举权和被选举权。",
        "严禁以金钱、财物或者其他利益拉票贿选。",
        "严禁利用宗族、宗教势力干扰选举。",
        "严禁黑恶势力干预、操纵选举。",
        "严禁捏造事实、造谣诽谤他人，对候选人进行人身攻击。",
        "严禁煽动群众闹事，扰乱选举秩序。",
        "严禁在选举期间突击提拔干部、突击进人。",
        "严禁私分集体资金、资产、资源，违规处置集体财产。",
        "严禁选举工作人员违反规定操纵选举，弄虚作假。",
        "严禁利用网络等媒介散布不当言论，干扰选举工作。",
        "对违反换届纪律的行为，发现一起、查处一起，绝不姑息。",
        "通过贿选等不正当手段当选的，当选无效。",
        "党员干部要带头遵守换届纪律，自觉接受组织和群众监督。",
    ],
    "finance": [
        "本季度集体经营性收入主要来源于{PROJECT}租金和集体资产发包收入。",
        "所有支出均经{UNIT}两委研究，重大支出经{PEOPLE}代表会议讨论通过。",
        "单笔支出超过{N3}元的，均按规定履行“四议两公开”程序。",
        "截至本季度末，集体资产总额{WAN}万元，负债{N2}万元。",
        "本期支出中，公益事业支出占{PCT}%，主要用于道路维修和环境卫生保洁。",
        "现金收支全部纳入镇（街道）农村集体“三资”管理平台统一核算。",
        "{PEOPLE}对公开内容有疑问的，可在公开之日起十日内向{MONITOR}提出询问。",
        "民主理财小组已对本期全部票据逐笔审核，未发现违规开支。",
        "上级补助资金实行专款专用，不得挪作他用。",
        "干部误工补贴按照标准发放，已在本期支出中列示。",
        "本期无新增对外借款和担保事项。",
    ],
    "power-list": [
        "凡涉及{UNIT}级重大事项的，必须经过{UNIT}党组织提议、{UNIT}两委会议商议、党员大会审议、{PEOPLE}代表会议或{PEOPLE}会议决议。",
        "决议事项和实施结果均应公开，接受{PEOPLE}监督。",
        "{UNIT}级工程项目由{UNIT}两委提出方案，按规定进行公开招标或者比选。",
        "集体资产资源发包、出租，应当通过农村产权交易平台公开进行。",
        "最低生活保障申请由本人提出，经{UNIT}民主评议后报{UPPER}审核。",
        "公章使用实行登记审批制度，严禁在空白纸张、空白介绍信上加盖公章。",
        "{UNIT}级物资采购单次金额在{N3}元以上的，须三家以上比价。",
        "办理时限原则上不超过{N1}个工作日，情况复杂的可以适当延长。",
        "{MONITOR}全程参与监督，发现问题及时向{UPPER}报告。",
        "未列入清单的事项，参照相近事项的程序办理。",
    ],
    "affairs": [
        "本期共有{N2}户符合条件，发放金额合计{WAN}万元。",
        "{PROJECT}总投资{WAN}万元，于{DATE_CN}开工，目前已完成工程量的{PCT}%。",
        "项目施工单位通过公开比选确定，工程质量由{MONITOR}全程监督。",
        "发放资金已通过“一卡通”直接打入{PEOPLE}账户，不经手现金。",
        "{PEOPLE}代表会议应到{N2}人，实到{N2}人，会议审议通过了相关事项。",
        "对公示内容有异议的，请在公示期内向{UNIT}两委或{MONITOR}反映。",
        "项目竣工后将组织验收，并将决算情况另行公开。",
        "经入户核查，本期新增{N1}户，退出{N1}户。",
        "{UNIT}两委将继续做好后续管理工作，确保项目长期发挥效益。",
        "本次公开内容同时张贴于{HALL}公开栏。",
    ],
    "supervision": [
        "全年列席{UNIT}两委会议{N1}次，审核财务票据{N2}张，涉及金额{WAN}万元。",
        "对{PROJECT}开展全程监督，督促施工方整改问题{N1}个。",
        "受理{PEOPLE}反映问题{N1}件，均已按时办结并反馈。",
        "监督举报可拨打12345便民服务热线或12388纪检监察举报电话。",
        "来信请寄{T}纪委（纪工委）办公室，来访请到{HALL}。",
        "在{HALL}设有意见箱，由{MONITOR}每周开箱一次。",
        "举报人应当据实反映问题，对捏造事实、诬告陷害他人的，依法追究责任。",
        "对举报人的信息严格保密，严禁打击报复。",
        "督促{UNIT}两委按时公开村（居）务事项{N2}项。",
        "部分票据审核不及时、公开内容不够具体的问题已督促整改。",
    ],
    "news": [
        "活动现场，工作人员通过发放宣传资料、现场讲解等方式，向{PEOPLE}普及相关知识。",
        "本次活动共发放宣传册{N3}份，解答{PEOPLE}咨询{N2}人次。",
        "不少{PEOPLE}表示，这样的活动实实在在，很接地气。",
        "下一步，{V}将把此项活动常态化开展，不断提升{PEOPLE}的获得感、幸福感和安全感。",
        "党员志愿者走街入户，为高龄、独居老人送去米、油等慰问品。",
        "活动中，{UNIT}两委干部与{PEOPLE}面对面交流，现场收集意见建议{N1}条。",
        "{UPPER}有关负责同志到现场指导。",
        "活动形式新颖、内容丰富，现场气氛热烈。",
        "截至目前，该{UNIT}已累计开展类似活动{N1}场，覆盖{PEOPLE}{N3}余人次。",
        "工作人员还结合典型案例，提醒大家提高防范意识。",
    ],
}

GENERAL_SENTENCES = [
    "{UNIT}两委将坚持公开、公平、公正的原则，自觉接受{PEOPLE}监督。",
    "请广大{PEOPLE}积极支持、共同参与。",
    "有关事项由{ORG}负责解释。",
    "如对以上内容有疑问，请在工作日到{HALL}咨询。",
    "本公告同时在{UNIT}务公开栏和“福州市村（社区）务公开”网站发布。",
    "各{GROUP}组长要发挥带头作用，及时向{PEOPLE}传达有关要求。",
    "欢迎{PEOPLE}通过意见箱或当面反映等方式提出意见建议。",
    "{UNIT}将按照上级要求，定期通报工作进展情况。",
    "工作中要坚持依法依规，做到程序规范、结果公开。",
    "请大家相互转告，确保人人知晓。",
]

TIPS = [
    "温馨提示：本{UNIT}所有公开事项均可在“福州市村（社区）务公开”网站查询。",
    "温馨提示：办理业务不收取任何费用，谨防上当受骗。",
    "温馨提示：监督举报可拨打12345便民服务热线。",
    "温馨提示：高龄老人和行动不便人员可预约上门服务。",
]


# --------------------------------------------------------------------------
# Regions
# --------------------------------------------------------------------------


class Region:
    __slots__ = ("name", "kind", "code", "rel", "parent", "election", "town", "county")

    def __init__(self, name, kind, code, rel, parent):
        self.name, self.kind, self.code, self.rel, self.parent = name, kind, code, rel, parent
        self.election = None  # dict for villages/communities
        self.town = None
        self.county = None


def read_divisions(path: Path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    city = [r for r in rows if r["kind"] == "city"]
    if len(city) != 1:
        sys.exit(f"gen_site: {path}: expected one city row, found {len(city)}")
    return city[0], rows


def village_name(rng: random.Random, community: bool, taken: set) -> str:
    first, second = (COMMUNITY_FIRST, COMMUNITY_SECOND) if community else (VILLAGE_FIRST, VILLAGE_SECOND)
    suffix = "社区" if community else "村"
    while True:
        a = rng.choice(first)
        b = rng.choice(second)
        if a == b:
            continue
        stem = a + b
        if rng.random() < 0.12:
            c = rng.choice(second)
            if c in stem:
                continue
            stem += c
        name = stem + suffix
        if name not in taken:
            taken.add(name)
            return name


def build_regions(seed: int):
    """The region tree: city, counties and towns from the CSV, generated villages."""
    rng = random.Random(f"gongshi-regions-{seed}")
    city_row, rows = read_divisions(DIVISIONS)
    city = Region(city_row["name"], "city", city_row["code"], "", None)
    counties, towns, villages = [], [], []
    by_code = {city.code: city}
    for r in rows:
        if r["kind"] == "county":
            parent = by_code[r["parent_code"]]
            reg = Region(r["name"], "county", r["code"], r["code"][:6], parent)
            reg.county = reg
            counties.append(reg)
            by_code[reg.code] = reg
    for r in rows:
        if r["kind"] == "town":
            parent = by_code[r["parent_code"]]
            reg = Region(r["name"], "town", r["code"], f"{parent.rel}/{r['code'][:9]}", parent)
            reg.county = parent
            reg.town = reg
            towns.append(reg)
            by_code[reg.code] = reg
    for town in towns:
        community = town.name.endswith("街道")
        count = rng.randint(9, 21)
        taken: set = set()
        for i in range(1, count + 1):
            # Statistical codes: 001-199 residents' committees, 200-399 villagers' committees.
            suffix = i if community else 200 + i
            code = f"{town.code[:9]}{suffix:03d}"
            name = village_name(rng, community, taken)
            reg = Region(name, "community" if community else "village", code,
                         f"{town.rel}/v{suffix:03d}", town)
            reg.town, reg.county = town, town.county
            reg.election = make_election(rng, community)
            villages.append(reg)
    return city, counties, towns, villages


def make_election(rng: random.Random, community: bool) -> dict:
    day = dt.date(2021, 3, 1) + dt.timedelta(days=rng.randrange(61))  # March-April 2021
    if community:
        seats = rng.choice([5, 5, 7, 7, 7, 9, 6, 8])
        registered = rng.randint(1500, 12000)
    else:
        seats = rng.choice([3, 5, 5, 5, 7, 4, 6])
        registered = rng.randint(600, 6000)
    cast = rng.randint(registered // 2 + 1, registered * 97 // 100)
    return {
        "id": "2021",
        "body": "residents-committee" if community else "villagers-committee",
        "day": day,
        "seats": seats,
        "registered": registered,
        "cast": cast,
    }


def region_toml(reg: Region) -> str:
    out = [f'name = "{reg.name}"', f'kind = "{reg.kind}"', f'code = "{reg.code}"']
    e = reg.election
    if e:
        out += [
            "",
            "[[elections]]",
            f'id = "{e["id"]}"',
            f'body = "{e["body"]}"',
            f"day = {e['day'].isoformat()}",
            f"seats = {e['seats']}",
            f"registered = {e['registered']}",
            f"cast = {e['cast']}",
        ]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------
# Notices
# --------------------------------------------------------------------------


def person(rng: random.Random, female: bool) -> str:
    given = FEMALE_GIVEN if female else MALE_GIVEN
    name = rng.choice(SURNAMES) + rng.choice(given)
    if rng.random() < 0.7:
        name += rng.choice(given)
    return name


def posts_for(seats: int):
    deputies = 0 if seats <= 3 else (1 if seats <= 6 else 2)
    return deputies, seats - 1 - deputies


def make_slate(rng: random.Random, e: dict, community: bool, with_votes: bool):
    """Candidates for one election: more candidates than seats; when with_votes,
    exactly `seats` elected, each winner with more than half of the ballots cast,
    every candidate with no more votes than ballots cast, at least one woman elected."""
    seats, cast = e["seats"], e["cast"]
    deputies, members = posts_for(seats)
    groups = [("主任", 1, 2), ("副主任", deputies, deputies + (1 if deputies and rng.random() < 0.5 else 0)),
              ("委员", members, members + rng.randint(1, 2))]
    women = 0.55 if community else 0.3
    rows, names = [], set()
    for post, nseats, ncand in groups:
        for k in range(ncand):
            rows.append({"post": post, "win": k < nseats, "female": rng.random() < women})
    winners = [r for r in rows if r["win"]]
    if not any(r["female"] for r in winners):
        pick = [r for r in winners if r["post"] != "主任"] or winners
        rng.choice(pick)["female"] = True
    dual = rng.random() < 0.85
    for r in rows:
        while True:
            n = person(rng, r["female"])
            if n not in names:
                names.add(n)
                r["name"] = n
                break
        r["age"] = rng.randint(26, 62)
        r["edu"] = rng.choices(EDUCATION, EDUCATION_W)[0]
        r["dual"] = dual and r["post"] == "主任" and r["win"]
    if with_votes:
        half = cast // 2  # winners need votes > cast / 2, i.e. votes >= half + 1
        for post, _, _ in groups:
            grp = [r for r in rows if r["post"] == post]
            wins = [r for r in grp if r["win"]]
            for r in wins:
                r["votes"] = rng.randint(max(half + 1, cast * 62 // 100), cast)
            low = min((r["votes"] for r in wins), default=half + 1)
            for r in grp:
                if not r["win"]:
                    r["votes"] = rng.randint(cast // 20, min(half, low - 1))
            grp.sort(key=lambda r: -r["votes"])
        rows.sort(key=lambda r: ({"主任": 0, "副主任": 1, "委员": 2}[r["post"]], -r["votes"]))
    return rows


def csv_text(header, rows) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def money(rng: random.Random, lo: int, hi: int) -> str:
    return f"{rng.randint(lo, hi)}.{rng.randrange(100):02d}"


def table_for(kind: str, rng: random.Random, ctx: dict, slate):
    """(caption, csv text) of the table a notice of this kind embeds."""
    V = ctx["V"]
    if kind == "result":
        rows = [[r["name"], "女" if r["female"] else "男", r["age"], r["edu"], r["post"], r["votes"],
                 "是" if r["win"] else "否", "是" if r["dual"] else "否"] for r in slate]
        return (f"{V}{ctx['TERM']}{ctx['COMMITTEE']}选举结果",
                csv_text(["姓名", "性别", "年龄", "学历", "职务", "得票", "当选", "一肩挑"], rows))
    if kind == "finance":
        incomes = ["经营收入", "发包及上交收入", "投资收益", "补助收入", "其他收入"]
        spends = ["管理费用", "公益事业支出", "干部误工补贴", "办公费", "水电费", "道路维修费", "环境卫生保洁费", "其他支出"]
        out, total_in, total_out = [], 0, 0
        for s in rng.sample(incomes, rng.randint(2, 5)):
            cents = rng.randint(50_000, 30_000_000)
            total_in += cents
            out.append([s, f"{cents // 100}.{cents % 100:02d}", rng.choice(["", "已入账", "季度合计", "上级拨付"])])
        for s in rng.sample(spends, rng.randint(3, 7)):
            cents = rng.randint(20_000, 8_000_000)
            total_out += cents
            out.append([s, f"-{cents // 100}.{cents % 100:02d}", rng.choice(["", "已审核", "凭证齐全", "经民主理财小组审核"])])
        net = total_in - total_out
        sign = "-" if net < 0 else ""
        out.append(["本期结余", f"{sign}{abs(net) // 100}.{abs(net) % 100:02d}", "收入减支出"])
        return (f"{V}{ctx['Y']}年第{ctx['Q']}季度财务收支明细", csv_text(["科目", "金额（元）", "备注"], out))
    if kind == "voter-list":
        groups = rng.randint(4, 10)
        reg = ctx["REG"]
        cuts = sorted(rng.sample(range(1, reg), groups - 1))
        sizes = [b - a for a, b in zip([0] + cuts, cuts + [reg])]
        rows = [[f"第{cn_num(i + 1)}{ctx['GROUP']}", n, n * rng.randint(44, 53) // 100] for i, n in enumerate(sizes)]
        rows.append(["合计", reg, sum(r[2] for r in rows)])
        return f"{V}选民登记情况汇总", csv_text([ctx["GROUP"], "登记选民（人）", "其中女性（人）"], rows)
    if kind == "candidate-list":
        rows = [[r["name"], "女" if r["female"] else "男", r["age"], r["edu"], r["post"]] for r in slate]
        return f"{V}{ctx['TERM']}{ctx['COMMITTEE']}正式候选人", csv_text(["姓名", "性别", "年龄", "学历", "拟任职务"], rows)
    if kind == "election-notice":
        day = ctx["_day"]
        rows = [
            ["选民登记", f"{ctx['REGFROM']}至{ctx['REGTO']}"],
            ["公布选民名单", cn_date(day - dt.timedelta(days=rng.randint(20, 24)))],
            ["提名候选人", cn_date(day - dt.timedelta(days=rng.randint(15, 18)))],
            ["公布正式候选人名单", cn_date(day - dt.timedelta(days=rng.randint(5, 8)))],
            ["投票选举", cn_date(day)],
        ]
        return f"{V}换届选举工作日程", csv_text(["工作步骤", "时间安排"], rows)
    if kind == "power-list":
        items = ["重大事项决策", "工程项目建设", "物资服务采购", "集体资产资源处置", "财务收支管理",
                 "低保救助初审", "宅基地申请初审", "印章使用管理", "证明出具", "困难补助申请"]
        rows = [[i + 1, s, rng.choice(["两委会议", "党组织", "主任", "监督委员会"]), f"{rng.randint(3, 20)}个工作日"]
                for i, s in enumerate(rng.sample(items, rng.randint(4, 8)))]
        return f"{V}小微权力清单", csv_text(["序号", "权力事项", "责任主体", "办理时限"], rows)
    if kind == "affairs":
        rows = [[p, f"{rng.randint(2, 3000) / 10:.1f}", rng.choice(["已完成", "实施中", "待验收", "前期准备"])]
                for p in rng.sample(PROJECTS, rng.randint(3, 6))]
        return f"{V}{ctx['Y']}年重点项目进度", csv_text(["项目名称", "资金（万元）", "进度"], rows)
    if kind == "supervision":
        rows = [["意见箱", "全天", ctx["HALL"]], ["来访", "工作日", ctx["HALL"]],
                ["便民服务热线", "全天", "12345"], ["纪检监察举报电话", "工作日", "12388"]]
        return f"{V}监督举报渠道", csv_text(["受理方式", "受理时间", "地点或号码"], rows[: rng.randint(2, 4)])
    if kind == "discipline":
        rows = [[i + 1, s.rstrip("。")] for i, s in enumerate(rng.sample(SENTENCES["discipline"][:10], rng.randint(4, 8)))]
        return f"{V}换届纪律要求", csv_text(["序号", "纪律要求"], rows)
    if kind == "news":
        rows = [[a, f"{ctx['Y']}年{rng.randint(1, 12)}月", rng.randint(15, 400)] for a in rng.sample(ACTIVITIES, rng.randint(3, 6))]
        return f"{V}{ctx['Y']}年活动开展情况", csv_text(["活动", "时间", "参与人数"], rows)
    # announcement
    rows = [[s, f"{ctx['Y']}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日", ctx["HALL"]]
            for s in rng.sample(["宣传发动", "集中登记", "入户核查", "结果公示", "总结上报", "补充办理"], rng.randint(3, 5))]
    return f"{V}工作安排", csv_text(["事项", "时间", "地点"], rows)


UNIT_OF = {"village": "村", "community": "社区", "county": "区县", "city": "市"}


def region_context(reg: Region) -> dict:
    """Values that depend on the region only (computed once per region)."""
    if reg.kind in ("village", "community"):
        community = reg.kind == "community"
        unit = UNIT_OF[reg.kind]
        c = {
            "V": reg.name, "T": reg.town.name, "C": reg.county.name,
            "UNIT": unit, "PEOPLE": "居民" if community else "村民",
            "GROUP": "居民小组" if community else "村民小组",
            "COMMITTEE": "居民委员会" if community else "村民委员会",
            "ORG": reg.name + ("居民委员会" if community else "村民委员会"),
            "ELECOM": reg.name + ("居民选举委员会" if community else "村民选举委员会"),
            "MONITOR": "居务监督委员会" if community else "村务监督委员会",
            "TERM": "第九届" if community else "第十二届",
            "HALL": reg.name + ("党群服务中心" if community else "村部会议室"),
            "UPPER": reg.town.name + ("党工委" if reg.town.name.endswith("街道") else "党委"),
        }
    else:
        name = reg.name
        if reg.kind == "county":
            unit, org, upper = "区县", name + "人民政府", "市委、市政府"
            if name.endswith("区"):
                unit = "区"
            elif name.endswith("县"):
                unit = "县"
            elif name.endswith("市"):
                unit = "市"
        elif name.endswith("街道"):
            unit, org, upper = "街道", name + "办事处", reg.county.name + "委、" + reg.county.name + "政府"
        elif name[-1] in "镇乡":
            unit, org, upper = name[-1], name + "人民政府", reg.county.name + "委、" + reg.county.name + "政府"
        else:
            unit, org, upper = "场（区）", name + "管理委员会", reg.county.name + "委、" + reg.county.name + "政府"
        c = {
            "V": name, "T": (reg.town or reg).name, "C": reg.county.name, "UNIT": unit,
            "PEOPLE": "群众", "GROUP": "村（社区）", "COMMITTEE": "村民委员会", "ORG": org,
            "ELECOM": org, "MONITOR": "纪检监察部门", "TERM": "", "HALL": org + "便民服务中心", "UPPER": upper,
        }
    return c


def pick_date(rng: random.Random, kind: str, e: dict | None) -> dt.date:
    if kind in ELECTION_KINDS:
        day = e["day"]
        back = {"election-notice": (30, 45), "voter-list": (20, 35), "candidate-list": (5, 15), "result": (-1, 0)}[kind]
        return day - dt.timedelta(days=rng.randint(*back))
    return dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(1095))  # 2021-01-01 .. 2023-12-31


class Fill(dict):
    """format_map mapping that leaves unknown placeholders visible (a bug, not a crash)."""

    def __missing__(self, key):
        return "{" + key + "}"


def make_notice(rng: random.Random, kind: str, reg: Region, rctx: dict, number: int, with_table: bool):
    """Returns (markdown text, csv name or None, csv text or None)."""
    e = reg.election if kind in ELECTION_KINDS else None
    date = pick_date(rng, kind, e)
    ctx = Fill(rctx)
    ctx.update(
        Y=date.year, Q=(date.month - 1) // 3 + 1, MON=date.month, DATE_CN=cn_date(date),
        DEADLINE_CN=cn_date(date + dt.timedelta(days=rng.randint(7, 30))),
        N1=rng.randint(2, 12), N2=rng.randint(15, 300), N3=rng.randint(300, 5000),
        WAN=f"{rng.randint(15, 3000) / 10:.1f}", PCT=rng.randint(60, 99),
        TOPIC=rng.choice(TOPICS), PROJECT=rng.choice(PROJECTS), SUBSIDY=rng.choice(SUBSIDIES),
        ACTIVITY=rng.choice(ACTIVITIES), NO=rng.randint(1, 5),
    )
    ctx["TOPIC"] = ctx["TOPIC"].format_map(ctx)
    ctx["TOPIC_T"] = ctx["TOPIC"]
    slate = None
    if e:
        day = e["day"]
        deputies, members = posts_for(e["seats"])
        reg_from = day - dt.timedelta(days=rng.randint(40, 50))
        ctx.update(
            _day=day, DAY_CN=cn_date(day), SEATS=e["seats"], DEP=deputies, MEM=members,
            REG=e["registered"], CAST=e["cast"], REGFROM=cn_date(reg_from),
            REGTO=cn_date(reg_from + dt.timedelta(days=rng.randint(5, 9))),
            VL_CN=cn_date(day - dt.timedelta(days=20)),
            CL_MEET=cn_date(day - dt.timedelta(days=rng.randint(2, 4))),
            Y=day.year,
        )
        if kind in ("candidate-list", "result"):
            slate = make_slate(rng, e, reg.kind == "community", kind == "result")

    title = rng.choice(TITLES[kind]).format_map(ctx)
    stem = f"n{number:06d}"
    table_name = table_csv = None
    parts = [rng.choice(OPENINGS[kind]).format_map(ctx)]
    if with_table:
        caption, table_csv = table_for(kind, rng, ctx, slate)
        table_name = stem + ".csv"
        table_line = f'{{{{ table(src="{table_name}", caption="{caption}") }}}}'
    else:
        table_line = None

    # The part that carries the notice's facts, when the kind has one.
    if kind == "result":
        if table_line:
            parts.append(table_line)
        else:
            lines = [f"- {r['post']}：{r['name']}（{'女' if r['female'] else '男'}），得票{r['votes']}票"
                     for r in slate if r["win"]]
            parts.append("当选人员名单如下：\n\n" + "\n".join(lines))
        table_line = None
    elif kind == "candidate-list":
        if table_line:
            parts.append(table_line)
        else:
            lines = [f"{i}. {r['name']}，{'女' if r['female'] else '男'}，{r['age']}岁，{r['edu']}文化，拟任{r['post']}"
                     for i, r in enumerate(slate, 1)]
            parts.append("\n".join(lines))
        table_line = None
    elif kind == "voter-list":
        female = e["registered"] * rng.randint(46, 52) // 100
        parts.append(f"本次共登记选民**{e['registered']}**人，其中男性{e['registered'] - female}人，女性{female}人。"
                     f"公示期为{ctx['DATE_CN']}至{cn_date(date + dt.timedelta(days=5))}。")
    elif table_line and rng.random() < 0.5:
        parts.append(table_line)
        table_line = None

    closing = closing_block(rng, kind, ctx, date)
    target = rng.randint(300, 1500)
    cap = 1500 - len(closing) - (len(table_line) + 2 if table_line else 0)
    size = sum(len(p) + 2 for p in parts)
    pool = SENTENCES[kind]
    headings = rng.sample(HEADINGS[kind], len(HEADINGS[kind]))
    sec = 0
    while size + len(closing) < target and sec < len(headings):
        block = section(rng, kind, ctx, pool, headings[sec], sec)
        if size + len(block) + 2 > cap:
            block = section(rng, kind, ctx, pool, headings[sec], sec, short=True)
            if size + len(block) + 2 > cap:
                break
        parts.append(block)
        size += len(block) + 2
        sec += 1
        if table_line and sec == 1:
            parts.append(table_line)
            size += len(table_line) + 2
            table_line = None
    while size + len(closing) < 300:  # short regions of text: pad with plain paragraphs
        block = paragraph(rng, pool, ctx, 2)
        parts.append(block)
        size += len(block) + 2
    if table_line:
        parts.append(table_line)
    parts.append(closing)
    body = "\n\n".join(parts) + "\n"

    fm = [f'title = "{title}"', f'kind = "{kind}"', f"date = {date.isoformat()}"]
    if e:
        fm.append(f'election = "{e["id"]}"')
        if kind in ("voter-list", "candidate-list"):
            fm.append(f"valid_until = {(e['day'] - dt.timedelta(days=1)).isoformat()}")
        elif kind == "result":
            fm.append(f"valid_until = {(date + dt.timedelta(days=7)).isoformat()}")
    elif kind in ("finance", "affairs") and rng.random() < 0.6:
        fm.append(f"valid_until = {(date + dt.timedelta(days=rng.choice([7, 10, 15, 30]))).isoformat()}")
    text = "+++\n" + "\n".join(fm) + "\n+++\n\n" + body
    return text, table_name, table_csv


def paragraph(rng, pool, ctx, n):
    k = min(n, len(pool))
    sents = rng.sample(pool, k)
    if rng.random() < 0.35:
        sents.append(rng.choice(GENERAL_SENTENCES))
    return "".join(sents).format_map(ctx)


def section(rng, kind, ctx, pool, heading, index, short=False):
    if index < 9 and rng.random() < 0.8:
        head = f"## {cn_num(index + 1)}、{heading}"
    else:
        head = f"### （{cn_num(index + 1)}）{heading}"
    if short:
        return head + "\n\n" + paragraph(rng, pool, ctx, 1)
    style = rng.random()
    if style < 0.45:
        paras = [paragraph(rng, pool, ctx, rng.randint(2, 4)) for _ in range(rng.randint(1, 2))]
        content = "\n\n".join(paras)
    elif style < 0.7:
        items = rng.sample(pool, min(len(pool), rng.randint(3, 5)))
        content = "\n".join(f"{i}. {s}" for i, s in enumerate(items, 1)).format_map(ctx)
    elif style < 0.9:
        items = rng.sample(pool, min(len(pool), rng.randint(2, 4)))
        content = paragraph(rng, GENERAL_SENTENCES, ctx, 1) + "\n\n" + "\n".join(f"- {s}" for s in items).format_map(ctx)
    else:
        content = paragraph(rng, pool, ctx, 2) + "\n\n> " + rng.choice(TIPS).format_map(ctx)
    return head + "\n\n" + content


def closing_block(rng, kind, ctx, date):
    end = {"discipline": "特此通知。", "news": "", "supervision": "特此报告。" if "报告" in ctx.get("_t", "") else "特此公告。"}
    word = end.get(kind, rng.choice(["特此公告。", "特此公示。"]))
    signer = ctx["ELECOM"] if kind in ELECTION_KINDS else ctx["ORG"]
    if kind == "news":
        return f"（{ctx['V']}供稿）"
    return f"{word}\n\n{signer}\n\n{cn_date(date)}"


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------


def plan(rng: random.Random, n: int, villages, towns, counties):
    """Kind, region and table flag of every notice, in file-number order."""
    kinds = rng.choices([k for k, _ in KIND_WEIGHTS], [w for _, w in KIND_WEIGHTS], k=n)
    # Villages differ in how much they publish: a skewed activity weight each.
    acc, cum = 0.0, []
    for _ in villages:
        acc += rng.lognormvariate(0.0, 0.6)
        cum.append(acc)
    homes = []
    for kind in kinds:
        r = rng.random()
        if kind in UPPER_KINDS and r < 0.06:
            homes.append(towns[rng.randrange(len(towns))] if r < 0.045 else counties[rng.randrange(len(counties))])
        else:
            homes.append(villages[min(bisect_right(cum, rng.random() * acc), len(villages) - 1)])
    # Exactly 10% carry a table; weighted sampling without replacement (key = u ** (1 / w)).
    keys = [rng.random() ** (1.0 / TABLE_WEIGHT.get(k, 1.0)) for k in kinds]
    tables = bytearray(n)
    for i in heapq.nlargest(round(n / 10), range(n), key=keys.__getitem__):
        tables[i] = 1
    return kinds, homes, tables


def prepare_out(out: Path, force: bool) -> None:
    if out.exists() and not out.is_dir():
        sys.exit(f"gen_site: {out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()):
        if not force:
            sys.exit(f"gen_site: {out} is not empty; pass --force to replace a site generated here before")
        ours = (out / MARKER).is_file()
        for sub in ("content", "site"):
            if (out / sub).exists():
                if not ours:
                    sys.exit(f"gen_site: {out / sub} was not written by gen_site (no {MARKER}); refusing to delete it")
                shutil.rmtree(out / sub)
    out.mkdir(parents=True, exist_ok=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Generate a gongshi benchmark site shaped like Fuzhou.")
    ap.add_argument("--notices", type=int, required=True, help="number of notices to write (exactly)")
    ap.add_argument("--out", type=Path, required=True, help="site folder to create (DIR/site, DIR/content)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--force", action="store_true",
                    help="replace content/ and site/ of a site this script generated in DIR before")
    args = ap.parse_args(argv)
    if args.notices < 0:
        ap.error("--notices must be 0 or more")
    t0 = time.perf_counter()
    out: Path = args.out
    prepare_out(out, args.force)

    city, counties, towns, villages = build_regions(args.seed)
    rng = random.Random(f"gongshi-notices-{args.seed}-{args.notices}")
    kinds, homes, tables = plan(rng, args.notices, villages, towns, counties)

    nbytes = 0

    def write(path: Path, text: str) -> None:
        nonlocal nbytes
        data = text.encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        nbytes += len(data)

    content = out / "content"
    (out / "site").mkdir(parents=True, exist_ok=True)
    write(out / "site" / "config.toml", CONFIG_TOML)
    all_regions = [city] + counties + towns + villages
    for reg in all_regions:
        d = content / reg.rel if reg.rel else content
        d.mkdir(parents=True, exist_ok=True)
        write(d / "_region.toml", region_toml(reg))

    rctx_cache: dict = {}
    ntables = 0
    for i, (kind, reg) in enumerate(zip(kinds, homes)):
        rctx = rctx_cache.get(reg.code)
        if rctx is None:
            rctx = rctx_cache[reg.code] = region_context(reg)
        text, tname, tcsv = make_notice(rng, kind, reg, rctx, i + 1, bool(tables[i]))
        d = content / reg.rel
        write(d / f"n{i + 1:06d}.md", text)
        if tname:
            write(d / tname, tcsv)
            ntables += 1

    marker = json.dumps({"generator": "benches/gen_site.py", "notices": args.notices, "seed": args.seed},
                        ensure_ascii=False, sort_keys=True) + "\n"
    write(out / MARKER, marker)
    secs = time.perf_counter() - t0
    print(f"gen_site: {len(all_regions)} regions (1 city, {len(counties)} counties, {len(towns)} towns, "
          f"{len(villages)} villages/communities), {args.notices} notices, {ntables} tables, "
          f"{nbytes} bytes in {secs:.1f}s -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
