"""Word lists for ``homeward demo``: made-up but plausible Chinese records.

Nothing here describes a real person. The county codes are real (so the made-up
ID numbers pass ``stdnum.cn.ric``, birth place included) and valid for every
birth year from 2005 on.
"""

from __future__ import annotations

import datetime as dt

from stdnum.cn import ric


def make_id_number(county: str, birth: dt.date, male: bool, serial: int) -> str:
    """Return a valid made-up resident ID number (odd order code for boys)."""
    order = (serial % 500) * 2 + (1 if male else 0)
    body = f"{county}{birth:%Y%m%d}{order:03d}"
    return body + ric.calc_check_digit(body + "0")


def _words(text: str) -> tuple[str, ...]:
    """Return the space-separated words of ``text``."""
    return tuple(text.split())


CENTER_NAME = "示例市未成年人救助保护中心"
CENTER_ADDRESS = "示例市城南区和平路88号"
CENTER_PHONE = "0571-12345678"

#: (user name, full name, role) of the staff the demo adds beside the administrator.
STAFF = (
    ("zhangli", "张丽", "intake"),
    ("wangqiang", "王强", "intake"),
    ("liumin", "刘敏", "caseworker"),
    ("chenjing", "陈静", "viewer"),
)

#: Surnames, most common first (weights fall with the rank), then two-character
#: surnames and rare ones, including 生僻字 such as 𠮷.
SURNAMES = _words(
    "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 林 高 罗 郑 梁 谢 宋 唐 许 韩 冯 "
    "邓 曹 彭 曾 肖 田 董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 "
    "汪 范 金 石 廖 贾 夏 韦 付 方 白 邹 孟 熊 秦 邱 江 尹 薛 闫 段 雷 侯 龙 史 陶 黎 贺 顾 "
    "毛 郝 龚 邵 万 钱 覃 单 解 仇 区 朴 查 盖 乐 翟 缪 欧阳 司马 上官 诸葛 东方 皇甫 尉迟 "
    "令狐 慕容 长孙 𠮷 昝 亓 禤"
)

MALE_CHARS = _words(
    "伟 强 磊 军 勇 杰 涛 斌 超 明 刚 平 辉 鹏 华 飞 鑫 波 宇 浩 凯 健 俊 帆 帅 旭 宁 龙 林 "
    "阳 博 文 晨 轩 睿 子 梓 浩 然 泽 宇 航 铭 昊 天 佑 一 诺 嘉 俊 熙 宸 锦 程 逸 皓 "
    "堃 喆 昇 犇"
)
FEMALE_CHARS = _words(
    "芳 娜 敏 静 丽 艳 娟 霞 秀 玲 婷 雪 慧 颖 琳 晶 欣 怡 佳 悦 涵 萱 梦 琪 雨 欣 诗 "
    "可 馨 梓 紫 若 语 思 彤 妍 一 依 菲 晗 瑶 玥 祎 婧"
)

#: Names children of unknown identity give themselves, or that staff use for them.
NICKNAMES = _words(
    "小军 乐乐 豆豆 毛毛 小胖 妞妞 小宝 丫丫 小虎 壮壮 点点 贝贝 小花 阿明 小龙 石头"
)

#: A few names in the Uyghur style (transliterated, with the middle dot).
UYGHUR_NAMES = (
    "阿卜杜拉·买买提",
    "古丽娜尔·艾力",
    "艾克拜尔·吐尔逊",
    "热依拉·阿不都",
    "买买提·依明",
)

