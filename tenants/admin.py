from django.contrib import admin

from tenants.models import Domain, Municipality, Network, NetworkMembership


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


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
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [NetworkMembershipInline]
