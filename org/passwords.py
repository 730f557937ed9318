from django.core.exceptions import ValidationError

from lib.passwords import CLASS_LABELS, missing_classes_message


class CharacterClassesValidator:
    """At least `min_classes` of lower-case, upper-case, digits and symbols (PASSWORD_MIN_CLASSES)."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = max(0, min(min_classes, len(CLASS_LABELS)))

    def validate(self, password, user=None):
        message = missing_classes_message(password, self.min_classes)
        if message:
            raise ValidationError(message, code="password_too_simple")

    def get_help_text(self):
        return f"至少包含{'、'.join(CLASS_LABELS.values())}中的 {self.min_classes} 类。"
