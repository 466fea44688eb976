"""One definition per field: label, kind, limits and choices, used by the screens,
the printed forms, the import and the export alike (DESIGN.md, rule 5).

Labels and choice names are English source strings marked with ``N_``; show
them through ``_()``. Stored values are the stable keys (``"male"``, ``"01"``).
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.i18n import N_, NC_, _


@dataclass(frozen=True)
class Choice:
    """A stored value and its label."""

    value: str
    label: str


@dataclass(frozen=True)
class Field:
    """What a field is called, what it holds and its limits."""

    name: str
    label: str
    kind: str = (
        "text"  # text, multiline, date, datetime, int, bool, choice, id_number, phone, money
    )
    required: bool = False
    max_length: int | None = None
    choices: tuple[Choice, ...] = ()

    def choice_label(self, value: str | None) -> str:
        """Return the translated label of a stored choice value ('' when empty or unknown)."""
        for choice in self.choices:
            if choice.value == value:
                return _(choice.label)
        return ""

    def values(self) -> tuple[str, ...]:
        """Return the stored values this field accepts (choice fields)."""
        return tuple(choice.value for choice in self.choices)


def _choices(*pairs: tuple[str, str]) -> tuple[Choice, ...]:
    return tuple(Choice(value, label) for value, label in pairs)


SEX = _choices(("male", N_("Male")), ("female", N_("Female")), ("unknown", N_("Unknown")))

CATEGORY = _choices(
    ("street", N_("Living or begging on the street")),  # 流浪乞讨
    ("lost", N_("Lost")),  # 走失
    ("unattended", N_("De facto without care")),  # 事实无人抚养
    ("orphan", N_("Orphan")),  # 孤儿
    ("no_guardian", N_("Without guardianship / temporary guardianship")),  # 监护缺失/临时监护
    ("harmed", N_("Victim of harm or abuse")),  # 遭受侵害
    ("offending", N_("Serious misbehaviour / offending")),  # 严重不良行为/涉罪
    ("other", N_("Other")),  # 其他
)

#: The 56 ethnic groups with their GB/T 3304 codes, in the standard's order.
ETHNICITY = _choices(
    ("01", N_("Han")),
    ("02", N_("Mongol")),
    ("03", N_("Hui")),
    ("04", N_("Tibetan")),
    ("05", N_("Uyghur")),
    ("06", N_("Miao")),
    ("07", N_("Yi")),
    ("08", N_("Zhuang")),
    ("09", N_("Bouyei")),
    ("10", N_("Korean")),
    ("11", N_("Manchu")),
    ("12", N_("Dong")),
    ("13", N_("Yao")),
    ("14", N_("Bai")),
    ("15", N_("Tujia")),
    ("16", N_("Hani")),
    ("17", N_("Kazakh")),
    ("18", N_("Dai")),
    ("19", N_("Li")),
    ("20", N_("Lisu")),
    ("21", N_("Va")),
    ("22", N_("She")),
    ("23", N_("Gaoshan")),
    ("24", N_("Lahu")),
    ("25", N_("Sui")),
    ("26", N_("Dongxiang")),
    ("27", N_("Nakhi")),
    ("28", N_("Jingpo")),
    ("29", N_("Kyrgyz")),
    ("30", N_("Tu")),
    ("31", N_("Daur")),
    ("32", N_("Mulao")),
    ("33", N_("Qiang")),
    ("34", N_("Blang")),
    ("35", N_("Salar")),
    ("36", N_("Maonan")),
    ("37", N_("Gelao")),
    ("38", N_("Xibe")),
    ("39", N_("Achang")),
    ("40", N_("Pumi")),
    ("41", N_("Tajik")),
    ("42", N_("Nu")),
    ("43", N_("Uzbek")),
    ("44", N_("Russian")),
    ("45", N_("Evenki")),
    ("46", N_("De'ang")),
    ("47", N_("Bonan")),
    ("48", N_("Yugur")),
    ("49", N_("Gin")),
    ("50", N_("Tatar")),
    ("51", N_("Derung")),
    ("52", N_("Oroqen")),
    ("53", N_("Hezhen")),
    ("54", N_("Monba")),
    ("55", N_("Lhoba")),
    ("56", N_("Jino")),
)

EDUCATION = _choices(
    ("none", N_("Not in school")),
    ("preschool", N_("Preschool")),
    ("primary", N_("Primary school")),
    ("junior", N_("Junior secondary")),
    ("senior", N_("Senior secondary")),
    ("vocational", N_("Vocational school")),
    ("dropped_out", N_("Dropped out")),
    ("unknown", N_("Unknown")),
)

BUILD = _choices(
    ("slim", N_("Slim")),
    ("medium", N_("Medium")),
    ("heavy", N_("Heavy")),
    ("unknown", N_("Unknown")),
)

ARRIVAL_MODE = _choices(
    ("self", N_("Asked for help in person")),  # 自行求助
    ("police", N_("Brought by the police")),  # 公安护送
    ("other", N_("Brought by another unit or a member of the public")),  # 其他单位/群众护送
)

WELFARE_STATUS = _choices(
    ("none", N_("None")),
    ("dibao", N_("Minimum living allowance (低保)")),
    ("wubao", N_("Extreme poverty support (特困供养)")),
    ("unknown", N_("Unknown")),
)

DISCHARGE_MODE = _choices(
    ("escorted_home", N_("Escorted home")),  # 护送返乡
    ("collected", N_("Collected by family")),  # 接领返乡
    (
        "self_return",
        N_("Left on their own (16+, signed statement)"),
    ),  # 自行离站
    ("placed", N_("Placed elsewhere (institution, foster family, kin)")),  # 安置
    ("ended", N_("Assistance ended")),  # 终止救助
    ("left", N_("Left without discharge")),  # 擅自离站
    ("died", N_("Died")),  # 死亡
    ("other", N_("Other")),  # 其他
)

GUARDIAN_SITUATION = _choices(
    ("alive", N_("Living")),  # 在世
    ("dead", N_("Deceased")),  # 死亡
    ("missing", N_("Out of contact")),  # 失联 (no contact; 失踪 is a court declaration)
    ("imprisoned", N_("In prison")),  # 服刑在押
    ("ill", N_("Seriously ill or disabled")),  # 重病/重残
    ("unknown", N_("Unknown")),  # 不详
)

DISPOSITION = _choices(
    ("held", N_("Held by the center")),  # 代为保管
    ("returned", NC_("belonging disposition", "Returned")),  # 已归还
    ("police", N_("Handed to the police")),  # 移交公安
    ("destroyed", N_("Destroyed")),  # 销毁
)

SEX_RULE = _choices(
    ("boys", N_("Boys")),
    ("girls", N_("Girls")),
    ("mixed", N_("Mixed")),
)

PLACEMENT_KIND = _choices(
    ("bed", N_("Bed in the center")),
    ("foster", N_("Foster family")),  # 家庭寄养
    ("welfare", N_("Welfare institution")),  # 福利机构
    ("school", N_("Specialised school")),  # 专门学校
    ("kin", N_("Kinship care")),  # 亲属抚养
    ("hospital", N_("Hospital")),  # 医院
    ("other", N_("Other")),
)

NOTE_KIND = _choices(
    ("counselling", N_("Counselling")),  # 心理疏导
    ("medical", N_("Medical care")),  # 救治
    ("education", NC_("kind of service", "Education")),
    ("legal_aid", N_("Legal aid")),
    ("daily", N_("Daily note")),
)

TASK_KIND = _choices(
    ("search_notice", N_("Publish a family-search notice")),  # 发布寻亲公告
    ("dna_request", N_("Ask the police for a DNA sample")),  # 报请公安机关采集DNA血样
    ("care_arrangement", N_("Make a special care arrangement")),  # 落实照料安置
    ("mandatory_report", N_("Mandatory report to the police")),  # 强制报告
)

TASK_UNIT = _choices(
    ("hours", N_("hours")),
    ("days", N_("days")),
    ("working_days", N_("working days")),
)


def _fields(*items: Field) -> dict[str, Field]:
    return {item.name: item for item in items}


CHILD = _fields(
    Field("case_no", N_("Case number"), max_length=12),
    Field("name", N_("Name"), max_length=50),
    Field("alias", N_("Alias / name the child gives"), max_length=50),
    Field("sex", N_("Sex"), "choice", required=True, choices=SEX),
    Field("birth_date", N_("Date of birth"), "date"),
    Field("birth_date_estimated", N_("Date of birth estimated"), "bool"),
    Field("id_number", N_("Resident ID number"), "id_number", max_length=18),
    Field("birth_place", N_("Birth place"), max_length=100),
    Field("ethnicity", N_("Ethnicity"), "choice", choices=ETHNICITY),
    Field("household_registration", N_("Household registration (户籍地)"), max_length=200),
    Field("address", N_("Address"), max_length=300),
    Field("school", N_("School"), max_length=200),
    Field("education", NC_("education level", "Education"), "choice", choices=EDUCATION),
    Field("dialect", N_("Dialect"), max_length=50),
    Field("height_cm", N_("Height (cm)"), "int"),
    Field("build", N_("Build"), "choice", choices=BUILD),
    Field("appearance", N_("Appearance and marks"), "multiline", max_length=2000),
    Field("clothing", N_("Clothing when found"), "multiline", max_length=2000),
    Field("health", N_("Health"), "multiline", max_length=2000),
    Field("mental_state", N_("Intellectual and mental state"), "multiline", max_length=2000),
    Field("disability", N_("Disability"), "multiline", max_length=2000),
    Field("category", N_("Category"), "choice", required=True, choices=CATEGORY),
)

ADMISSION = _fields(
    Field("arrived_at", N_("Arrived at"), "datetime", required=True),
    Field("arrival_mode", N_("How the child came"), "choice", required=True, choices=ARRIVAL_MODE),
    Field("referring_unit", N_("Referring unit"), max_length=200),
    Field("referrer_name", N_("Person who brought the child"), max_length=50),
    Field(
        "referrer_phone", N_("Phone of the person who brought the child"), "phone", max_length=30
    ),
    Field("police_case_no", N_("Police case number"), max_length=50),
    Field("police_handover_ref", N_("Police handover record"), max_length=100),
    Field("reason", N_("Reason for seeking help"), "multiline", max_length=4000),
    Field(
        "circumstances", N_("How the child came to be on the street"), "multiline", max_length=4000
    ),
    Field("street_since", N_("On the street since"), max_length=100),
    Field("welfare_status", N_("Welfare status"), "choice", choices=WELFARE_STATUS),
    Field(
        "intake_check",
        N_("Intake check of physical and mental state"),
        "multiline",
        max_length=4000,
    ),
    Field("harm_found", N_("Signs that the child was harmed"), "bool"),
    Field("security_check", N_("Security check"), "multiline", max_length=2000),
    Field("photo_taken", N_("Photo taken"), "bool"),
    Field("fingerprints_taken", N_("Fingerprints taken"), "bool"),
    Field("fingerprint_ref", N_("Fingerprint reference"), max_length=100),
    Field("consent", N_("Child agrees to stay"), "bool"),
    Field("consent_note", N_("Consent note"), "multiline", max_length=2000),
    Field("receiving_staff_id", N_("Receiving staff member"), "int"),
    Field("discharged_at", N_("Discharged at"), "datetime"),
    Field("discharge_mode", N_("How the child left"), "choice", choices=DISCHARGE_MODE),
    Field("discharge_destination", N_("Destination"), max_length=200),
    Field("cross_province", N_("Across provinces"), "bool"),
    Field("discharge_note", N_("Discharge note"), "multiline", max_length=4000),
    Field("collector_name", N_("Adult taking the child"), max_length=50),
    Field("collector_id_number", N_("Adult's resident ID number"), "id_number", max_length=18),
    Field("collector_relationship", N_("Relationship to the child"), max_length=30),
    Field("collector_phone", N_("Adult's phone"), "phone", max_length=30),
    Field("collector_checked_by", N_("ID checked by"), max_length=50),
    Field("statement_signed", N_("Statement of leaving alone signed"), "bool"),
    Field("police_report", N_("Reported to the police"), "multiline", max_length=2000),
    Field("reopen_reason", N_("Why the stay was reopened"), "multiline", max_length=2000),
    Field("found_place", N_("Place found"), max_length=200),
    Field("notice_issued_on", N_("Family-search notice first issued on"), "date"),
    Field(
        "notice_reason",
        N_("Why a family-search notice is published for this child"),
        "multiline",
        max_length=2000,
    ),
)

BELONGING = _fields(
    Field("item", N_("Item"), required=True, max_length=100),
    Field("quantity", N_("Quantity"), "int", required=True),
    Field("description", N_("Description"), "multiline", max_length=1000),
    Field("cash_fen", N_("Cash (yuan)"), "money"),
    Field("valuable", N_("Valuable"), "bool"),
    Field("returned_at", N_("Returned at"), "datetime"),
    Field("returned_to", N_("Returned to"), max_length=100),
    Field("disposition", N_("Disposition"), "choice", choices=DISPOSITION),
    Field("disposed_at", N_("Handed over or destroyed at"), "datetime"),
    Field("disposed_to", N_("Received by (officer and police unit)"), max_length=100),
    Field("disposal_ref", N_("Police receipt reference"), max_length=100),
    Field(
        "disposal_reason", N_("Why it was handed over or destroyed"), "multiline", max_length=1000
    ),
    Field("disposal_witness", N_("Destroyed by and witnessed by"), max_length=100),
    Field("not_returned_reason", N_("Why it was not given back"), "multiline", max_length=1000),
)

#: What a center does with an item it no longer keeps, other than return it.
DISPOSALS = ("police", "destroyed")

CONTACT = _fields(
    Field("name", N_("Name"), required=True, max_length=50),
    Field("relationship", N_("Relationship"), max_length=30),
    Field("phone", N_("Phone"), "phone", max_length=30),
    Field("address", N_("Address"), max_length=300),
    Field("id_number", N_("Resident ID number"), "id_number", max_length=18),
    Field("legal_guardian", N_("Legal guardian"), "bool"),
    Field("situation", N_("Situation"), "choice", choices=GUARDIAN_SITUATION),
    Field("note", NC_("remark", "Note"), "multiline", max_length=2000),
)

NOTE = _fields(
    Field("kind", NC_("kind of service", "Kind"), "choice", required=True, choices=NOTE_KIND),
    Field("at", N_("When"), "datetime", required=True),
    Field("text", N_("Text"), "multiline", required=True, max_length=10000),
)

#: Shown instead of a name while a child's identity is unknown.
UNKNOWN_NAME = N_("Unknown child")


def shown_name(name: str, alias: str) -> str:
    """How a child is named on screen: the name, else the alias in quotes, else unknown."""
    if name:
        return name
    if alias:
        return f"“{alias}”"
    return _(UNKNOWN_NAME)


TASK = _fields(
    Field("done_at", N_("Done at"), "datetime", required=True),
    Field("reference", N_("Reference (e.g. the police receipt number)"), max_length=200),
    Field("note", NC_("remark", "Note"), "multiline", max_length=2000),
)

TASK_RULE = _fields(
    Field("kind", N_("Task"), "choice", required=True, choices=TASK_KIND),
    Field("enabled", N_("Enabled"), "bool"),
    Field("delay", N_("Due after"), "int", required=True),
    Field("unit", N_("Unit"), "choice", required=True, choices=TASK_UNIT),
)

ROLE = _choices(
    ("admin", N_("Administrator")),
    ("intake", N_("Intake staff")),
    ("caseworker", N_("Caseworker")),
    ("viewer", N_("Viewer")),
)

STAFF = _fields(
    Field("username", N_("User name"), required=True, max_length=32),
    Field("full_name", N_("Full name"), required=True, max_length=100),
    Field("role", N_("Role"), "choice", required=True, choices=ROLE),
    Field("check_date", N_("Checked on"), "date"),
    Field("check_result", N_("Result"), max_length=200),
    Field("check_reference", NC_("pre-employment check", "Reference"), max_length=200),
)

CENTER = _fields(
    Field("name", N_("Center name"), required=True, max_length=200),
    Field("address", N_("Address"), max_length=500),
    Field("phone", N_("Phone"), max_length=50),
    Field("form_header", N_("Form header"), max_length=200),
)

ROOM = _fields(
    Field("name", N_("Room"), required=True, max_length=50),
    Field("floor", N_("Floor"), max_length=20),
    Field("sex_rule", N_("For"), "choice", required=True, choices=SEX_RULE),
    Field("note", NC_("remark", "Note"), "multiline", max_length=1000),
    Field("beds", N_("Beds"), "int", required=True),
)

BED = _fields(
    Field("label", N_("Bed"), required=True, max_length=20),
    Field("in_use", N_("Usable"), "bool"),
)

PLACEMENT = _fields(
    Field("kind", N_("Placement"), "choice", required=True, choices=PLACEMENT_KIND),
    Field("bed_id", N_("Bed"), "int"),
    Field("place", N_("Place"), max_length=200),
    Field("address", N_("Address"), max_length=300),
    Field("contact_person", N_("Contact person"), max_length=50),
    Field("phone", N_("Phone"), "phone", max_length=30),
    Field("started_at", N_("From"), "datetime", required=True),
    Field("ended_at", N_("Until"), "datetime"),
    Field("notes", N_("Notes"), "multiline", max_length=2000),
    Field(
        "sex_override_reason",
        N_("Why the room's rule is set aside"),
        "multiline",
        max_length=1000,
    ),
)

#: How far a return home has come (返乡安置), in the only order it may move.
RETURN_STATUS = _choices(
    ("tracing", N_("Tracing the family")),  # 寻亲中
    ("receiver_verified", N_("Receiver verified")),  # 接收人已核实
    ("assessed", N_("Home assessed")),  # 家庭已评估
    ("approved", N_("Approved")),  # 已审批
    ("escort", N_("Escort under way")),  # 护送途中
    ("handed_over", N_("Handed over")),  # 已交接
    ("closed", N_("Closed")),  # 已结案
    ("cancelled", N_("Cancelled")),  # 已取消
)

TRACING_METHOD = _choices(
    ("phone", N_("Phone")),
    ("police", N_("Police")),
    ("household_registry", N_("Household registry")),  # 户籍查询
    ("notice", N_("Family-search notice")),  # 寻亲公告
    ("dna", N_("DNA comparison")),  # DNA比对
    ("other", N_("Other")),
)

HOME_ASSESSMENT = _choices(
    ("suitable", N_("Suitable")),
    ("with_support", N_("Suitable with support")),
    ("unsuitable", N_("Unsuitable")),
)

RETURN_MODE = tuple(c for c in DISCHARGE_MODE if c.value in ("escorted_home", "collected"))

RECEIVING_UNIT = _choices(
    ("civil_affairs", N_("Local civil-affairs office")),  # 当地民政部门
    ("village", N_("Village or residents' committee")),  # 村（居）民委员会
    ("police", N_("Police")),
    ("family", N_("The family")),
)

VISIT_METHOD = _choices(
    ("phone", N_("Phone")),
    ("home_visit", N_("Home visit")),
    ("partner", N_("Local partner")),
)

REFERRED_TO = _choices(
    ("police", N_("Police")),  # 公安机关
    ("civil_affairs", N_("Civil-affairs office")),  # 民政部门
    ("school", NC_("referred to", "School")),  # 学校
    ("hospital", N_("Hospital")),  # 医院
    ("other", N_("Other")),
)

RETURN_PLAN = _fields(
    Field("status", N_("Status"), "choice", required=True, choices=RETURN_STATUS),
    Field("receiver_name", N_("Receiver"), required=True, max_length=50),
    Field("receiver_id_number", N_("Receiver's resident ID number"), "id_number", max_length=18),
    Field("receiver_relationship", N_("Relationship to the child"), max_length=30),
    Field("receiver_phone", N_("Receiver's phone"), "phone", max_length=30),
    Field("receiver_address", N_("Receiver's address"), max_length=300),
    Field("verified_by", N_("Identity verified by"), max_length=50),
    Field("verified_how", N_("How the identity was verified"), "multiline", max_length=2000),
    Field("receiver_id_copy_kept", N_("Copy of the receiver's identity document kept"), "bool"),
    Field("assessment", N_("Home assessment"), "choice", choices=HOME_ASSESSMENT),
    Field("findings", N_("Findings"), "multiline", max_length=4000),
    Field("return_mode", N_("Way home"), "choice", choices=RETURN_MODE),
    Field("escort_first", N_("Escort"), max_length=50),
    Field("escort_second", N_("Second escort"), max_length=50),
    Field("transport", N_("Transport"), max_length=100),
    Field("departure_at", N_("Departure"), "datetime"),
    Field("arrival_at", N_("Arrival at the destination"), "datetime"),
    Field("destination", N_("Destination"), max_length=300),
    Field("receiving_unit_kind", N_("Receiving unit"), "choice", choices=RECEIVING_UNIT),
    Field("receiving_unit", N_("Name of the receiving unit"), max_length=200),
    Field("receiving_contact", N_("Contact at the receiving unit"), max_length=100),
    Field("handed_over_at", N_("Handed over at"), "datetime"),
    Field("handover_place", N_("Place of the handover"), max_length=200),
    Field("received_by", N_("Received by"), max_length=50),
    Field("receipt_signed", N_("Receipt signed"), "bool"),
    Field("cancel_reason", N_("Why the plan was cancelled"), "multiline", max_length=2000),
)

TRACING_ENTRY = _fields(
    Field("traced_on", N_("Date"), "date", required=True),
    Field("method", N_("Method"), "choice", required=True, choices=TRACING_METHOD),
    Field("contact", N_("Contact"), max_length=200),
    Field("result", N_("Result"), "multiline", max_length=4000),
    Field("next_step", N_("Next step"), "multiline", max_length=2000),
)

FOLLOW_UP_VISIT = _fields(
    Field("visited_on", N_("Visited on"), "date", required=True),
    Field("method", N_("Method"), "choice", required=True, choices=VISIT_METHOD),
    Field("findings", N_("Findings"), "multiline", required=True, max_length=4000),
    Field("situation", N_("The child's situation"), "multiline", max_length=4000),
    Field("risk", N_("At risk"), "bool"),
    Field("next_step", N_("Next step"), "multiline", max_length=2000),
)

REFERRAL = _fields(
    Field("referred_to", N_("Referred to"), "choice", required=True, choices=REFERRED_TO),
    Field("note", N_("Referral note"), "multiline", required=True, max_length=2000),
)

#: Rooms hold at most this many beds.
MAX_BEDS = 40

#: Each kind of record (its table, and its name in the audit trail) with its fields.
BY_KIND: dict[str, dict[str, Field]] = {
    "child": CHILD,
    "admission": ADMISSION,
    "belonging": BELONGING,
    "contact": CONTACT,
    "note": NOTE,
    "task": TASK,
    "task_rule": TASK_RULE,
    "staff": STAFF,
    "center": CENTER,
    "room": ROOM,
    "bed": BED,
    "placement": PLACEMENT,
    "return_plan": RETURN_PLAN,
    "tracing_entry": TRACING_ENTRY,
    "follow_up_visit": FOLLOW_UP_VISIT,
    "referral": REFERRAL,
}
