from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from org.models import Department, DepartmentAlias, DepartmentGroup, Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "parent"]
    search_fields = ["name"]


class AliasInline(admin.TabularInline):
    model = DepartmentAlias
    extra = 1


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation", "order"]
    list_filter = ["organisation", "kind"]
    search_fields = ["name", "aliases__alias"]
    inlines = [AliasInline]


@admin.register(DepartmentGroup)
class DepartmentGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "kinds", "name_contains"]
    filter_horizontal = ["extra_members"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "role", "organisation", "is_active"]
    list_filter = ["role", "organisation", "is_active"]
    fieldsets = BaseUserAdmin.fieldsets + (
        ("创文通", {"fields": ("full_name", "organisation", "role", "departments", "must_change_password")}),
    )
    filter_horizontal = ["departments", "groups", "user_permissions"]