#: County codes (GB/T 2260) with the dialect people there speak.
COUNTIES = (
    ("110105", "普通话"),
    ("110108", "普通话"),
    ("120101", "天津话"),
    ("130102", "河北话"),
    ("130633", "河北话"),
    ("140105", "山西话"),
    ("150102", "普通话"),
    ("210102", "东北话"),
    ("220102", "东北话"),
    ("230102", "东北话"),
    ("310115", "上海话"),
    ("320106", "南京话"),
    ("330106", "杭州话"),
    ("340104", "合肥话"),
    ("341225", "皖北方言"),
    ("350102", "福州话"),
    ("360102", "南昌话"),
    ("360730", "客家话"),
    ("370102", "山东话"),
    ("371723", "山东话"),
    ("410105", "河南话"),
    ("411522", "河南话"),
    ("420106", "武汉话"),
    ("421127", "湖北话"),
    ("430105", "长沙话"),
    ("431228", "湖南话"),
    ("440106", "粤语"),
    ("440304", "粤语"),
    ("450103", "桂柳话"),
    ("450821", "粤语"),
    ("460106", "海南话"),
    ("500103", "重庆话"),
    ("500235", "重庆话"),
    ("510104", "四川话"),
    ("510824", "四川话"),
    ("511323", "四川话"),
    ("520102", "贵州话"),
    ("522627", "贵州话"),
    ("530102", "云南话"),
    ("532923", "云南话"),
    ("610113", "陕西话"),
    ("620102", "甘肃话"),
    ("630103", "青海话"),
    ("640104", "宁夏话"),
    ("650102", "新疆话"),
)

TOWNS = _words(
    "城关镇 新集镇 十里镇 河口镇 石桥镇 马庄乡 李集乡 清水镇 双河镇 白沙镇 黄土岭乡 柳林镇"
)
VILLAGES = _words("王湾村 张庄村 李家村 杨柳村 新河村 大田村 东坡村 高桥村 石门村 刘岗村 枣林村")
DISTRICTS = _words("城南 城北 东湖 西山 新港 开发区")

#: (category, weight) for children whose identity is known, and for those it is not.
CATEGORIES_KNOWN = (
    ("street", 15),
    ("lost", 12),
    ("unattended", 22),
    ("orphan", 5),
    ("no_guardian", 18),
    ("harmed", 8),
    ("offending", 8),
    ("other", 12),
)
CATEGORIES_UNKNOWN = (("lost", 50), ("street", 35), ("other", 15))

#: (ethnicity code, weight): Han most, then the larger minorities.
ETHNICITIES = (
    ("01", 900),
    ("03", 15),
    ("08", 15),
    ("06", 10),
    ("05", 10),
    ("07", 10),
    ("15", 10),
    ("04", 8),
    ("02", 7),
    ("11", 8),
    ("13", 4),
    ("12", 3),
)

REASONS = {
    "street": ("在车站附近流浪乞讨，被巡逻民警发现", "独自在街头流浪多日，无人照管"),
    "lost": ("与家人走散，在商场内哭泣，由群众报警", "在火车站与家人失散，无法说清住址"),
    "unattended": ("父母均无法履行抚养义务，生活无着", "父亲服刑、母亲离家，无人照料"),
    "orphan": ("父母双亡，其他亲属无力抚养", "父母因事故去世，暂无监护人"),
    "no_guardian": ("监护人因病住院，临时无人监护", "监护人被采取强制措施，需临时监护"),
    "harmed": ("遭受家庭暴力，身上有多处伤痕", "疑似遭受侵害，由学校报告公安机关"),
    "offending": ("多次夜不归宿、参与打架，由公安机关送来", "涉嫌盗窃被公安机关查获，未达刑责年龄"),
    "other": ("离家出走，由社区工作人员送来", "因家庭矛盾离家，请求临时庇护"),
}

CIRCUMSTANCES = (
    "自述因与父母争吵离家，乘长途汽车来到本市，靠捡拾废品度日。",
    "据护送民警介绍，该儿童在候车室滞留两天，身上无钱无证件。",
    "自述跟随亲戚外出务工后走散，记不清回家的路。",
    "在公园长椅过夜，被巡逻民警发现后护送至本站。",
    "由学校老师发现长期无人接送、无人做饭，经社区报告后送来。",
)
STREET_SINCE = ("一周前", "三天前", "约一个月前", "两个月前", "不详", "今年春节后")

INTAKE_CHECKS = (
    "身体检视未见明显外伤，精神状态尚可。",
    "体表有轻微擦伤，已消毒处理；情绪紧张。",
    "营养状况较差，偏瘦；神志清楚，对答切题。",
    "左前臂有陈旧性淤青，情绪低落，不愿多谈。",
)
HARM_CHECKS = (
    "背部及上臂有多处淤青，自述被家人殴打。",
    "面部有新鲜伤痕，精神紧张，惧怕成年男性。",
)
SECURITY_CHECKS = ("未发现危险物品。", "随身携带小刀一把，已代为保管。", "未发现违禁物品。")

