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


# Titles per kind. Placeholders are filled from the notice context (see make_notice).
TITLES = {
    "announcement": [
        "{V}关于{TOPIC}的公告",
        "关于{TOPIC}的通知",
        "{V}{TOPIC}公告",
        "{ORG}关于{TOPIC}的公告",
        "关于{TOPIC}有关事项的通知",
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
        "{V}关于严肃{Y}年工作纪律的公告",
    ],
    "finance": [
        "{V}{PERIOD}财务收支公开",
        "{V}{PERIOD}财务公开",
        "{V}{PERIOD}集体经济收支情况公示",
        "{V}{PERIOD}“三资”管理情况公开",
        "{V}{PROJECT}资金使用情况公示",
    ],
    "power-list": [
        "{V}小微权力清单（{Y}年版）",
        "{V}小微权力运行流程图及清单公开",
        "{V}{Y}年小微权力清单事项公示",
        "关于公布{V}小微权力清单的公告",
    ],
    "affairs": [
        "{V}{PERIOD}{AFFAIRS}公开",
        "{V}{PROJECT}实施情况公示",
        "{V}{Y}年{SUBSIDY}发放情况公示",
        "{V}{PERIOD}{PEOPLE}代表会议决议公开",
        "{V}关于{PROJECT}的公示",
    ],
    "supervision": [
        "{V}{MONITOR}{Y}年工作报告",
        "{V}监督举报渠道公告",
        "{V}{MONITOR}关于{PERIOD}监督情况的公示",
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
    "宅基地申请审批", "耕地保护", "环境卫生评比", "电动自行车安全充电", "第七次全国人口普查入户登记",
    "老年人优待证办理", "适龄儿童入学登记", "流动人口信息采集",
]
PROJECTS = [
    "村道硬化工程", "自来水管网改造工程", "河道清淤整治项目", "党群服务中心改造项目", "老旧小区改造",
    "路灯安装项目", "公厕提升改造", "农田水利设施修缮", "村庄绿化美化工程", "文化活动中心建设",
    "集体仓库出租", "光伏发电项目", "停车场建设", "排水管网改造工程", "便民服务站建设",
    "幸福院改造项目", "农贸市场提升项目", "污水管网接户工程",
]
SUBSIDIES = [
    "耕地地力保护补贴", "高龄老人补贴", "最低生活保障金", "残疾人两项补贴", "特困人员供养金",
    "农机购置补贴", "生态公益林补偿金", "临时救助金",
]
ACTIVITIES = [
    "党史学习教育专题宣讲", "“我为群众办实事”实践活动", "防范电信网络诈骗宣传", "重阳节敬老活动",
    "志愿服务进万家活动", "移风易俗宣传", "乡村振兴专题培训", "防溺水安全教育", "全民健身活动",
    "法律知识进村居活动", "垃圾分类入户宣传", "邻里守望互助活动", "消防安全演练", "义诊送健康活动",
    "关爱留守儿童活动", "“美丽庭院”评选活动", "端午节包粽子活动", "国家安全日宣传",
]

# Per kind: (heading, sentences) in the order a notice presents them.
SECTIONS = {
    "announcement": [
        ("基本情况", [
            "为进一步做好{TOPIC}工作，{LEADERS}召开专题会议进行了研究部署。",
            "全{UNIT}共有{N3}户需要完成登记，目前已完成{PCT}%。",
            "本次工作涉及全{UNIT}{N1}个{GROUP}，由包片干部分片负责。",
            "上级对此项工作高度重视，要求在规定时限内完成。",
        ]),
        ("主要事项", [
            "本次工作时间为{DATE_CN}至{DEADLINE_CN}，节假日照常办理。",
            "办理时请携带户口簿等有效证件，到{HALL}现场办理。",
            "对行动不便的老年人和残疾人，安排工作人员提供上门服务。",
            "符合条件的{PEOPLE}请按时提交申请材料，材料不全的应当在三个工作日内补齐。",
        ]),
        ("工作要求", [
            "请各{GROUP_HEAD}认真做好宣传发动，确保政策家喻户晓。",
            "{UNIT}将安排专人负责，做到件件有登记、事事有回音。",
            "本次共安排工作人员{N1}名，分组入户开展工作。",
            "各户应加强自我管理，不得私拉乱接电线，不得占用消防通道。",
        ]),
        ("注意事项", [
            "逾期未办理的，视为自动放弃，由此产生的后果由本人承担。",
            "如遇恶劣天气，具体安排另行通知。",
            "对拒不整改的，将依法依规予以处理，并在本{UNIT}公开栏通报。",
            "办理过程中不收取任何费用，请勿轻信他人代办。",
        ]),
        ("咨询方式", [
            "有关政策咨询可拨打12345便民服务热线，或到{HALL}咨询。",
            "咨询时间为工作日上午8:30至12:00、下午14:30至17:30。",
            "请广大{PEOPLE}相互转告，积极配合工作人员开展工作。",
        ]),
    ],
    "election-notice": [
        ("选举日期和地点", [
            "选举日定于{DAY_CN}上午八时，中心会场设在{HALL}。",
            "本次选举设中心会场1个、投票站{N1}个，各投票站的具体位置另行公告。",
            "选民凭选民证到指定的会场领取选票，参加投票。",
            "投票时间为上午八时至下午五时。",
        ]),
        ("职位和职数", [
            "本届{COMMITTEE}由{SEATS}人组成，设主任1名、副主任{DEP}名、委员{MEM}名。",
            "{COMMITTEE}成员中应当有妇女成员，多民族的{UNIT}应当有人数较少的民族的成员。",
            "{COMMITTEE}成员实行差额选举，候选人名额应当多于应选名额。",
            "{COMMITTEE}每届任期五年，届满应当及时举行换届选举。",
        ]),
        ("选民登记", [
            "选民登记时间为{REGFROM}至{REGTO}。",
            "户籍在本{UNIT}、年满十八周岁的{PEOPLE}，应当列入选民名单。",
            "户籍不在本{UNIT}但在本{UNIT}居住一年以上、本人申请参加选举的，经{PEOPLE}会议或者{PEOPLE}代表会议同意，可以列入选民名单。",
            "年满十八周岁的{PEOPLE}，不分民族、种族、性别、职业、家庭出身、宗教信仰、教育程度、财产状况、居住期限，都有选举权和被选举权，但依照法律被剥夺政治权利的人除外。",
            "选民名单于{VL_CN}前公布，选民对公布的选民名单有不同意见的，可以在公布之日起五日内向{ELECOM}提出申诉。",
        ]),
        ("候选人的提名", [
            "候选人由本{UNIT}有选举权的{PEOPLE}直接提名，每一选民提名的人数不得多于应选人数。",
            "提名应当使用{ELECOM}统一印制的提名表。",
            "根据提名得票多少，按照差额的原则确定正式候选人。",
            "候选人应当遵守宪法和法律，办事公道，热心为{PEOPLE}服务。",
        ]),
        ("投票方式", [
            "选举实行无记名投票、公开计票的方法，选举结果当场公布。",
            "选民应当在秘密写票处填写选票。",
            "对年老体弱、行动不便的选民，经{ELECOM}同意，可设立流动票箱，流动票箱的工作人员不少于三人。",
            "因故遗失选民证的，经{ELECOM}核实后补发。",
        ]),
        ("委托投票", [
            "选民在选举期间外出不能参加投票的，可以书面委托本{UNIT}有选举权的近亲属代为投票。",
            "每一选民接受委托投票不得超过三人。",
            "委托投票应当在选举日三日前向{ELECOM}办理手续，领取委托投票证。",
            "受委托人不得再委托他人。",
        ]),
        ("选举的有效性", [
            "参加投票的选民超过登记选民的半数，选举有效。",
            "候选人获得参加投票的选民过半数的选票，始得当选。",
            "获得过半数选票的人数少于应选名额时，不足的名额另行选举，另行选举可以在选举日当日或者次日进行。",
            "每次选举所投的票数多于投票人数的无效，等于或者少于投票人数的有效。",
        ]),
    ],
    "voter-list": [
        ("登记情况", [
            "本次选民登记坚持“不错登、不重登、不漏登”的原则，由登记员逐户核实。",
            "新增年满十八周岁选民{N2}人，迁入{N1}人；因死亡、迁出等原因减少{N1}人。",
            "本次登记采取设立登记站与入户登记相结合的方式进行。",
            "已在户籍所在地以外参加选举的，不得在本{UNIT}重复登记。",
        ]),
        ("公示期限", [
            "选民名单张贴于{HALL}公开栏和各{GROUP}显要位置，请广大选民认真核对。",
            "公示期为五日，公示期满无异议的，即为正式选民名单。",
            "因外出务工、经商等原因不在本{UNIT}的选民，可通过亲属查询登记情况。",
        ]),
        ("异议和申诉", [
            "对选民名单有不同意见的，可以在公示之日起五日内向{ELECOM}提出申诉。",
            "{ELECOM}应当在收到申诉之日起三日内作出处理决定，并公布处理结果。",
            "申诉人对处理决定不服的，可以向{UPPER}换届选举工作指导组反映。",
        ]),
        ("其他事项", [
            "选民证将于选举日前由{ELECOM}统一发放。",
            "选民如需委托投票，请在规定时间内办理委托手续。",
            "请各{GROUP_HEAD}协助做好选民证的发放工作。",
        ]),
    ],
    "candidate-list": [
        ("候选人产生情况", [
            "本{UNIT}共收到提名表{N2}份，经审查均为有效提名。",
            "候选人按照法定程序由选民直接提名，经{ELECOM}资格审查，均符合任职条件。",
            "{UPPER}换届选举工作指导组对候选人资格进行了联审，未发现不宜提名的情形。",
            "正式候选人名额多于应选人数，实行差额选举。",
        ]),
        ("公示期限", [
            "公示期为五日，自本公告发布之日起计算。",
            "候选人介绍会定于{CL_MEET}在{HALL}举行，欢迎广大选民参加。",
            "候选人可以在介绍会上介绍自己的履职设想，回答选民提问。",
        ]),
        ("监督方式", [
            "公示期间，选民对候选人有意见的，可以书面或当面向{ELECOM}反映，反映问题应当实事求是。",
            "候选人应当遵守换届纪律，不得以任何形式拉票、贿选。",
            "对署名反映的问题，{ELECOM}将及时调查核实并反馈。",
        ]),
    ],
    "result": [
        ("投票情况", [
            "本次选举共设中心会场1个、投票站{N1}个、流动票箱{N1}个。",
            "各投票站选票经集中后统一计票，无效票{N1}张。",
            "计票工作在{MONITOR}成员和选民代表的监督下公开进行。",
            "选举全过程公开透明，秩序井然，广大选民依法有序参与。",
        ]),
        ("后续工作", [
            "当选人员名单已报{UPPER}备案，{ELECOM}将于选举后及时颁发当选证书。",
            "新老班子应当在选举产生后十日内完成工作移交，由{UPPER}监督。",
            "新一届{COMMITTEE}将于近期召开第一次会议，明确分工。",
        ]),
        ("监督和申诉", [
            "对选举结果有异议的，可以在公告之日起五日内向{ELECOM}或{UPPER}反映。",
            "对以威胁、贿赂、伪造选票等不正当手段当选的，其当选无效。",
            "申诉应当写明事实和理由，并署真实姓名。",
        ]),
    ],
    "discipline": [
        ("严禁行为", [
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
        ]),
        ("责任追究", [
            "对违反换届纪律的行为，发现一起、查处一起，绝不姑息。",
            "通过贿选等不正当手段当选的，当选无效。",
            "对涉嫌违法犯罪的，移送司法机关依法处理。",
            "对失职失责的，严肃追究有关人员的责任。",
        ]),
        ("监督方式", [
            "党员干部要带头遵守换届纪律，自觉接受组织和群众监督。",
            "对违反换届纪律的行为，欢迎广大{PEOPLE}拨打12388纪检监察举报电话举报。",
            "{UPPER}设立换届风气监督组，全程跟踪督导。",
        ]),
        ("公开承诺", [
            "本人郑重承诺，严格遵守换届纪律，不拉票、不贿选。",
            "如有违反，自愿接受组织处理，当选的自愿辞去职务。",
            "承诺书一式两份，一份由本人留存，一份交{UPPER}备案。",
        ]),
    ],
    "finance": [
        ("收入情况", [
            "本期集体经营性收入主要来源于{PROJECT}租金和集体资产发包收入。",
            "上级补助资金实行专款专用，不得挪作他用。",
            "本期收入均已及时入账，未发现坐收坐支现象。",
        ]),
        ("支出情况", [
            "所有支出均经{UNIT}两委研究，重大支出经{PEOPLE}代表会议讨论通过。",
            "本期支出中，公益事业支出占{PCT}%，主要用于道路维修和环境卫生保洁。",
            "干部误工补贴按照标准发放，已在本期支出中列示。",
            "单笔支出超过{N3}元的，均按规定履行“四议两公开”程序。",
        ]),
        ("资产和负债", [
            "截至本期末，集体资产总额{WAN}万元，负债{N2}万元。",
            "本期无新增对外借款和担保事项。",
            "集体资产已全部录入农村集体“三资”管理平台。",
        ]),
        ("审核意见", [
            "民主理财小组已对本期全部票据逐笔审核，未发现违规开支。",
            "现金收支全部纳入“三资”管理平台统一核算。",
            "{PEOPLE}对公开内容有疑问的，可在公开之日起十日内向{MONITOR}提出询问。",
        ]),
    ],
    "power-list": [
        ("重大事项决策", [
            "凡涉及重大事项的，必须经过党组织提议、两委会议商议、党员大会审议、{PEOPLE}代表会议或{PEOPLE}会议决议。",
            "决议事项和实施结果均应公开，接受{PEOPLE}监督。",
            "重大事项包括年度工作计划、集体经济项目立项、集体资产处置等。",
        ]),
        ("工程项目和采购", [
            "工程项目由两委提出方案，按规定进行公开招标或者比选。",
            "物资采购单次金额在{N3}元以上的，须三家以上比价。",
            "工程竣工后由{MONITOR}参与验收，结算情况予以公开。",
        ]),
        ("资产资源管理", [
            "集体资产资源发包、出租，应当通过农村产权交易平台公开进行。",
            "合同签订后报镇（街道）农村经营管理部门备案。",
            "严禁低价发包、私下交易。",
        ]),
        ("便民服务事项", [
            "最低生活保障申请由本人提出，经民主评议后报{UPPER}审核。",
            "宅基地申请经{GROUP}讨论、两委审查后公示，无异议的报镇（街道）审批。",
            "公章使用实行登记审批制度，严禁在空白纸张、空白介绍信上加盖公章。",
            "出具各类证明应当实事求是，办理时限原则上不超过{N1}个工作日。",
        ]),
        ("监督措施", [
            "{MONITOR}全程参与监督，发现问题及时向{UPPER}报告。",
            "未列入清单的事项，参照相近事项的程序办理。",
            "对违反清单规定用权的，依规依纪严肃处理。",
        ]),
    ],
    "affairs": [
        ("项目概况", [
            "{PROJECT}总投资{WAN}万元，于{DATE_CN}开工。",
            "项目经{PEOPLE}代表会议讨论通过，并报{UPPER}备案。",
            "项目施工单位通过公开比选确定。",
        ]),
        ("实施情况", [
            "目前已完成工程量的{PCT}%，预计{DEADLINE_CN}前完工。",
            "工程质量由{MONITOR}全程监督。",
            "项目竣工后将组织验收，并将决算情况另行公开。",
        ]),
        ("资金发放", [
            "本期共有{N2}户符合条件，发放{SUBSIDY}合计{WAN}万元。",
            "资金已通过“一卡通”直接打入{PEOPLE}账户，不经手现金。",
            "经入户核查，本期新增{N1}户，退出{N1}户。",
        ]),
        ("会议决议", [
            "{PEOPLE}代表会议应到{N2}人，实到{N2}人，会议审议通过了相关事项。",
            "会议由党组织书记主持，{MONITOR}成员列席会议。",
            "会议决议已报{UPPER}备案。",
        ]),
        ("意见反馈", [
            "对公示内容有异议的，请在公示期内向两委或{MONITOR}反映。",
            "本次公开内容同时张贴于本{UNIT}公开栏。",
            "两委将继续做好后续管理工作，确保项目长期发挥效益。",
        ]),
    ],
    "supervision": [
        ("工作开展情况", [
            "全年列席两委会议{N1}次，审核财务票据{N2}张，涉及金额{WAN}万元。",
            "对{PROJECT}开展全程监督，督促施工方整改问题{N1}个。",
            "受理{PEOPLE}反映问题{N1}件，均已按时办结并反馈。",
            "督促按时公开{AFFAIRS}事项{N2}项。",
        ]),
        ("发现的问题和整改", [
            "部分票据审核不及时、公开内容不够具体的问题已督促整改。",
            "个别项目合同管理不规范的问题，已责成有关人员限期整改。",
            "整改情况已在本{UNIT}公开栏公布。",
        ]),
        ("举报方式", [
            "监督举报可拨打12345便民服务热线或12388纪检监察举报电话。",
            "来信请寄{T}纪检监察部门，来访请到{HALL}。",
            "在{HALL}设有意见箱，由{MONITOR}每周开箱一次。",
        ]),
        ("有关要求", [
            "举报人应当据实反映问题，对捏造事实、诬告陷害他人的，依法追究责任。",
            "对举报人的信息严格保密，严禁打击报复。",
            "匿名举报的，请尽量提供具体线索。",
        ]),
    ],
    "news": [
        ("活动现场", [
            "活动现场，工作人员通过发放宣传资料、现场讲解等方式，向{PEOPLE}普及相关知识。",
            "活动形式新颖、内容丰富，现场气氛热烈。",
            "{UPPER}有关负责同志到现场指导。",
            "党员志愿者走街入户，为高龄、独居老人送去米、油等慰问品。",
        ]),
        ("主要做法", [
            "活动中，干部与{PEOPLE}面对面交流，现场收集意见建议{N1}条。",
            "工作人员还结合典型案例，提醒大家提高防范意识。",
            "本次活动共发放宣传册{N3}份，解答{PEOPLE}咨询{N2}人次。",
        ]),
        ("群众反响", [
            "不少{PEOPLE}表示，这样的活动实实在在，很接地气。",
            "一位参加活动的老人说，家门口就能享受到服务，心里暖暖的。",
            "大家纷纷表示，今后要多组织这样的活动。",
        ]),
        ("工作成效", [
            "截至目前，已累计开展类似活动{N1}场，覆盖{PEOPLE}{N3}余人次。",
            "通过持续开展活动，{PEOPLE}的参与意识明显增强。",
        ]),
        ("下一步", [
            "下一步，{V}将把此项活动常态化开展，不断提升{PEOPLE}的获得感、幸福感和安全感。",
            "{V}还将结合实际，探索更多贴近{PEOPLE}需求的服务方式。",
        ]),
    ],
}

OPENINGS = {
    "announcement": [
        "为进一步做好{TOPIC}工作，切实保障广大{PEOPLE}的合法权益，根据上级有关文件精神，结合本{UNIT}实际，现将有关事项公告如下：",
        "根据{UPPER}工作部署，经研究决定，现就{TOPIC}有关事项通知如下：",
        "近期，{UPPER}对{TOPIC}工作作出部署。为确保各项工作落到实处，请全体{PEOPLE}知悉并积极配合，具体事项公告如下：",
    ],
    "election-notice": [
        "根据《中华人民共和国村民委员会组织法》和{UPPER}关于{Y}年村（社区）“两委”换届选举工作的部署，经{ELECOM}研究决定，现将{V}{TERM}{COMMITTEE}选举有关事项公告如下：",
        "{V}{TERM}{COMMITTEE}换届选举工作已全面启动。依照法律法规和上级有关规定，{ELECOM}现将选举日期、地点和职位职数等事项予以公告：",
    ],
    "voter-list": [
        "{ELECOM}于{REGFROM}至{REGTO}组织开展了选民登记工作，现将登记结果公示如下：",
        "{V}{TERM}{COMMITTEE}选举的选民登记工作已经结束。依照规定，选民名单应当在选举日的二十日以前公布，现予公示：",
    ],
    "candidate-list": [
        "经本{UNIT}有选举权的{PEOPLE}直接提名，并依照得票多少确定，{V}{TERM}{COMMITTEE}正式候选人已经产生，现将名单公示如下：",
        "根据{ELECOM}关于候选人提名的公告，经资格审查，现将{V}{TERM}{COMMITTEE}正式候选人名单（按职位排列）公布如下：",
    ],
    "result": [
        "{V}{TERM}{COMMITTEE}选举大会于{DAY_CN}举行。本次选举登记选民{REG}人，参加投票{CAST}人，参加投票的选民超过登记选民的半数，选举有效。现将选举结果公告如下：",
        "{V}于{DAY_CN}依法进行了{TERM}{COMMITTEE}的直接选举。登记选民{REG}人，发出选票{CAST}张，收回选票{CAST}张。经统计，选举结果如下：",
    ],
    "discipline": [
        "为严肃换届纪律，确保{Y}年村（社区）“两委”换届风清气正，根据上级有关文件精神，现将换届纪律要求公告如下，请广大党员群众共同遵守、相互监督：",
        "换届选举是基层政治生活中的一件大事。为保障{PEOPLE}依法行使民主权利，严防拉票贿选等违纪违法行为，特作如下要求：",
    ],
    "finance": [
        "根据{AFFAIRS}公开和财务管理有关规定，经{MONITOR}审核，现将本{UNIT}{PERIOD}财务收支情况公开如下，欢迎广大{PEOPLE}监督：",
        "为加强集体“三资”管理，保障{PEOPLE}的知情权、参与权和监督权，现将{V}{PERIOD}财务收支情况予以公开：",
        "本{UNIT}严格执行“村账镇代理”制度，所有收支均经民主理财小组审核。现将{PERIOD}有关情况公示如下：",
    ],
    "power-list": [
        "为规范基层权力运行，根据{UPPER}关于推行小微权力清单制度的部署，结合本{UNIT}实际，制定本清单：",
        "小微权力清单是干部用权的“说明书”和{PEOPLE}监督的“明白卡”。现将{V}小微权力清单及运行流程公开如下：",
    ],
    "affairs": [
        "根据{AFFAIRS}公开有关规定，现将本{UNIT}近期重要事项公开如下，如有疑问请在公示期内向{MONITOR}反映：",
        "为保障{PEOPLE}的知情权和监督权，经两委研究，现就{PROJECT}有关情况予以公示：",
        "经{PEOPLE}代表会议讨论通过，{V}{Y}年{SUBSIDY}发放工作已经完成，现将有关情况公示如下：",
    ],
    "supervision": [
        "{Y}年以来，{V}{MONITOR}在{UPPER}的指导下，围绕{AFFAIRS}公开、财务管理和工程项目建设等重点事项开展监督，现将有关情况报告如下：",
        "为畅通群众监督渠道，及时发现和纠正基层“微腐败”问题，现将{V}监督举报方式公告如下：",
    ],
    "news": [
        "{DATE_CN}，{V}组织开展{ACTIVITY}，干部、党员志愿者和{PEOPLE}代表共{N2}余人参加。",
        "近日，{V}结合实际，扎实开展{ACTIVITY}，受到{PEOPLE}普遍欢迎。",
        "为进一步丰富{PEOPLE}精神文化生活，{V}于{DATE_CN}开展{ACTIVITY}。",
    ],
}

# Fragments of the filler sentences: "{when}，{who}{did}，{outcome}。" and
# "针对{issue}，{who}{measure}。" -- thousands of combinations, with numbers.
WHEN = ["{Y}年以来", "近期", "本季度", "{MON}月以来", "今年以来", "上半年", "春节前后", "汛期前", "入冬以来",
        "国庆节前", "年初", "{MON}月中旬", "此前", "上个月"]
WHO = ["两委干部", "党员志愿者", "网格员", "{MONITOR}", "包片干部", "{GROUP_HEAD}", "妇联执委", "老年协会",
       "青年志愿者", "驻点工作人员", "党员先锋队", "红白理事会", "调解委员会"]
DID = ["开展入户走访{n}户", "排查各类隐患{n}处", "召开专题会议{n}次", "清理卫生死角{n}处", "修缮破损路面{n}处",
       "走访困难群众{n}户", "收集意见建议{n}条", "调解矛盾纠纷{n}起", "开展政策宣讲{n}场", "更新公开栏内容{n}期",
       "组织业务培训{n}次", "清运垃圾{n}吨", "补种绿化苗木{n}株", "安装路灯{n}盏", "疏通排水沟渠{n}条",
       "张贴宣传标语{n}条", "发放告知书{n}份", "慰问老党员{n}名"]
OUTCOME = ["取得了良好效果", "群众满意度明显提升", "发现的问题已全部整改到位", "相关情况已向{UPPER}报告",
           "有关台账已归档备查", "得到了{PEOPLE}的广泛好评", "为下一步工作打下了基础", "做到了底数清、情况明",
           "有关工作按时序推进", "各项任务有序落实"]
ISSUE = ["环境卫生的薄弱环节", "群众反映集中的问题", "道路交通安全隐患", "独居老人的生活困难",
         "集体资产管理中的薄弱环节", "公开内容不够具体的问题", "雨季排水不畅的问题", "停车难问题"]
MEASURE = ["建立了定期巡查制度", "落实了专人负责", "制定了整改清单并明确时限", "实行了周通报、月总结",
           "建立了工作台账，实行销号管理", "邀请{PEOPLE}代表全程参与", "主动对接{UPPER}争取支持"]

GENERAL_SENTENCES = [
    "有关工作将坚持公开、公平、公正的原则，自觉接受{PEOPLE}监督。",
    "请广大{PEOPLE}积极支持、共同参与。",
    "有关事项由{ORG}负责解释。",
    "如对以上内容有疑问，请在工作日到{HALL}咨询。",
    "本公告同时在本{UNIT}公开栏和“福州市村（社区）务公开”网站发布。",
    "欢迎{PEOPLE}通过意见箱或当面反映等方式提出意见建议。",
    "工作中要坚持依法依规，做到程序规范、结果公开。",
    "请大家相互转告，确保人人知晓。",
]

TIPS = [
    "温馨提示：本{UNIT}所有公开事项均可在“福州市村（社区）务公开”网站查询。",
    "温馨提示：办理业务不收取任何费用，谨防上当受骗。",
    "温馨提示：监督举报可拨打12345便民服务热线。",
    "温馨提示：高龄老人和行动不便人员可预约上门服务。",
]


class Rng(random.Random):
    """random.Random whose choice/randint/randrange take one random() call each:
    as deterministic as the originals and several times cheaper, and they are
    called about fifty times a notice; sample likewise. (choices: the standard one.)"""

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def randint(self, a, b):
        return a + int(self.random() * (b - a + 1))

    def randrange(self, start, stop=None):
        if stop is None:
            start, stop = 0, start
        return start + int(self.random() * (stop - start))

    def sample(self, population, k):
        pool = list(population)
        n = len(pool)
        if not 0 <= k <= n:
            raise ValueError("sample larger than population")
        for i in range(k):  # partial Fisher-Yates
            j = i + int(self.random() * (n - i))
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:k]


