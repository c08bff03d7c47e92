from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Affiliation, MemberState, Organisation, OutboxMail, Person, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "preferred_language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


admin.site.register(MemberState, search_fields=["name"], list_display=["name", "country", "status", "region"])
admin.site.register(Organisation, search_fields=["name", "acronym"], list_display=["name", "acronym", "kind"])
admin.site.register(Person, search_fields=["given_name", "family_name"], list_display=["family_name", "given_name"])
admin.site.register(Affiliation, list_display=["user", "member_state", "status", "is_focal_point"])


@admin.register(OutboxMail)
class OutboxMailAdmin(admin.ModelAdmin):
    """What the outbox holds: read-only (the worker sends; an admin looks at what failed)."""

    list_display = ["pk", "subject", "created_at", "sent_at", "attempts", "last_error"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["subject"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
