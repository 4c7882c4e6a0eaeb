from django.contrib import admin, messages

from api.models import ApiClient
from api.services import api_client_revoke
from audit.services import audit_record_public


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    """Keys are created with ``manage.py create_api_client`` (which shows the
    key once); here operators see clients and revoke them."""

    list_display = ("name", "key_id", "municipality", "provider", "scopes", "revoked_at")
    list_filter = ("revoked_at",)
    # What a key may see is fixed at creation (create_api_client, audited);
    # here only the name and rate can change, and a key can be revoked.
    readonly_fields = (
        "municipality",
        "provider",
        "scopes",
        "key_id",
        "key_hash",
        "created_at",
        "created_by",
        "revoked_at",
    )
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record_public(
            actor=request.user,
            action="api_client.changed",
            target=obj,
            municipality=obj.municipality,
            provider=obj.provider,
            data={"fields": sorted(form.changed_data)},
        )

    @admin.action(description="Revoke the selected keys")
    def revoke(self, request, queryset):
        for client in queryset:
            api_client_revoke(actor=request.user, client=client)
        messages.success(request, f"{queryset.count()} key(s) revoked.")