# --------------------------------------------------------------------------
# Regions
# --------------------------------------------------------------------------


class Region:
    __slots__ = ("name", "kind", "code", "rel", "election", "town", "county")

    def __init__(self, name, kind, code, rel):
        self.name, self.kind, self.code, self.rel = name, kind, code, rel  # rel: folder below content/
        self.election = None  # dict for villages/communities
        self.town = None
        self.county = None


def read_divisions(path: Path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    city = [r for r in rows if r["kind"] == "city"]
    if len(city) != 1:
        die(f"{path}: expected one city row, found {len(city)}")
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
    rng = Rng(f"gongshi-regions-{seed}")
    city_row, rows = read_divisions(DIVISIONS)
    city = Region(city_row["name"], "city", city_row["code"], "")
    counties, towns, villages = [], [], []
    by_code = {city.code: city}
    for r in rows:
        if r["kind"] == "county":
            reg = Region(r["name"], "county", r["code"], r["code"][:6])
            reg.county = reg
            counties.append(reg)
            by_code[reg.code] = reg
    for r in rows:
        if r["kind"] == "town":
            parent = by_code[r["parent_code"]]
            reg = Region(r["name"], "town", r["code"], f"{parent.rel}/{r['code'][:9]}")
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
            reg = Region(name, "community" if community else "village", code, f"{town.rel}/v{suffix:03d}")
            reg.town, reg.county = town, town.county
            reg.election = make_election(rng, community)
            villages.append(reg)
    return city, counties, towns, villages


def make_election(rng: random.Random, community: bool) -> dict:
    day = dt.date(2021, 3, 10) + dt.timedelta(days=rng.randrange(61))  # 2021-03-10 .. 2021-05-09
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
        # Not written to _region.toml: the registration period the notices quote.
        "reg_from": day - dt.timedelta(days=rng.randint(44, 48)),
        "reg_days": rng.randint(3, 5),
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
            out.append([s, f"{cents // 100}.{cents % 100:02d}", rng.choice(["", "已入账", "本期合计", "上级拨付"])])
        for s in rng.sample(spends, rng.randint(3, 7)):
            cents = rng.randint(20_000, 8_000_000)
            total_out += cents
            out.append([s, f"-{cents // 100}.{cents % 100:02d}", rng.choice(["", "已审核", "凭证齐全", "经民主理财小组审核"])])
        net = total_in - total_out
        sign = "-" if net < 0 else ""
        out.append(["本期结余", f"{sign}{abs(net) // 100}.{abs(net) % 100:02d}", "收入减支出"])
        return (f"{V}{ctx['PERIOD']}财务收支明细", csv_text(["科目", "金额（元）", "备注"], out))
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
            ["公布选民名单", cn_date(day - dt.timedelta(days=21)) + "前"],
            ["提名候选人", f"{cn_date(day - dt.timedelta(days=19))}至{cn_date(day - dt.timedelta(days=16))}"],
            ["公布正式候选人名单", cn_date(day - dt.timedelta(days=6)) + "前"],
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
        rows = [[i + 1, s.rstrip("。")] for i, s in enumerate(rng.sample(SECTIONS["discipline"][0][1], rng.randint(4, 8)))]
        return f"{V}换届纪律要求", csv_text(["序号", "纪律要求"], rows)
    if kind == "news":
        rows = [[a, f"{ctx['Y']}年{rng.randint(1, ctx['MON'])}月", rng.randint(15, 400)] for a in rng.sample(ACTIVITIES, rng.randint(3, 6))]
        return f"{V}{ctx['Y']}年活动开展情况", csv_text(["活动", "时间", "参与人数"], rows)
    # announcement
    steps = ["宣传发动", "集中登记", "入户核查", "补充办理", "结果公示", "总结上报"]
    picked = sorted(rng.sample(range(len(steps)), rng.randint(3, 5)))
    day = ctx["_date"]
    rows = []
    for i in picked:
        day += dt.timedelta(days=rng.randint(1, 6))
        rows.append([steps[i], cn_date(day), ctx["HALL"]])
    return f"{V}工作安排", csv_text(["事项", "时间", "地点"], rows)


def region_context(reg: Region) -> dict:
    """Values that depend on the region only (computed once per region)."""
    if reg.kind in ("village", "community"):
        community = reg.kind == "community"
        unit = "社区" if community else "村"
        c = {
            "V": reg.name, "T": reg.town.name, "C": reg.county.name,
            "UNIT": unit, "PEOPLE": "居民" if community else "村民",
            "GROUP": "居民小组" if community else "村民小组",
            "GROUP_HEAD": "居民小组组长" if community else "村民小组组长",
            "LEADERS": "社区两委" if community else "村两委",
            "COMMITTEE": "居民委员会" if community else "村民委员会",
            "ORG": reg.name + ("居民委员会" if community else "村民委员会"),
            "ELECOM": reg.name + ("居民选举委员会" if community else "村民选举委员会"),
            "MONITOR": "居务监督委员会" if community else "村务监督委员会",
            "TERM": "第九届" if community else "第十二届",
            "AFFAIRS": "居务" if community else "村务",
            "HALL": reg.name + ("党群服务中心" if community else "村部会议室"),
            "UPPER": reg.town.name + ("党工委" if reg.town.name.endswith("街道") else "党委"),
        }
    else:
        name = reg.name
        if reg.kind == "city":
            unit, org, upper = "市", name + "人民政府", "省委、省政府"
            leaders = "市委、市政府"
        elif reg.kind == "county":
            unit, org, upper = name[-1], name + "人民政府", "市委、市政府"  # 区, 县 or 市
            leaders = f"{unit}委、{unit}政府"
        elif name.endswith("街道"):
            unit, org, upper = "街道", name + "办事处", reg.county.name + "委、" + reg.county.name + "政府"
            leaders = "街道党工委、办事处"
        elif name[-1] in "镇乡":
            unit, org, upper = name[-1], name + "人民政府", reg.county.name + "委、" + reg.county.name + "政府"
            leaders = f"{unit}党委、{unit}政府"
        else:
            unit, org, upper = "场（区）", name + "管理委员会", reg.county.name + "委、" + reg.county.name + "政府"
            leaders = "管委会"
        c = {
            "V": name, "T": (reg.town or reg).name, "C": (reg.county or reg).name, "UNIT": unit,
            "PEOPLE": "群众", "GROUP": "村（社区）", "GROUP_HEAD": "村（社区）负责人", "LEADERS": leaders,
            "COMMITTEE": "村民委员会", "ORG": org,
            "ELECOM": org, "MONITOR": "纪检监察部门", "TERM": "", "AFFAIRS": "政务", "HALL": org + "便民服务中心", "UPPER": upper,
        }
    return c


def pick_date(rng: random.Random, kind: str, e: dict | None) -> dt.date:
    if kind in ELECTION_KINDS:
        day = e["day"]
        # election notice (day-60 .. day-50) before registration (day-48 .. day-39), voter
        # list >= 20 days before the day, candidate list >= 5 days before, result on the day
        # or the next (spec section 5).
        back = {"election-notice": (50, 60), "voter-list": (20, 35), "candidate-list": (5, 15), "result": (-1, 0)}[kind]
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
    q = (date.month - 1) // 3 + 1
    ctx = Fill(rctx)
    ctx.update(
        _date=date, Y=date.year, Q=cn_num(q), MON=date.month, DATE_CN=cn_date(date),
        PERIOD=rng.choice([f"{date.year}年第{cn_num(q)}季度", f"{date.year}年{date.month}月", f"{date.year}年度"]),
        DEADLINE_CN=cn_date(date + dt.timedelta(days=rng.randint(7, 30))),
        N1=rng.randint(2, 12), N2=rng.randint(15, 300), N3=rng.randint(300, 5000),
        WAN=f"{rng.randint(15, 3000) / 10:.1f}", PCT=rng.randint(60, 99),
        PROJECT=rng.choice(PROJECTS), SUBSIDY=rng.choice(SUBSIDIES),
        ACTIVITY=rng.choice(ACTIVITIES), NO=rng.randint(1, 5),
    )
    ctx["TOPIC"] = rng.choice(TOPICS).format_map(ctx)
    slate = None
    if e:
        day = e["day"]
        deputies, members = posts_for(e["seats"])
        ctx.update(
            _day=day, DAY_CN=cn_date(day), SEATS=e["seats"], DEP=deputies, MEM=members,
            REG=e["registered"], CAST=e["cast"], REGFROM=cn_date(e["reg_from"]),
            REGTO=cn_date(e["reg_from"] + dt.timedelta(days=e["reg_days"])),
            VL_CN=cn_date(day - dt.timedelta(days=20)),
            CL_MEET=cn_date(day - dt.timedelta(days=rng.randint(2, 4))),
            Y=day.year,
        )
        if kind in ("candidate-list", "result"):
            slate = make_slate(rng, e, reg.kind == "community", kind == "result")

    title = rng.choice(TITLES[kind]).format_map(ctx)
    parts = [rng.choice(OPENINGS[kind]).format_map(ctx)]
    table_name = table_csv = table_line = None
    if with_table:
        caption, table_csv = table_for(kind, rng, ctx, slate)
        table_name = f"n{number:06d}.csv"
        table_line = f'{{{{ table(src="{table_name}", caption="{caption}") }}}}'

    # The facts of the notice, when its kind has them: right after the opening.
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
            parts.append("\n".join(f"{i}. {r['name']}，{'女' if r['female'] else '男'}，{r['age']}岁，{r['edu']}，拟任{r['post']}"
                                   for i, r in enumerate(slate, 1)))
        table_line = None
    elif kind == "voter-list":
        female = e["registered"] * rng.randint(46, 52) // 100
        parts.append(f"本次共登记选民**{e['registered']}**人，其中男性{e['registered'] - female}人，女性{female}人。"
                     f"公示期为{ctx['DATE_CN']}至{cn_date(date + dt.timedelta(days=5))}。")
    elif table_line and rng.random() < 0.5:
        parts.append(table_line)
        table_line = None

    closing = closing_block(rng, kind, ctx, date, title)
    target = rng.randint(300, 1500)
    cap = 1500 - len(closing) - 2 - (len(table_line) + 2 if table_line else 0)
    size = sum(len(p) + 2 for p in parts)
    r = rng.random()
    if kind == "news":
        hstyle = "none" if r < 0.5 else "plain"
    else:
        hstyle = "h2" if r < 0.6 else ("h3" if r < 0.85 else "bold")
    index = 0
    for heading, sentences in SECTIONS[kind]:
        if size + len(closing) >= target:
            break
        if rng.random() < 0.15:
            continue
        block = section(rng, kind, ctx, heading, sentences, hstyle, index, short=False)
        if size + len(block) + 2 > cap:
            block = section(rng, kind, ctx, heading, sentences, hstyle, index, short=True)
            if size + len(block) + 2 > cap:
                break
        parts.append(block)
        size += len(block) + 2
        index += 1
        if table_line:  # a table goes after the first section
            parts.append(table_line)
            size += len(table_line) + 2
            cap += len(table_line) + 2
            table_line = None
    extra = 0
    while size + len(closing) < 300 or (size + len(closing) < target and extra < 2):
        block = "".join(filler(rng, ctx) for _ in range(rng.randint(2, 4)))
        if size + len(block) + 2 > cap and size + len(closing) >= 300:
            break
        parts.append(block)
        size += len(block) + 2
        extra += 1
    if table_line:
        parts.append(table_line)
    parts.append(closing)
    body = "\n\n".join(parts) + "\n"

    fm = [f'title = "{title}"', f'kind = "{kind}"', f"date = {date.isoformat()}"]
    if e:
        fm.append(f'election = "{e["id"]}"')
        if kind in ("voter-list", "candidate-list"):  # five days of display, ended before the day
            fm.append(f"valid_until = {min(date + dt.timedelta(days=5), e['day'] - dt.timedelta(days=1)).isoformat()}")
        elif kind == "result":
            fm.append(f"valid_until = {(date + dt.timedelta(days=7)).isoformat()}")
    elif kind in ("finance", "affairs") and rng.random() < 0.6:
        fm.append(f"valid_until = {(date + dt.timedelta(days=rng.choice([7, 10, 15, 30]))).isoformat()}")
    text = "+++\n" + "\n".join(fm) + "\n+++\n\n" + body
    return text, table_name, table_csv


def filler(rng: random.Random, ctx: dict) -> str:
    """One sentence from fragments: varied text for the search index to chew on."""
    ctx["n"] = rng.randint(2, 80)
    if rng.random() < 0.7:
        s = f"{rng.choice(WHEN)}，{rng.choice(WHO)}{rng.choice(DID)}，{rng.choice(OUTCOME)}。"
    else:
        s = f"针对{rng.choice(ISSUE)}，{rng.choice(WHO)}{rng.choice(MEASURE)}。"
    return s.format_map(ctx)


def section(rng, kind, ctx, heading, sentences, hstyle, index, short=False):
    """One heading and its text: a paragraph, a numbered or bulleted list, maybe a tip."""
    num = cn_num(index + 1)
    head = {"h2": f"## {num}、{heading}", "h3": f"### （{num}）{heading}", "bold": f"**{num}、{heading}**",
            "plain": f"### {heading}", "none": ""}[hstyle]
    if short:
        content = rng.choice(sentences).format_map(ctx)
    else:
        picked = rng.sample(sentences, rng.randint(min(2, len(sentences)), len(sentences)))
        if heading == "严禁行为":
            picked = sentences[:]  # the "ten prohibitions" are listed whole, in order
        picked = [s.format_map(ctx) for s in picked]
        fill = [filler(rng, ctx) for _ in range(rng.choice((0, 0, 0, 1, 1, 2)))]
        style = rng.random()
        if heading == "严禁行为":
            content = "\n".join(f"{i}. {s}" for i, s in enumerate(picked, 1))
        elif hstyle == "none" or style < 0.5 or (len(picked) < 3 and style < 0.9):
            content = "".join(picked + fill)
        elif style < 0.75:
            content = "\n".join(f"{i}. {s}" for i, s in enumerate(picked + fill, 1))
        elif style < 0.9:
            content = (fill[0] if fill else rng.choice(GENERAL_SENTENCES).format_map(ctx)) + "\n\n" + \
                "\n".join(f"- {s}" for s in picked)
        else:
            content = "".join(picked + fill) + "\n\n> " + rng.choice(TIPS).format_map(ctx)
    return f"{head}\n\n{content}" if head else content


def closing_block(rng, kind, ctx, date, title):
    if kind == "news":
        return f"（{ctx['V']}供稿）"
    if kind == "discipline" or title.endswith("通知"):
        word = "特此通知。"
    elif title.endswith("报告"):
        word = "特此报告。"
    else:
        word = rng.choice(["特此公告。", "特此公示。"])
    signer = ctx["ELECOM"] if kind in ELECTION_KINDS else ctx["ORG"]
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


def die(message: str) -> None:
    print(f"gen_site: {message}", file=sys.stderr)
    sys.exit(2)


def prepare_out(out: Path, force: bool) -> None:
    """Refuse a non-empty DIR unless --force; even then delete only content/ and
    site/ of a site this script wrote (it leaves MARKER), never hand-made ones."""
    if out.exists() and not out.is_dir():
        die(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()):
        if not force:
            die(f"{out} is not empty; pass --force to replace a site generated there before")
        ours = (out / MARKER).is_file()
        for sub in ("content", "site"):
            if (out / sub).exists():
                if not ours:
                    die(f"{out / sub} was not written by gen_site (no {MARKER}); refusing to delete it")
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
    rng = Rng(f"gongshi-notices-{args.seed}-{args.notices}")
    kinds, homes, tables = plan(rng, args.notices, villages, towns, counties)

    nbytes = 0

    def write(path, text: str) -> None:
        nonlocal nbytes
        data = text.encode("utf-8")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            view = memoryview(data)
            while view:  # one write(2) for these small files, but never assume it
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        nbytes += len(data)

    # The marker first: an interrupted run can still be replaced with --force.
    write(out / MARKER, json.dumps({"generator": "benches/gen_site.py", "notices": args.notices,
                                    "seed": args.seed}, sort_keys=True) + "\n")
    content = out / "content"
    (out / "site").mkdir(parents=True, exist_ok=True)
    write(out / "site" / "config.toml", CONFIG_TOML)
    all_regions = [city] + counties + towns + villages
    dirs, ctxs = {}, {}
    for reg in all_regions:
        d = content / reg.rel if reg.rel else content
        d.mkdir(parents=True, exist_ok=True)
        write(d / "_region.toml", region_toml(reg))
        dirs[reg.code], ctxs[reg.code] = str(d), region_context(reg)

    ntables = 0
    for i, (kind, reg) in enumerate(zip(kinds, homes)):
        text, tname, tcsv = make_notice(rng, kind, reg, ctxs[reg.code], i + 1, bool(tables[i]))
        d = dirs[reg.code]
        write(f"{d}/n{i + 1:06d}.md", text)
        if tname:
            write(f"{d}/{tname}", tcsv)
            ntables += 1

    secs = time.perf_counter() - t0
    print(f"gen_site: {len(all_regions)} regions (1 city, {len(counties)} counties, {len(towns)} towns, "
          f"{len(villages)} villages/communities), {args.notices} notices, {ntables} tables, "
          f"{nbytes} bytes in {secs:.1f}s -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
