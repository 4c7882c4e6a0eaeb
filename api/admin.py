from django.contrib import admin, messages

from api.models import ApiClient
from api.services import api_client_revoke


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    """Keys are created with ``manage.py create_api_client`` (which shows the
    key once); here operators see clients and revoke them."""

    list_display = ("name", "key_id", "municipality", "provider", "scopes", "revoked_at")
    list_filter = ("revoked_at",)
    readonly_fields = ("key_id", "key_hash", "created_at", "created_by", "revoked_at")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Revoke the selected keys")
    def revoke(self, request, queryset):
        for client in queryset:
            api_client_revoke(actor=request.user, client=client)
        messages.success(request, f"{queryset.count()} key(s) revoked.")
