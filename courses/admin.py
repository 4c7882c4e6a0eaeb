from django.contrib import admin

from courses.models import Provider


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "website")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
