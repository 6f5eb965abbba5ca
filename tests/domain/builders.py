"""Values the domain and service tests share: a complete, valid 「就業金卡申請 - 新增」
form built from the catalog's own choices."""

from __future__ import annotations

from mock_portal.domain import catalog

FIELD = "科技"
CATEGORY = catalog.categories_of(FIELD)[0].name
OTHER_CATEGORY = catalog.categories_of(FIELD)[1].name
ARCHITECTURE = "建築設計"


def valid_values(field: str = FIELD, category: str | None = None, **changes: str) -> dict[str, str]:
    """Every field of the five tabs filled with a value 「儲存」 accepts, as posted; the
    category defaults to the field's first."""
    if category is None:
        category = next((c.name for c in catalog.categories_of(field)), "")
    values = {
        "surname": "DOE",
        "given_name": "JANE",
        "chinese_name": "杜珍",
        "birth_date": "1990/05/17",
        "sex": catalog.SEXES[1],
        "nationality": "美國",
        "occupation": "Software engineer",
        "education": catalog.EDUCATION_LEVELS[-1],
        "marital_status": catalog.MARITAL_STATUSES[0],
        "email": "jane.doe@example.com",
        "birth_country": "美國",
        "birth_city": "Boston",
        "home_address": "1 Main Street, Boston, MA 02101",
        "home_phone": "+1 617 555 0100",
        "other_nationality": "",
        "passport_type": catalog.PASSPORT_TYPES[0],
        "passport_number": "X12345678",
        "passport_issued_on": "2020/01/15",
        "passport_expires_on": "2030/01/14",
        "passport_authority": "U.S. Department of State",
        "ui_number": "A800013146",
        "office": catalog.IMMIGRATION_OFFICES[0],
        "work_address": "臺北市信義區市府路1號",
        "contact_address": "臺北市大安區和平東路1段1號",
        "mobile": "0912345678",
        "field": field,
        "category": category,
    }
    values.update(changes)
    return values
