"""Read-only admin: funding records change only through the services, which keep the audit
history and the workshops' funded seats and status in step."""

from django.contrib import admin

from .models import Allocation, AuditEntry, BudgetLine, Contribution, Donor, DonorContact, EarlyConfirmation, Payment


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Donor)
class DonorAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "country", "acknowledged_by_name"]
    search_fields = ["name"]


@admin.register(DonorContact)
class DonorContactAdmin(ReadOnlyAdmin):
    list_display = ["user", "donor"]


@admin.register(Contribution)
class ContributionAdmin(ReadOnlyAdmin):
    list_display = ["donor", "year", "workshop", "cost_line", "stage", "amount", "currency", "usd_amount"]
    list_filter = ["stage", "year"]
    list_select_related = ["donor", "year", "workshop"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["contribution", "received_on", "amount", "currency", "usd_amount"]
    list_select_related = ["contribution__donor", "contribution__year", "contribution__workshop"]


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnlyAdmin):
    list_display = ["workshop", "cost_line", "seats", "unit_cost", "amount"]
    list_select_related = ["workshop"]


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    list_display = ["workshop", "cost_line", "amount_usd", "allocated_on"]
    list_select_related = ["workshop"]


@admin.register(EarlyConfirmation)
class EarlyConfirmationAdmin(ReadOnlyAdmin):
    list_display = ["workshop", "confirmed_by", "confirmed_at"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "by", "action", "kind", "summary"]
    list_filter = ["kind", "action"]
    list_select_related = ["by"]
