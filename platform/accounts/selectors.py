from accounts.models import User


def colleagues_with_role(user: User, role: str) -> list[User]:
    """Active accounts of ``user``'s own organisation holding ``role``."""
    users = User.objects.filter(is_active=True, memberships__role=role)
    if user.municipality_id:
        users = users.filter(municipality_id=user.municipality_id)
    elif user.provider_id:
        users = users.filter(provider_id=user.provider_id)
    else:
        return []
    return list(users.order_by("full_name"))
