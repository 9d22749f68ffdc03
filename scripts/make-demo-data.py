#!/usr/bin/env python3
"""Writes the demo site's generated data files (fictional people, fixed seed):

- content/xidong/dongjie/wenchang/2021-xuanmin-mingdan.csv: the full voter
  list of 文昌社区, as many names per residents' group as its published
  statistics (2021-xuanmin-tongji.csv) say, to show a large table;
- content/xidong/jinsha/jinxiu/2021-q3-jingfei-mingxi.xlsx: an Excel ledger,
  to show a table read from .xlsx.

Run again only to regenerate them: python3 scripts/make-demo-data.py
(needs openpyxl: pip install openpyxl).
"""
import csv
import random
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
rng = random.Random(20210821)

SURNAMES = ("陈" * 12 + "林" * 10 + "黄" * 8 + "张" * 6 + "吴" * 5 + "郑" * 5 + "王" * 5
            + "刘" * 4 + "李" * 4 + "杨" * 3 + "池" * 3 + "卓" * 2 + "曾" * 3 + "单" + "谢" * 2
            + "游" * 2 + "翁" * 2 + "魏" * 2 + "薛" + "査" + "仇" + "区" + "朴" + "解" + "盖" + "乐" + "缪" + "翟")
COMPOUND = ["欧阳", "上官", "司马", "尉迟"]
GIVEN = "国建明华秀英丽芳玉兰文伟强军平春梅志勇德福金水生荣桂珍宏辉海燕晓东丹宇婷杰俊涛敏静雪琴依依思远博雅子涵梓萱浩然"


def person_name():
    surname = rng.choice(COMPOUND) if rng.random() < 0.01 else rng.choice(SURNAMES)
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))
    return surname + given


def voter_list():
    folder = ROOT / "content/xidong/dongjie/wenchang"
    with open(folder / "2021-xuanmin-tongji.csv", encoding="utf-8-sig") as f:
        groups = [row for row in csv.reader(f)][1:-1]  # without header and 合计
    rows = []
    for group, total, men, _women, _outside in groups:
        sexes = ["男"] * int(men) + ["女"] * (int(total) - int(men))
        rng.shuffle(sexes)
        for sex in sexes:
            born = date(rng.randint(1925, 2003), rng.randint(1, 12), 1)
            rows.append([person_name(), sex, f"{born.year}年{born.month}月", group])
    with open(folder / "2021-xuanmin-mingdan.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["序号", "姓名", "性别", "出生年月", "居民小组"])
        for n, row in enumerate(rows, 1):
            w.writerow([n] + row)


def ledger():
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "收支明细"
    sheet.append(["日期", "摘要", "收入（元）", "支出（元）", "经办人"])
    entries = [
        (date(2021, 7, 2), "区财政拨付社区工作经费（第三季度）", 30000, None, "林秀英"),
        (date(2021, 7, 8), "购买打印耗材", None, 1260, "陈明"),
        (date(2021, 7, 15), "“邻里节”活动场地布置", None, 2380, "陈明"),
        (date(2021, 7, 20), "辖区物业企业捐赠", 6000, None, "林秀英"),
        (date(2021, 7, 28), "暑期青少年托管班教具", None, 3120, "黄丽芳"),
        (date(2021, 8, 5), "党群服务中心电费（7月）", None, 1406.30, "陈明"),
        (date(2021, 8, 10), "为民办事服务经费（2021年度第二批）", 50000, None, "林秀英"),
        (date(2021, 8, 16), "选民登记宣传材料印制", None, 1940, "郑建华"),
        (date(2021, 8, 23), "换届选举公告、选票印制", None, 1940, "郑建华"),
        (date(2021, 8, 30), "办公用品", None, 1872, "陈明"),
        (date(2021, 9, 3), "党群服务中心电费及网络费（8月）", None, 1406.30, "陈明"),
        (date(2021, 9, 10), "电动自行车集中充电棚建设（首付款）", None, 21900, "郑建华"),
        (date(2021, 9, 18), "“邻里节”活动物资", None, 3260, "黄丽芳"),
        (date(2021, 9, 26), "电动自行车集中充电棚建设（尾款）", None, 14600, "郑建华"),
        (date(2021, 9, 28), "党群服务中心电费及网络费（9月）", None, 1406.30, "陈明"),
        (date(2021, 9, 29), "办公用品", None, 2500, "陈明"),
    ]
    for day, what, income, spent, who in entries:
        sheet.append([day, what, income, spent, who])
        sheet.cell(row=sheet.max_row, column=1).number_format = "yyyy-mm-dd"
    book.save(ROOT / "content/xidong/jinsha/jinxiu/2021-q3-jingfei-mingxi.xlsx")


voter_list()
ledger()
