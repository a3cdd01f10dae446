"""Path converters shared by every URL pattern of the reader site.

Django's ``int`` and ``str`` converters hand a view whatever was typed: an id
beyond the database's integer range, a slug with a NUL character (PostgreSQL
refuses NUL in any text parameter: a 500), control characters, or 5,000
characters of slug. These converters refuse such segments while the URL is
resolved, so the answer is an ordinary 404 and the database never sees them.

- ``id``: a positive integer of at most 19 digits that fits a signed 64-bit
  column (BigAutoField ids, issue numbers, page numbers, years and months; the
  views check their own narrower ranges). Zero is refused.
- ``key`` (slugs and signed preview tokens): 1 to 200 characters, no ``/``, no
  control characters (NUL included). Han characters and pinyin pass.

They have names of their own: Django's built-in ``int`` and ``slug`` stay as they are.
"""

from django.urls import register_converter

MAX_ID = 2**63 - 1
MAX_KEY_CHARS = 200


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value):
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError("out of range")  # no match: the resolver answers 404
        return number

    def to_url(self, value):
        return str(int(value))


class KeyConverter:
    regex = f"[^/\x00-\x1f\x7f]{{1,{MAX_KEY_CHARS}}}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")
register_converter(KeyConverter, "key")
