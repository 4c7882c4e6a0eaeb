from django.contrib import admin

from vocabulary.models import Profession


@admin.register(Profession)
class ProfessionAdmin(admin.ModelAdmin):
    list_display = ("name_da", "name_en", "family", "code")
    list_filter = ("family",)
    search_fields = ("name_da", "name_en", "code")