HEALTH = ("良好", "良好", "良好", "轻度营养不良", "皮肤擦伤，已处理", "感冒发热，已就医")
MENTAL = ("正常", "正常", "情绪低落", "胆小，不愿说话", "活泼，能正常交流")
UNKNOWN_MENTAL = ("智力发育迟缓，表达不清", "不能说出家庭住址和父母姓名", "能简单交流，情绪稳定")
UNKNOWN_DISABILITY = ("", "", "智力残疾（疑似）", "听力障碍", "言语障碍")
APPEARANCE = (
    "圆脸，短发，左眉上方有一处约1厘米疤痕",
    "瓜子脸，齐耳短发，右耳垂有痣",
    "方脸，寸头，门牙缺一颗",
    "长脸，扎马尾辫，左手背有烫伤疤痕",
    "圆脸，大眼睛，皮肤较黑，后脑有一处旧伤疤",
)
CLOTHING = (
    "蓝色校服上衣，黑色运动裤，白色运动鞋",
    "红色羽绒服，灰色毛裤，棉鞋",
    "黑色T恤，牛仔短裤，拖鞋",
    "绿色外套，蓝色牛仔裤，黄色帆布鞋",
)

RELATIVES_PARENTS = (("父亲", True), ("母亲", False))
RELATIVES_OTHER = ("祖父", "祖母", "外祖父", "外祖母", "叔叔", "姑姑", "舅舅", "姨妈", "哥哥")

BELONGINGS = (
    ("书包", 1, "蓝色双肩包，内有课本", 0, False),
    ("手机", 1, "旧款智能手机，屏幕有裂痕", 0, True),
    ("现金", 1, "人民币", -1, True),
    ("换洗衣物", 2, "上衣、裤子各一件", 0, False),
    ("户口本复印件", 1, "一页", 0, False),
    ("玩具", 1, "塑料玩具车", 0, False),
    ("银手镯", 1, "儿童银手镯一只", 0, True),
)

NOTE_TEXTS = {
    "daily": (
        "作息正常，饮食良好。",
        "与同伴相处融洽，参加了集体活动。",
        "夜间睡眠不安，值班人员已安抚。",
    ),
    "counselling": ("进行个别心理疏导，情绪有所缓和。", "开展沙盘游戏，儿童愿意表达想法。"),
    "medical": ("带往医院检查，无大碍。", "发热38.5℃，遵医嘱服药后好转。"),
    "education": ("安排课业辅导一小时。", "联系原学校了解学习情况。"),
    "legal_aid": ("联系法律援助中心，告知相关权利。", "协助公安机关完成询问，社工在场。"),
}
NOTE_KINDS = (
    ("daily", 40),
    ("counselling", 25),
    ("medical", 15),
    ("education", 10),
    ("legal_aid", 10),
)

#: (discharge mode, weight); self_return only for children of 16 and over.
DISCHARGE_MODES = (
    ("escorted_home", 35),
    ("collected", 30),
    ("self_return", 5),
    ("placed", 15),
    ("ended", 5),
    ("left", 7),
    ("other", 3),
    ("died", 0.1),
)
#: What the discharge note says for the ways of leaving that must say why.
DISCHARGE_NOTES = {
    "left": "夜间擅自离站，已书面记录并报告公安机关。",
    "ended": "经评估不再符合救助条件，依规终止救助。",
    "died": "因病抢救无效死亡，已通知家属和公安机关。",
    "other": "由户籍地民政部门接回。",
}
#: Who collects a child (relationship, male), and who checks their ID at the desk.
COLLECTORS = (("父亲", True), ("母亲", False), ("祖父", True), ("祖母", False), ("舅舅", True))
CHECKERS = ("张丽", "王强")
PLACES = ("示例市儿童福利院", "家庭寄养（示例市城北区）", "亲属抚养", "示例市专门学校")
