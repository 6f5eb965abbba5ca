"""Faker values for a Gold Card applicant: 統一證號 in both formats (and malformed on
purpose, for R-RENEW-NOMATCH), passports, emails that R-EMAIL-CN accepts or refuses,
home and Taiwan addresses, names and birth dates.

Every value comes from `self.random_*` or `self.generator`, so one seed replays a run.
Values another locale knows better (a Japanese address, a Taiwan one) come from a small
Faker of that locale, seeded from this generator's random each time it is asked."""

from __future__ import annotations

import string
import unicodedata
from datetime import date, timedelta
from functools import cache

from faker import Faker
from faker.providers import BaseProvider
from faker.providers.ssn.zh_TW import checksum

from . import vocabulary

# The national ID's letter codes (A=10 ... Z=33, I=34, O=35): the old format's second
# letter adds the last digit of its own code to the check.
_LETTER_CODES = {letter: code for code, letter in enumerate("ABCDEFGHJKLMNPQRSTUVXYWZIO", start=10)}
NEW_SEX_DIGIT = {"男": "8", "女": "9"}
OLD_SEX_LETTERS = {"男": "AC", "女": "BD"}

# The problem codes of the portal's 統一證號 check that `malformed_ui_number` produces.
MALFORMED_KINDS = ("check-digit", "length", "second-char", "area-letter", "digits")

# Each country an applicant may come from, with the Faker locale for its addresses,
# names and phones and the authority that issues its passports (發照機關).
COUNTRY_LOCALES = {
    "日本": "ja_JP", "美國": "en_US", "英國": "en_GB", "加拿大": "en_CA",
    "德國": "de_DE", "法國": "fr_FR", "印度": "en_IN", "澳大利亞": "en_AU",
}
PASSPORT_AUTHORITIES = {
    "日本": "Ministry of Foreign Affairs of Japan",
    "美國": "U.S. Department of State",
    "英國": "HM Passport Office",
    "加拿大": "Immigration, Refugees and Citizenship Canada",
    "德國": "Bundesrepublik Deutschland",
    "法國": "Préfecture",
    "印度": "Ministry of External Affairs, Government of India",
    "澳大利亞": "Australian Passport Office",
}


def shift_years(day: date, years: int) -> date:
    """The same day `years` later (earlier when negative); 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def ascii_upper(text: str) -> str:
    """A name as a passport prints it: accents dropped, capitals ("Élodie" -> "ELODIE")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


@cache
def _locale_faker(locale: str) -> Faker:
    return Faker(locale)


