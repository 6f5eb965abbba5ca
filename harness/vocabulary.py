"""The words the guide's form offers, as the harness knows them (STEP 11, 13): the choices
an applicant picks from and the R-EMAIL-CN providers. These are UI facts read off the
guide and the spec, kept here once for the Faker providers and the applicant factory;
the harness never reads them from the bundled portal, so a test that compares the two
checks two independent readings of the guide."""

from __future__ import annotations

SEXES = ("男", "女")
EDUCATION_LEVELS = ("博士", "碩士", "學士", "專科")
MARITAL_STATUSES = ("未婚", "已婚", "離婚")
PASSPORT_TYPES = ("普通", "公務", "外交")        # an applicant's is the first: 普通
ORDINARY_PASSPORT = PASSPORT_TYPES[0]

# 國籍 and 出生地點(國家) list countries by their Chinese names; these are the ones the
# applicant factory draws from (each has a Faker locale in `providers`).
COUNTRIES = ("日本", "美國", "英國", "加拿大", "德國", "法國", "印度", "澳大利亞")

# 申請地點: a few of the immigration offices that hand out the card.
IMMIGRATION_OFFICES = ("臺北市服務站", "新北市服務站", "臺中市第一服務站", "高雄市第一服務站")

# 專長領域: the short field names (the intro page adds 「領域」); 「文化、藝術」 is one field.
FIELDS = ("科技", "經濟", "教育", "文化、藝術", "體育", "金融", "法律", "建築設計", "國防", "數位")
JOURNEY_FIELD = "科技"

# R-EMAIL-CN: the mainland-China mail providers the spec names.
MAINLAND_CHINA_EMAIL_DOMAINS = (
    "qq.com", "foxmail.com", "163.com", "126.com", "yeah.net", "sina.com", "sina.cn", "sohu.com", "139.com",
    "aliyun.com",
)
# Where generated applicants get mail: reserved names (RFC 2606), never a real mailbox.
SAFE_EMAIL_DOMAINS = ("example.com", "example.net", "example.org")

# The three applicant roles of STEP 4, as the control API names them.
ROLES = ("foreigner", "employer", "agency")
