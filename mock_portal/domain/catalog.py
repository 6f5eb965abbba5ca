"""The portal's fixed vocabulary, as immutable data so no request can change it: the 10
fields of expertise (專長領域) with their categories (申請資格, in our own words after the
Gold Card criteria), each category's required documents (「應檢附文件」, R-CARRY-DOCS
compares them) and, for 建築設計 only, the criteria that must all be met (R-ARCH-ALL);
and the choice lists of the form (countries, education, offices, ...)."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

# The short names the form's 專長領域 offers and the control API takes, in the intro
# page's order. 「文化、藝術」 is one field, so the guide's list, split at every 「、」,
# looks like 11 names but holds 10.
FIELDS: tuple[str, ...] = (
    "科技", "經濟", "教育", "文化、藝術", "體育", "金融", "法律", "建築設計", "國防", "數位",
)
ARCHITECTURE = "建築設計"    # the one field whose categories carry criteria (R-ARCH-ALL)

COMMON_DOCUMENTS = ("護照", "照片")     # every category asks for these first


@dataclass(frozen=True)
class Category:
    field: str
    name: str
    criteria: tuple[str, ...] = ()      # only 建築設計: every one must be met (R-ARCH-ALL)
    documents: tuple[str, ...] = ()     # 「應檢附文件」, the common ones first


def _c(field: str, name: str, *documents: str, criteria: tuple[str, ...] = ()) -> Category:
    return Category(field, name, criteria, COMMON_DOCUMENTS + documents)


_CATEGORIES: tuple[Category, ...] = (
    _c("科技", "第一類：近期月薪達新臺幣十六萬元以上", "薪資證明"),
    _c("科技", "第二類：曾獲國際性科技獎項", "獲獎證明"),
    _c("科技", "第三類：具關鍵科技專長及五年以上相關工作經驗", "工作經歷證明", "專長證明"),
    _c("經濟", "第一類：近期月薪達新臺幣十六萬元以上", "薪資證明"),
    _c("經濟", "第二類：曾任具規模企業之高階主管三年以上", "在職證明", "企業規模證明"),
    _c("經濟", "第三類：曾創立並經營獲相當投資之新創事業", "創業及募資證明"),
    _c("教育", "第一類：現任或曾任大專校院教授、副教授", "聘書或任職證明"),
    _c("教育", "第二類：受邀來臺講學或研究之學者", "邀請函", "學歷證明文件"),
    _c("文化、藝術", "第一類：曾獲國際性文化藝術獎項", "獲獎證明"),
    _c("文化、藝術", "第二類：作品曾於國際重要場合展演或出版", "展演或出版證明", "作品集"),
    _c("體育", "第一類：曾代表國家參加國際賽事獲前三名", "賽事成績證明"),
    _c("體育", "第二類：曾任國家代表隊教練", "教練資歷證明"),
    _c("金融", "第一類：近期月薪達新臺幣十六萬元以上且任職於金融業", "薪資證明", "在職證明"),
    _c("金融", "第二類：具國際認可之金融專業證照", "證照影本"),
    _c("法律", "第一類：具外國律師資格並執業五年以上", "律師資格證明", "執業證明"),
    _c("法律", "第二類：曾任外國法官或檢察官", "任職證明"),
    _c(ARCHITECTURE, "第一類：曾獲國際建築設計獎項", "獲獎證明", "建築師證書",
       criteria=("曾獲國際建築設計獎項", "具外國建築師證書")),
    _c(ARCHITECTURE, "第二類：具建築師資格且有傑出設計實績", "建築師證書", "作品集",
       criteria=("具外國建築師證書", "五年以上建築設計執業經驗", "主持設計之作品曾公開發表")),
    _c("國防", "第一類：曾任國防科技研發工作五年以上", "工作經歷證明"),
    _c("國防", "第二類：具國防相關專業認證或重要研究成果", "專業認證或研究成果證明"),
    _c("數位", "第一類：近期月薪達新臺幣十六萬元以上且從事數位相關工作", "薪資證明", "在職證明"),
    _c("數位", "第二類：曾主導具規模之數位產品或服務", "專案成果證明"),
)

_BY_FIELD = MappingProxyType({f: tuple(c for c in _CATEGORIES if c.field == f) for f in FIELDS})
MAX_DOCUMENTS = max(len(c.documents) for c in _CATEGORIES)     # sizes the upload body limit


def field_long_name(field: str) -> str:
    """The intro page's wording: 「科技領域」, 「文化、藝術領域」."""
    return field + "領域"


def categories_of(field: str) -> tuple[Category, ...]:
    """The 申請資格 of a field, in order; none for an unknown field."""
    return _BY_FIELD.get(field, ())


def find_category(field: str, name: str) -> Category | None:
    return next((c for c in categories_of(field) if c.name == name), None)


# 國籍 and 出生地點(國家): 中華民國 first (for ROC nationals, R-HOUSEHOLD), then by region.
COUNTRIES: tuple[str, ...] = (
    "中華民國", "日本", "韓國", "蒙古",
    "美國", "加拿大", "墨西哥", "巴西", "阿根廷", "智利",
    "英國", "愛爾蘭", "法國", "德國", "義大利", "西班牙", "葡萄牙", "荷蘭", "比利時", "瑞士", "奧地利",
    "瑞典", "挪威", "丹麥", "芬蘭", "波蘭", "捷克", "匈牙利", "希臘", "俄羅斯", "烏克蘭",
    "土耳其", "以色列", "阿拉伯聯合大公國", "沙烏地阿拉伯", "伊朗", "阿富汗", "哈薩克",
    "埃及", "南非", "奈及利亞", "肯亞",
    "印度", "巴基斯坦", "孟加拉", "斯里蘭卡", "尼泊爾",
    "新加坡", "馬來西亞", "印尼", "菲律賓", "泰國", "越南", "緬甸", "柬埔寨", "寮國",
    "澳大利亞", "紐西蘭", "斐濟", "帛琉",
)
SEXES = ("男", "女")
EDUCATION_LEVELS = ("博士", "碩士", "學士", "專科", "高中(職)", "其他")
MARITAL_STATUSES = ("未婚", "已婚", "離婚", "喪偶")
PASSPORT_TYPES = ("普通", "外交", "公務", "其他")
# 申請地點: the immigration service station that hands out the card.
IMMIGRATION_OFFICES = (
    "臺北市服務站", "新北市服務站", "桃園市服務站", "新竹市服務站", "臺中市第一服務站", "彰化縣服務站",
    "臺南市第一服務站", "高雄市第一服務站", "花蓮縣服務站", "金門縣服務站",
)

# R-EMAIL-CN: the spec's list of mainland-China mail providers.
MAINLAND_CHINA_EMAIL_DOMAINS = frozenset({
    "qq.com", "foxmail.com", "163.com", "126.com", "yeah.net", "sina.com", "sina.cn", "sohu.com", "139.com",
    "aliyun.com",
})