class GoldCardProvider(BaseProvider):
    # 統一證號 -------------------------------------------------------------------

    def ui_number(self, sex: str | None = None) -> str:
        """A 統一證號 in the 2021 form: area letter, 8 (男) or 9 (女), seven digits and the
        national ID's check digit."""
        second = NEW_SEX_DIGIT[sex] if sex else self.random_element("89")
        body = self.random_uppercase_letter() + second + self.numerify("#######")
        return body + str(-checksum(body) % 10)

    def old_ui_number(self, sex: str | None = None) -> str:
        """A 統一證號 in the old form: area letter, A or C (男) / B or D (女), seven digits
        and a check digit to which the second letter adds the last digit of its code."""
        second = self.random_element(OLD_SEX_LETTERS[sex] if sex else "ABCD")
        area, digits = self.random_uppercase_letter(), self.numerify("#######")
        check = -checksum(area + str(_LETTER_CODES[second] % 10) + digits) % 10
        return area + second + digits + str(check)

    def malformed_ui_number(self, kind: str = "check-digit") -> str:
        """A 統一證號 the portal must refuse with exactly the problem `kind` (one of
        MALFORMED_KINDS): the slips an applicant makes typing it at STEP 10."""
        good = self.ui_number()
        if kind == "check-digit":        # a valid body, a wrong last digit
            return good[:-1] + str((int(good[-1]) + self.random_int(1, 9)) % 10)
        if kind == "length":             # one digit left out, or one too many
            return good[:-1] if self.random_int(0, 1) else good + str(self.random_digit())
        if kind == "second-char":        # e.g. a national ID's 1 or 2 where 8 or 9 belongs
            return good[0] + self.random_element("1234567EFGXYZ") + good[2:]
        if kind == "area-letter":        # a digit where the area letter belongs
            return str(self.random_digit()) + good[1:]
        if kind == "digits":             # a letter among the digits (O for 0, I for 1 ...)
            at = self.random_int(2, 9)
            return good[:at] + self.random_element("OIZSB") + good[at + 1:]
        raise ValueError(f"unknown kind {kind!r}; known: {', '.join(MALFORMED_KINDS)}")

    # Passport, email, account ---------------------------------------------------------

    def passport_number(self) -> str:
        """A passport number as most countries print it: a letter and eight digits."""
        return self.bothify("?########", letters=string.ascii_uppercase)

    def passport_authority(self, country: str | None = None) -> str:
        return PASSPORT_AUTHORITIES[country or self.gold_card_country()]

    def gold_card_email(self, mainland: bool = False, local_part: str | None = None) -> str:
        """An address the form accepts (R-EMAIL-CN): at a reserved example domain, never a
        mainland-China provider; with `mainland=True`, at one of those providers."""
        if local_part is None:
            letters = self.lexify("?" * self.random_int(5, 9), letters=string.ascii_lowercase)
            local_part = letters + self.numerify("###")
        domains = vocabulary.MAINLAND_CHINA_EMAIL_DOMAINS if mainland else vocabulary.SAFE_EMAIL_DOMAINS
        return f"{local_part}@{self.random_element(domains)}"

    def account_name(self, given: str = "", surname: str = "") -> str:
        """A portal 帳號 (4-30 of A-Z a-z 0-9 _ . -), from the applicant's name when given."""
        parts = ["".join(c for c in ascii_upper(p).lower() if c.isascii() and c.isalnum())
                 for p in (given, surname)]
        base = ".".join(p for p in parts if p)[:24] or self.lexify("????", letters=string.ascii_lowercase)
        return base + self.numerify("####")

    def account_password(self, length: int = 12) -> str:
        """A password the portal's policy accepts: `length` (at least 8) characters, three of
        them digits, the rest letters, starting with a letter."""
        length = max(length, 8)
        chars = list(self.random_letters(length - 3)) + list(self.numerify("###"))
        self.generator.random.shuffle(chars)
        if not chars[0].isalpha():                    # start with a letter: easier to read in a log
            first = next(i for i, c in enumerate(chars) if c.isalpha())
            chars[0], chars[first] = chars[first], chars[0]
        return "".join(chars)

    def mobile_number(self) -> str:
        """A Taiwan mobile number (行動電話): 09 and eight digits."""
        return self.numerify("09########")

    # Where the applicant comes from ----------------------------------------------------

    def gold_card_country(self) -> str:
        """A country (by its Chinese name) an applicant holds nationality of."""
        return self.random_element(vocabulary.COUNTRIES)

    def home_address(self, country: str | None = None) -> str:
        """An address in the applicant's home country (申請人母國地址), on one line."""
        address = self._of(country).address()
        return ", ".join(line.strip() for line in address.splitlines() if line.strip())

    def home_city(self, country: str | None = None) -> str:
        return self._of(country).city()

    def home_phone(self, country: str | None = None) -> str:
        return self._of(country).phone_number()

    def english_name(self, country: str | None = None, sex: str | None = None) -> tuple[str, str]:
        """(given name, surname) in capitals, as the passport prints them; a 男 or 女 name
        when `sex` is given."""
        faker = self._of(country)
        first = "first_romanized_name" if faker.locales == ["ja_JP"] else "first_name"
        last = "last_romanized_name" if faker.locales == ["ja_JP"] else "last_name"
        suffix = {"男": "_male", "女": "_female"}.get(sex or "", "")
        return ascii_upper(getattr(faker, first + suffix)()), ascii_upper(getattr(faker, last)())

    def occupation(self) -> str:
        """現職, in English."""
        return self._locale("en_US").job()

    # Taiwan -----------------------------------------------------------------------------

    def taiwan_address(self) -> str:
        """An address in Taiwan (在臺聯絡地址, 在臺工作地址), in Chinese."""
        return self._locale("zh_TW").address()

    def chinese_name(self, sex: str | None = None) -> str:
        """中文姓名, a 男 or 女 name when `sex` is given."""
        faker = self._locale("zh_TW")
        return {"男": faker.name_male, "女": faker.name_female}.get(sex or "", faker.name)()

    # Dates ------------------------------------------------------------------------------

    def birth_date(self, min_age: int = 22, max_age: int = 60, *, today: date) -> date:
        """A birth date for someone at least `min_age` and at most `max_age` years old on
        `today` (pass the portal's today in: time is never read here)."""
        latest = shift_years(today, -min_age)
        earliest = shift_years(today, -(max_age + 1)) + timedelta(days=1)
        return earliest + timedelta(days=self.random_int(0, (latest - earliest).days))

    # ------------------------------------------------------------------------------------

    def _of(self, country: str | None) -> Faker:
        return self._locale(COUNTRY_LOCALES[country or self.gold_card_country()])

    def _locale(self, locale: str) -> Faker:
        """A Faker of `locale`, reseeded from this generator so the seed still replays."""
        faker = _locale_faker(locale)
        faker.seed_instance(self.random_int(0, 2**32 - 1))
        return faker
