"""Password rules for the desk (等级保护: length and complexity), with Chinese messages."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError


class ComplexityValidator:
    """At least one letter (Latin or Han), one digit and one symbol (neither)."""

    def validate(self, password, user=None):
        missing = []
        if not any(c.isalpha() for c in password):
            missing.append("字母")
        if not any(c.isdigit() for c in password):
            missing.append("数字")
        if all(c.isalnum() for c in password):
            missing.append("符号(如 - _ ! @ #)")
        if missing:
            raise ValidationError(
                "密码必须同时包含字母、数字和符号,还缺少:%(missing)s。",
                code="password_too_simple",
                params={"missing": "、".join(missing)},
            )

    def get_help_text(self):
        return "密码必须同时包含字母(或汉字)、数字和符号。"


# Django's own rules, with messages in Chinese whatever language is active (Django's
# catalogue has no Chinese for some of them, and commands run outside any request).


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return "密码太短:至少需要 %(min_length)d 个字符。"

    def get_help_text(self):
        return f"密码至少需要 {self.min_length} 个字符。"


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return "密码与%(verbose_name)s太相似。"

    def get_help_text(self):
        return "密码不能与用户名、姓名或电子邮件相似。"


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self):
        return "这个密码太常见了,容易被猜中。"

    def get_help_text(self):
        return "不能使用常见密码。"


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self):
        return "密码不能全是数字。"

    def get_help_text(self):
        return "密码不能全是数字。"
