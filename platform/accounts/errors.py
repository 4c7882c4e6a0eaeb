from django.core.exceptions import ValidationError


class AccountError(ValidationError):
    """An account change that breaks the organisation/role rules."""
