from django.contrib import admin

from audit.services import audit_record_public
from tenants.models import Domain, Municipality, Network, NetworkMembership


class DomainInline(admin.TabularInline):
    """Domains are set by provisioning (validated, audited); shown here only."""

    model = Domain
    extra = 0
    readonly_fields = ("domain", "is_primary")

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    """Read-mostly: municipalities are provisioned with the
    provision_municipality command (one transaction, schema included)."""

    list_display = ("name", "code", "region", "schema_name")
    list_filter = ("region",)
    search_fields = ("name", "code")
    readonly_fields = ("code", "schema_name", "slug", "created_at")
    inlines = [DomainInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class NetworkMembershipInline(admin.TabularInline):
    model = NetworkMembership
    extra = 0
    autocomplete_fields = ("municipality",)


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    """Operators form networks here; every change is audited like the
    services in tenants.services do."""

    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [NetworkMembershipInline]
    search_fields = ("name",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record_public(
            actor=request.user,
            action="network.changed" if change else "network.created",
            target=obj,
        )

    def save_formset(self, request, form, formset, change):
        instances = formset.save()
        for membership in instances:
            audit_record_public(
                actor=request.user,
                action="network.member_added",
                target=membership.network,
                municipality=membership.municipality,
            )
        for membership in formset.deleted_objects:
            audit_record_public(
                actor=request.user,
                action="network.member_removed",
                target=membership.network,
                municipality=membership.municipality,
            )
